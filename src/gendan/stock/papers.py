"""The stock ledger's own paper: the stock count (盘点单, D1-1.5), one book per warehouse
(or workshop, for a count of a workshop's place) and per year (PD-CP-2026-000001).
Counted by the storekeeper, approved by the chief storekeeper; posting books every
variance, so an approved count may take a shortfall out of warehouse management."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events, scopes
from gendan.core.papers import EVERYWHERE, BookRule, Chain, PaperType, Step, declare
from gendan.stock.counts import COUNT_SLIP_TYPE, post_count_adjustment

STOCK_COUNT = declare(
    PaperType(
        code=COUNT_SLIP_TYPE,
        name=_("stock count"),
        prefix="PD",
        book_rule=BookRule(per=(scopes.WAREHOUSE, scopes.WORKSHOP, EVERYWHERE)),
        chain=Chain(
            name="盘点单",
            steps=(
                Step(name="保管员盘点", role_code="storekeeper"),
                Step(name="总保管审批", role_code="chief_storekeeper"),
            ),
        ),
        posting=post_count_adjustment,
        readers=("material_accountant", "cost_accountant"),
        issues_stock=True,
        publishes=(events.DocumentPosted,),
    )
)
