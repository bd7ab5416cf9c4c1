"""/api/v1/sales: the sales router; the same services and queries as the pages."""

from ninja import Router

router = Router(tags=["sales"])
