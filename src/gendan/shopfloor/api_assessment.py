"""/api/v1/shopfloor: assessments 考核, chaotic-stack refusals, placement suggestions (D1-2.x, D1-4.9)."""

from ninja import Router

router = Router(tags=["shopfloor"])
