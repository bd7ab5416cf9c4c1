"""The permission matrix (issue 9, D2-6): roles × object types × actions, each with a
reach — everywhere, in the grant's workshop or warehouse, or only one's own objects.

Every gate asks this module, never a list of its own:

    reach(user, "stock", "view")          -> Reach(everywhere, scopes, own)
    allows(user, "count", "count", scope=sheet.document.scope_keys)

`Reach` says where a user may act: `everywhere`, in the scope keys of `scopes` (the
warehouses and workshops of their grants), or on their `own` objects only (the orders
and customers they are merchandiser of, the factory orders of their own contracted
factory, the orders whose milestones they own, the papers they wrote or signed). The
gate of each object type decides what "own" means for its objects.

A role granted for one workshop or warehouse acts in that scope wherever the matrix says
"in scope"; the same role granted everywhere acts everywhere. An "everywhere" rule
ignores the grant's scope (the storekeeper of 成品库 still reads every order). A
permission an administrator adds to a role on its page (the Django permission named in
`PERMISSIONS`) adds to the matrix — granted everywhere it reaches everywhere.

`docs/permissions.md` is generated from this module: `python -m gendan permissions
--write docs/permissions.md`.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from gendan.core.roles import directory, scope_keys

# ---------------------------------------------------------------- vocabulary
EVERYWHERE = "everywhere"
IN_SCOPE = "scope"
OWN = "own"
_REACH_ORDER = {OWN: 0, IN_SCOPE: 1, EVERYWHERE: 2}

# Names for people (docs/permissions.md is written in Chinese, like the UI).
REACH_NAMES = {
    EVERYWHERE: "全部",
    IN_SCOPE: "本车间/本库",
    OWN: "仅本人的",
}

OBJECT_TYPES = {
    "order": "订单",
    "customer": "客户及沟通记录",
    "document": "单据",
    "slip": "出入库单",
    "count": "盘点单",
    "milestone": "跟单节点",
    "expense_claim": "差旅报销",
    "stock": "库存与出入库流水",
    "audit": "稽核记录",
    "master": "主数据（物料）",
    "lot": "流转卡（在制批次）",
    "transfer": "转序单",
    "inspection": "检验报告",
    "waybill": "运单与快递跟踪表",
    "tracking_error": "稽核差错",
    "retention_lead": "复购意向客户",
    "equipment": "起重运输设备与周转器具",
    "assessment": "考核记录",
    "transfer_archive": "转序日存档",
    "wip_count": "在产品盘点单",
}

ACTIONS = {
    "view": "查看",
    "create": "新建",
    "change": "修改",
    "log": "登记沟通",
    "sign": "签字",
    "reverse": "红冲",
    "void": "作废",
    "count": "录入实盘数",
    "complete": "完成节点",
    "approve": "审批",
    "export": "导出",
    "assign": "分派",
    "follow": "跟进催件",
    "answer": "答复催件",
    "audit": "稽核",
    "rule": "裁定差错",
    "inspect": "点检",
    "respond": "答复考核",
}

# What "own" means per object type, for the generated document.
OWN_MEANS = {
    "order": "本人任跟单员的订单（或其客户的订单）、本人所在外协工厂的工厂订单、本人负责某一节点的订单",
    "customer": "本人任跟单员的客户",
    "milestone": "本人任跟单员或负责某一节点的订单",
    "document": "本人填写或签过字的单据",
    "slip": "本人填写或签过字的出入库单",
    "count": "本人开的盘点单",
    "expense_claim": "本人的费用与报销单",
    "inspection": "本人所在外协工厂的检验报告",
    "lot": "本人开过或签过字的流转卡",
    "transfer": "本人填写或签过字的转序单",
    "tracking_error": "本人的稽核差错（同运单：跟单人员）",
    "retention_lead": "转给本人的复购意向（本人任跟单员的客户的）",
    "assessment": "针对本人的考核记录，及本人提出的",
    "wip_count": "本人开的在产品盘点单",
    "waybill": "分派给本人的运单（跟单人员的岗位由策略 logistics.followup_roles 指定，默认跟单员）",
}

# Seeded roles (org/roles.py); listed here so the matrix names every one of them.
ROLES = (
    "clerk",
    "merchandiser",
    "inspector",
    "workshop_director",
    "team_leader",
    "operator",
    "storekeeper",
    "chief_storekeeper",
    "statistician",
    "workshop_accountant",
    "cost_accountant",
    "material_accountant",
    "purchaser",
    "outsourcing_coordinator",
    "sales_manager",
    "order_taker",
    "logistics",
    "auditor",
    "followup_lead",
    "qc",
    "marketing",
    "factory",
)
ANY_ROLE = "*"  # a rule every person with any role holds

# ---------------------------------------------------------------- the matrix
SHOP_FLOOR = (
    "workshop_director",
    "team_leader",
    "clerk",
    "inspector",
    "statistician",
    "qc",
)
WAREHOUSE = ("storekeeper", "chief_storekeeper")
WORKSHOP_PEOPLE = (
    "workshop_director",
    "team_leader",
    "clerk",
    "inspector",
    "statistician",
    "operator",
    "workshop_accountant",
)
SALES_DESK = ("sales_manager", "merchandiser", "order_taker", "followup_lead")
ACCOUNTS = ("cost_accountant", "material_accountant")


def _rules(roles, object_type, actions, reach):
    return {(role, object_type, action): reach for role in roles for action in actions}


ORDER_READERS = (
    *SALES_DESK,
    *SHOP_FLOOR,
    *WAREHOUSE,
    *ACCOUNTS,
    "logistics",
    "purchaser",
    "auditor",
)

MATRIX = {
    # Orders (D2, D5): everyone sees their own — the orders they are merchandiser of, the
    # orders one of whose milestones they own (the statistician of 成品入库), and for the
    # contracted factory its own factory orders (D5-7). The office and the shop floor
    # read every order when granted everywhere; granted in one workshop or warehouse,
    # only their own (an order belongs to no workshop).
    **_rules((ANY_ROLE,), "order", ("view",), OWN),
    **_rules(ORDER_READERS, "order", ("view",), IN_SCOPE),
    **_rules(("sales_manager", "merchandiser", "order_taker"), "order", ("create",), EVERYWHERE),
    # D3-11: the follow-up lead and staff take an order from a follow-up call
    **_rules(("followup_lead",), "order", ("create",), EVERYWHERE),
    **_rules(("sales_manager", "merchandiser"), "order", ("change", "export"), EVERYWHERE),
    **_rules((ANY_ROLE,), "order", ("change",), OWN),
    # Customers and their communication log (D2-1, D2-6): the order desk logs calls
    **_rules((ANY_ROLE,), "customer", ("view", "log", "change"), OWN),
    **_rules((*SALES_DESK, "auditor"), "customer", ("view",), EVERYWHERE),
    **_rules(SALES_DESK, "customer", ("log",), EVERYWHERE),
    **_rules(("sales_manager", "merchandiser", "order_taker"), "customer", ("create",), EVERYWHERE),
    **_rules(("sales_manager", "merchandiser"), "customer", ("change",), EVERYWHERE),
    # Milestones follow the order; the contracted factory sees its factory orders but
    # completes no milestone of ours
    **_rules((ANY_ROLE,), "milestone", ("view", "complete"), OWN),
    **_rules(ORDER_READERS, "milestone", ("view", "complete"), IN_SCOPE),
    # Papers: the people of a paper's workshop or warehouse and, granted everywhere, the
    # roles it is for (its chain's steps, writers and readers); the auditor reads all
    **_rules((ANY_ROLE,), "document", ("view", "sign"), IN_SCOPE),
    **_rules(("auditor",), "document", ("view",), EVERYWHERE),
    # Warehouse slips (D1-3.5..3.9): reversing is the storekeeper's (or the writer role's)
    **_rules((ANY_ROLE,), "slip", ("view", "sign"), IN_SCOPE),
    **_rules(("auditor",), "slip", ("view",), EVERYWHERE),
    **_rules(WAREHOUSE, "slip", ("reverse",), IN_SCOPE),
    # Stock counts (D1-1.5): the storekeepers open and record them in their warehouse
    **_rules(WAREHOUSE, "count", ("view", "create", "count", "export"), IN_SCOPE),
    **_rules((*ACCOUNTS, "auditor"), "count", ("view", "export"), EVERYWHERE),
    **_rules(("clerk",), "count", ("view",), IN_SCOPE),
    # Stock on hand, moves, near expiry and locations: a storekeeper of one warehouse
    # and a workshop accountant see their own places
    **_rules(("storekeeper", "workshop_accountant"), "stock", ("view", "export"), IN_SCOPE),
    **_rules(
        (
            "chief_storekeeper",
            *ACCOUNTS,
            "statistician",
            "clerk",
            "workshop_director",
            "team_leader",
            "purchaser",
            "outsourcing_coordinator",
            "merchandiser",
            "followup_lead",
            "sales_manager",
            "order_taker",
            "logistics",
            "auditor",
        ),
        "stock",
        ("view", "export"),
        EVERYWHERE,
    ),
    # Trip expenses (D4-X): merchandisers claim their own; the sales manager approves
    **_rules(("merchandiser",), "expense_claim", ("view", "create"), OWN),
    **_rules(("sales_manager",), "expense_claim", ("view", "approve"), EVERYWHERE),
    **_rules(("auditor",), "expense_claim", ("view",), EVERYWHERE),
    # The audit timeline of a record
    **_rules(("auditor",), "audit", ("view",), EVERYWHERE),
    # Shop floor (D1-2, D1-3): a lot and a transfer slip are seen by the shop-floor
    # people of the workshops they pass (granted everywhere: every workshop) and by
    # whoever wrote or signed their paper; the statistician or the director starts a
    # lot, the clerk writes the transfer slip and its chain's steps sign it
    **_rules((ANY_ROLE,), "lot", ("view",), OWN),
    **_rules(WORKSHOP_PEOPLE, "lot", ("view",), IN_SCOPE),
    **_rules(("statistician", "workshop_director"), "lot", ("create",), IN_SCOPE),
    **_rules((ANY_ROLE,), "transfer", ("view",), OWN),
    **_rules(WORKSHOP_PEOPLE, "transfer", ("view",), IN_SCOPE),
    **_rules((ANY_ROLE,), "transfer", ("sign",), IN_SCOPE),
    **_rules(("clerk",), "transfer", ("create",), IN_SCOPE),
    # Inspections at the contracted factories (D4-3..D4-11, D5-5): QC and merchandisers
    # record them, the sales desk reads them, the factory reads and signs its own
    **_rules(("qc", "merchandiser"), "inspection", ("view", "create", "sign"), EVERYWHERE),
    **_rules(("sales_manager", "marketing"), "inspection", ("view",), EVERYWHERE),
    **_rules(("factory",), "inspection", ("view", "sign"), OWN),
    # The express follow-up desk (D3): the lead and logistics import the daily sheet, the
    # lead hands out and moves waybills and rules on audit errors, the follow-up staff
    # follow the waybills handed to them, logistics answers urges, the auditor reads all
    **_rules(("followup_lead", "logistics", "auditor"), "waybill", ("view",), EVERYWHERE),
    **_rules(("merchandiser",), "waybill", ("view", "follow"), OWN),
    **_rules(("followup_lead", "logistics"), "waybill", ("create", "answer"), EVERYWHERE),
    **_rules(("followup_lead",), "waybill", ("assign", "follow"), EVERYWHERE),
    **_rules(("followup_lead", "logistics", "auditor"), "tracking_error", ("view",), EVERYWHERE),
    **_rules(("merchandiser",), "tracking_error", ("view",), OWN),
    **_rules(("followup_lead", "auditor"), "tracking_error", ("audit",), EVERYWHERE),
    **_rules(("followup_lead",), "tracking_error", ("rule",), EVERYWHERE),
    # Retention leads (D3-9): forwarded to the customer's order taker, whoever they are,
    # who handles their own; the lead handles any, the auditor and sales manager read all
    **_rules((ANY_ROLE,), "retention_lead", ("view", "change", "export"), OWN),
    **_rules(("followup_lead",), "retention_lead", ("view", "change", "export"), EVERYWHERE),
    **_rules(("auditor", "sales_manager"), "retention_lead", ("view", "export"), EVERYWHERE),
    # Handling equipment (D1-1.6, D1-4.7, D1-4.8): the workshop's people see it, the clerk,
    # the team leader and the director record inspections, the director and the clerk
    # keep the register
    **_rules(WORKSHOP_PEOPLE, "equipment", ("view",), IN_SCOPE),
    **_rules(("clerk", "team_leader", "workshop_director"), "equipment", ("inspect",), IN_SCOPE),
    **_rules(("clerk", "workshop_director"), "equipment", ("create", "change"), IN_SCOPE),
    # Assessments (D1-2.1..2.3, D1-4.9): the clerk records them in the workshop, the
    # director confirms or waives them, the person assessed sees and answers their own
    **_rules((ANY_ROLE,), "assessment", ("view", "respond"), OWN),
    **_rules(
        ("clerk", "team_leader", "workshop_director", "statistician"),
        "assessment",
        ("view",),
        IN_SCOPE,
    ),
    **_rules(("clerk", "workshop_director"), "assessment", ("create",), IN_SCOPE),
    **_rules(("workshop_director",), "assessment", ("approve",), IN_SCOPE),
    **_rules(("auditor",), "assessment", ("view",), EVERYWHERE),
    # The daily archive of transfer slips (D1-4.6)
    **_rules(WORKSHOP_PEOPLE, "transfer_archive", ("view", "export"), IN_SCOPE),
    **_rules((*ACCOUNTS, "auditor"), "transfer_archive", ("view", "export"), EVERYWHERE),
    # Counts of work in progress (D1-1.5): the statistician opens them, the clerk and
    # the team leader count, the director signs off
    **_rules((ANY_ROLE,), "wip_count", ("view",), OWN),
    **_rules(WORKSHOP_PEOPLE, "wip_count", ("view", "export"), IN_SCOPE),
    **_rules(("statistician", "workshop_director"), "wip_count", ("create",), IN_SCOPE),
    **_rules(("clerk", "team_leader", "statistician"), "wip_count", ("count",), IN_SCOPE),
    **_rules((*ACCOUNTS, "auditor"), "wip_count", ("view", "export"), EVERYWHERE),
    # Master data: items (catalog)
    **_rules(
        ("merchandiser", "purchaser", "statistician"), "master", ("create", "change"), EVERYWHERE
    ),
}

# The Django permission that adds an (object type, action) to a role on its admin page.
PERMISSIONS = {
    ("order", "view"): "sales.view_order",
    ("order", "create"): "sales.add_order",
    ("order", "change"): "sales.change_order",
    ("customer", "view"): "sales.view_customer",
    ("customer", "create"): "sales.add_customer",
    ("customer", "change"): "sales.change_customer",
    ("customer", "log"): "sales.change_communication",
    ("stock", "view"): "stock.view_stockbalance",
    ("count", "view"): "stock.view_countsheet",
    ("count", "create"): "stock.add_countsheet",
    ("document", "void"): "core.void_document",
    ("audit", "view"): "core.view_auditevent",
    ("master", "create"): "catalog.add_item",
    ("master", "change"): "catalog.change_item",
}


# ---------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Reach:
    """Where a user may do one action on one object type."""

    everywhere: bool = False
    scopes: frozenset = field(default_factory=frozenset)
    own: bool = False
    roles: frozenset = field(default_factory=frozenset)  # the roles the reach comes from

    def __bool__(self):
        return self.everywhere or bool(self.scopes) or self.own

    def covers(self, scope=None, *, is_own=False):
        """Whether this reach covers an object in `scope` (a key or an iterable of
        keys) that is, or is not, the user's own."""
        if self.everywhere or (is_own and self.own):
            return True
        return bool(self.scopes & set(scope_keys(scope or ())))


