"""/api/v1/followup: the followup router; the same services and queries as the pages."""

from ninja import Router

router = Router(tags=["followup"])
