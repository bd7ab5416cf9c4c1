"""/api/v1/shopfloor: cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8)."""

from ninja import Router

router = Router(tags=["shopfloor"])
