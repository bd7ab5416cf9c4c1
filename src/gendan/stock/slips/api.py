"""/api/v1/slips: receipt, issue, outsourcing and return slips."""

from ninja import Router

router = Router(tags=["slips"])
