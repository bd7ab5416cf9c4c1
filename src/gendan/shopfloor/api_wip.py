"""/api/v1/shopfloor: counts of work in progress (D1-1.5)."""

from ninja import Router

router = Router(tags=["shopfloor"])
