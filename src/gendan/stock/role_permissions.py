"""The stock permissions each seeded role carries by default. Applied by a data
migration; administrators change them on the role's admin page.

The pages and the API check: `stock.view_location` (locations page),
`stock.add_openingimport` (opening stock import, page and API) and
`stock.add_countsheet` (opening a stock count). The view permissions on balances and
moves are granted to the warehouse and follow-up roles that read stock on hand."""

SEES_STOCK = [
    "stock.view_location",
    "stock.view_stockbalance",
    "stock.view_stockmove",
    "stock.view_batch",
]
COUNTS = ["stock.view_countsheet", "stock.add_countsheet"]
OPENING_STOCK = ["stock.add_openingimport", "stock.view_openingimport"]
DEFAULTS = {
    # the warehouse (D1-3.5, D1-3.6): storekeepers count; the chief storekeeper approves
    # counts and loads the opening stock
    "storekeeper": SEES_STOCK + COUNTS + ["stock.view_warehouseitem"],
    "chief_storekeeper": SEES_STOCK + COUNTS + OPENING_STOCK + ["stock.view_warehouseitem"],
    # the material accountant keeps the material books the opening stock starts
    "material_accountant": SEES_STOCK + OPENING_STOCK + ["stock.view_countsheet"],
    "cost_accountant": SEES_STOCK + ["stock.view_countsheet"],
    "workshop_accountant": SEES_STOCK,
    # the shop floor: transfers in and out of the warehouse, WIP counts (D1-1.5)
    "clerk": SEES_STOCK + ["stock.view_countsheet"],
    "statistician": SEES_STOCK,
    "workshop_director": SEES_STOCK,
    "team_leader": SEES_STOCK,
    "purchaser": SEES_STOCK,
    "outsourcing_coordinator": SEES_STOCK,
    # follow-up and sales: is the order's stock there (D2-0 stock preparation, D5-3.4)
    "merchandiser": SEES_STOCK,
    "followup_lead": SEES_STOCK,
    "sales_manager": SEES_STOCK,
    "order_taker": ["stock.view_location", "stock.view_stockbalance"],
    "logistics": ["stock.view_location", "stock.view_stockbalance"],
    "auditor": SEES_STOCK + ["stock.view_countsheet", "stock.view_openingimport"],
}


def _permissions(permission_model, names):
    for name in names:
        app_label, codename = name.split(".")
        permission = permission_model.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            yield permission


def apply_defaults(role_model, permission_model):
    """Give each seeded role its default stock permissions (used by the migration and by
    tests whose database was flushed)."""
    for code, names in DEFAULTS.items():
        role = role_model.objects.filter(code=code).first()
        if role is not None:
            role.permissions.add(*_permissions(permission_model, names))


def remove_defaults(role_model, permission_model):
    """The reverse of `apply_defaults`, for unapplying the migration."""
    for code, names in DEFAULTS.items():
        role = role_model.objects.filter(code=code).first()
        if role is not None:
            role.permissions.remove(*_permissions(permission_model, names))
