"""/api/v1/shopfloor: lots from an order's BOM, label sheets, the process flow (D1-6, D1-1.4)."""

from ninja import Router

router = Router(tags=["shopfloor"])
