"""/api/v1/catalog: the catalog router; the same services and queries as the pages."""

from ninja import Router

router = Router(tags=["catalog"])
