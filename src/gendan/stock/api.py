"""/api/v1/stock: the stock router; the same services and queries as the pages."""

from ninja import Router

router = Router(tags=["stock"])
