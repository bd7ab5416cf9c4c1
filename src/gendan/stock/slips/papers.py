"""The warehouse slips as declared papers (D1-3.1, D1-3.4..D1-3.8, D1-5.2/5.3), one per
slip kind of `kinds.KINDS`: a book per workshop — or per supplier/outsourcer for a slip
that names a partner — and per year (SR-JJ-2026-000001, WG-SUP1-2026-000001; D1-3.5,
D1-3.6); the kind's default chain; posting moves the stock; an issue kind may take stock
out of warehouse management (D1-3.9)."""

from gendan.core import events
from gendan.core.papers import PER_SUPPLIER, PER_WORKSHOP, Chain, PaperType, Step, declare
from gendan.stock.slips.kinds import CHAIN_NAMES, KINDS, RECEIPT
from gendan.stock.slips.models import SlipKind
from gendan.stock.slips.posting import post_slip_stock

# The copies of a slip go to the accountants and the chief storekeeper (存根, 成本会计联,
# 材料会计联, 总保管联): they read every slip, wherever they are granted.
ACCOUNTS_AND_WAREHOUSE = (
    "material_accountant",
    "cost_accountant",
    "workshop_accountant",
    "chief_storekeeper",
)


def _paper(rules):
    published = (events.DocumentPosted,)
    if rules.direction == RECEIPT:
        published += (events.ReceiptPosted,)
    return PaperType(
        code=rules.slip_type,
        name=SlipKind(rules.kind).label,
        prefix=rules.book_prefix,
        book_rule=PER_SUPPLIER if rules.book_per_partner else PER_WORKSHOP,
        chain=Chain(
            name=CHAIN_NAMES[rules.kind],
            steps=tuple(Step(name=name, role_code=role) for name, role in rules.chain),
        ),
        posting=post_slip_stock,
        writer_roles=tuple(rules.writer_roles),
        readers=ACCOUNTS_AND_WAREHOUSE,
        issues_stock=rules.is_issue,
        publishes=published,
    )


SLIP_PAPERS = {kind: declare(_paper(rules)) for kind, rules in KINDS.items()}
