"""/api/v1/shopfloor: the daily archive and timeliness figures (D1-4.6, D1-1.1, D1-4.1, D1-1.7)."""

from ninja import Router

router = Router(tags=["shopfloor"])
