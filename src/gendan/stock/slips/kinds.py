"""What each slip kind is, as data: its slip type, who writes it, its default chain,
which way the stock moves, and its paper copies (D1-3.1, D1-3.4..D1-3.8, D1-5.3).

Scope rule (core invariant 3; a role granted in either of a document's two scopes, or
everywhere, counts): a slip that names a workshop is scoped to that workshop
(`workshop:<id>`) because most of its signers — inspector, workshop director, clerk,
team leader, statistician — hold their roles per workshop, and has its warehouse
(`warehouse:<id>`) as its second scope, so the storekeeper granted for that warehouse
signs it. A slip without a workshop (purchased receipt, outsourcing with our material)
is scoped to its warehouse only, where the signing storekeeper is granted.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gendan.stock.slips.models import SlipKind

RECEIPT, ISSUE, RETURN = "receipt", "issue", "return"


@dataclass(frozen=True)
class KindRules:
    kind: str
    slip_type: str
    direction: str  # receipt: into the warehouse; issue: out of it; return: back into it
    writer_roles: tuple
    chain: tuple  # (step name, role code)
    copies: tuple  # (term printed on the paper, caption, keeper): one page each
    book_prefix: str
    needs_workshop: bool = False
    needs_partner: bool = False
    needs_explanation: bool = False
    needs_steel_fields: bool = False
    takes_batches: bool = False

    @property
    def is_issue(self):
        return self.direction == ISSUE

    @property
    def book_per_partner(self):
        return self.needs_partner


_ISSUE_COPIES = (
    ("存根", _("Stub"), _("workshop accountant")),
    ("第二联 保管联", _("Copy 2: storekeeper"), _("storekeeper")),
    ("第三联 领料联", _("Copy 3: receiving workshop"), _("workshop")),
)
_ISSUE_CHAIN = (
    ("车间主任签字", "workshop_director"),
    ("转序员发料并确认数量", "clerk"),
    ("接收工序签收", "team_leader"),
)
_ISSUE_WRITERS = ("workshop_accountant", "workshop_director", "team_leader")
_EXPLAINED_CHAIN = (
    ("车间主任签字（说明）", "workshop_director"),
    ("保管员签收数量", "storekeeper"),
)

KINDS = {
    rules.kind: rules
    for rules in (
        KindRules(
            kind=SlipKind.PRODUCTION_RECEIPT,
            slip_type="slips.production_receipt",
            direction=RECEIPT,
            writer_roles=("statistician",),
            chain=(
                ("检查员签质量", "inspector"),
                ("车间主任签字", "workshop_director"),
                ("保管员签收数量", "storekeeper"),
            ),
            copies=(
                ("存根", _("Stub"), _("statistician")),
                ("第二联 成本会计联", _("Copy 2: cost accountant"), _("cost accountant")),
                ("第三联 总保管联", _("Copy 3: chief storekeeper"), _("chief storekeeper")),
                ("第四联 保管联", _("Copy 4: storekeeper"), _("storekeeper")),
            ),
            book_prefix="SR",
            needs_workshop=True,
        ),
        KindRules(
            kind=SlipKind.PURCHASED_RECEIPT,
            slip_type="slips.purchased_receipt",
            direction=RECEIPT,
            writer_roles=("storekeeper",),
            chain=(
                ("检查员签质量", "inspector"),
                ("保管员签收数量", "storekeeper"),
                ("采购员签字", "purchaser"),
            ),
            copies=(
                ("存根", _("Stub"), _("storekeeper")),
                ("第二联 材料会计联", _("Copy 2: material accountant"), _("material accountant")),
                ("第三联 采购联", _("Copy 3: purchaser"), _("purchaser")),
                ("第四联 总保管联", _("Copy 4: chief storekeeper"), _("chief storekeeper")),
            ),
            book_prefix="WG",
            needs_partner=True,
            takes_batches=True,
        ),
        KindRules(
            kind=SlipKind.PRODUCTION_ISSUE,
            slip_type="slips.production_issue",
            direction=ISSUE,
            writer_roles=_ISSUE_WRITERS,
            chain=_ISSUE_CHAIN,
            copies=_ISSUE_COPIES,
            book_prefix="LL",
            needs_workshop=True,
        ),
        KindRules(
            kind=SlipKind.STEEL_ISSUE,
            slip_type="slips.steel_issue",
            direction=ISSUE,
            writer_roles=_ISSUE_WRITERS,
            chain=(("车间主任签字", "workshop_director"), ("保管员签字发料", "storekeeper")),
            copies=_ISSUE_COPIES,
            book_prefix="GC",
            needs_workshop=True,
            needs_steel_fields=True,
        ),
        KindRules(
            kind=SlipKind.OUTSOURCING_ISSUE,
            slip_type="slips.outsourcing_issue",
            direction=ISSUE,
            writer_roles=("outsourcing_coordinator", "workshop_accountant", "storekeeper"),
            chain=(("外协员签字", "outsourcing_coordinator"), ("保管员发料", "storekeeper")),
            copies=_ISSUE_COPIES,
            book_prefix="WX",
            needs_partner=True,
        ),
        KindRules(
            kind=SlipKind.RETURN,
            slip_type="slips.return",
            direction=RETURN,
            writer_roles=_ISSUE_WRITERS + ("inspector",),
            chain=_EXPLAINED_CHAIN,
            copies=_ISSUE_COPIES,
            book_prefix="TK",
            needs_workshop=True,
            needs_explanation=True,
        ),
        KindRules(
            kind=SlipKind.REPLENISHMENT,
            slip_type="slips.replenishment",
            direction=ISSUE,
            writer_roles=_ISSUE_WRITERS + ("inspector",),
            chain=_ISSUE_CHAIN,
            copies=_ISSUE_COPIES,
            book_prefix="BJ",
            needs_workshop=True,
            needs_explanation=True,
        ),
        KindRules(
            kind=SlipKind.REPLACEMENT,
            slip_type="slips.replacement",
            direction=ISSUE,
            writer_roles=_ISSUE_WRITERS + ("inspector",),
            chain=_ISSUE_CHAIN,
            copies=_ISSUE_COPIES,
            book_prefix="HJ",
            needs_workshop=True,
            needs_explanation=True,
        ),
    )
}

CHAIN_NAMES = {
    SlipKind.PRODUCTION_RECEIPT: "生产入库单",
    SlipKind.PURCHASED_RECEIPT: "外购外协入库单",
    SlipKind.PRODUCTION_ISSUE: "生产出库单（领料单）",
    SlipKind.STEEL_ISSUE: "钢材出库单",
    SlipKind.OUTSOURCING_ISSUE: "带料外协出库单",
    SlipKind.RETURN: "退库单",
    SlipKind.REPLENISHMENT: "补件单",
    SlipKind.REPLACEMENT: "换件单",
}


def rules_for(kind):
    return KINDS[kind]


def kind_of_slip_type(slip_type):
    return next((r.kind for r in KINDS.values() if r.slip_type == slip_type), None)


def seed_default_chains(chain_model, step_model):
    """Create the default chain of every slip kind that has none yet; an administrator's
    edited chain is left alone. Used by the data migration; every declared paper's chain
    is also installed after each migrate (core.papers.install_defaults_after_migrate)."""
    from gendan.core import papers

    slip_papers = [papers.get(rules.slip_type) for rules in KINDS.values()]
    papers.install_default_chains(chain_model, step_model, slip_papers)


def remove_default_chains(chain_model, document_model):
    slip_types = [rules.slip_type for rules in KINDS.values()]
    used = set(
        document_model.objects.filter(slip_type__in=slip_types).values_list("slip_type", flat=True)
    )
    chain_model.objects.filter(slip_type__in=set(slip_types) - used).delete()