EVERYWHERE_REACH = Reach(everywhere=True)
NO_REACH = Reach()


def rule(role_code, object_type, action):
    """The reach the matrix gives `role_code` (or every role), or None."""
    found = [
        MATRIX.get((role_code, object_type, action)),
        MATRIX.get((ANY_ROLE, object_type, action)),
    ]
    found = [reach for reach in found if reach]
    return max(found, key=_REACH_ORDER.get) if found else None


def _check(object_type, action):
    if object_type not in OBJECT_TYPES or action not in ACTIONS:
        raise ValueError(f"not in the permission matrix: {object_type}.{action}")


def grants_of(user):
    """The user's (role, scope) grants today, held or delegated (leavers have none)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return directory().grants_of(user, timezone.localdate())


def reach(user, object_type, action):
    """Where `user` may do `action` on `object_type`, from their grants and the matrix,
    plus any permission an administrator added to their role."""
    _check(object_type, action)
    if not getattr(user, "is_authenticated", False):
        return NO_REACH
    if user.is_superuser:
        return EVERYWHERE_REACH
    everywhere, own, scopes, roles = False, False, set(), set()
    for grant in grants_of(user):
        level = rule(grant.role_code, object_type, action)
        if level is None:
            continue
        roles.add(grant.role_code)
        if level == EVERYWHERE or (level == IN_SCOPE and not grant.scope_key):
            everywhere = True
        elif level == IN_SCOPE:
            scopes.add(grant.scope_key)
        own = True  # a wider reach includes one's own objects
    if MATRIX.get((ANY_ROLE, object_type, action)):
        own = True  # everyone's own objects, with or without a role
    permission = PERMISSIONS.get((object_type, action))
    if permission and not everywhere and user.has_perm(permission):
        everywhere = True
    return Reach(everywhere=everywhere, scopes=frozenset(scopes), own=own, roles=frozenset(roles))


def allows(user, object_type, action, scope=None, *, is_own=None):
    """Whether `user` may do `action` on `object_type`: anywhere at all when neither
    `scope` nor `is_own` is given (to show a page or a menu entry), else on one object
    in `scope` (a key or keys; none for an object of no workshop or warehouse) that is,
    or is not, their own."""
    found = reach(user, object_type, action)
    if scope is None and is_own is None:
        return bool(found)
    return found.covers(scope, is_own=bool(is_own))


def roles_with(object_type, action, levels=(EVERYWHERE, IN_SCOPE, OWN)):
    """The role codes the matrix gives this action at one of `levels` (no ANY_ROLE)."""
    return tuple(
        role for role in ROLES if (level := rule(role, object_type, action)) and level in levels
    )


def menu_shown(object_type, action="view"):
    """A `shown_to` for core.menu: the entry is shown to whoever the matrix allows."""

    def shown_to(user):
        return allows(user, object_type, action)

    return shown_to
