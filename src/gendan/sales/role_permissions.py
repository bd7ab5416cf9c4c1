"""The permissions each seeded role carries by default (D2-6: who sees prices and
customers' contact data). Applied by a data migration; administrators change them on
the role's admin page."""

ORDER_DESK = [
    "sales.view_order",
    "sales.add_order",
    "sales.change_order",
    "sales.view_customer",
    "sales.add_customer",
    "sales.change_customer",
    "sales.view_prices",
    "sales.view_customer_contact",
    "sales.add_payment",
    "sales.view_payment",
    "sales.add_deliverynote",
    "sales.view_deliverynote",
    "sales.add_communication",
    "sales.view_communication",
    "catalog.view_item",
]
SEES_ORDERS = ["sales.view_order", "catalog.view_item"]
DEFAULTS = {
    "sales_manager": ORDER_DESK,
    "merchandiser": ORDER_DESK + ["catalog.add_item", "catalog.change_item"],
    "order_taker": [
        "sales.view_order",
        "sales.add_order",
        "sales.view_customer",
        "sales.add_customer",
        "sales.view_prices",
        "sales.view_customer_contact",
        "sales.add_communication",
        "sales.view_communication",
        "catalog.view_item",
    ],
    "followup_lead": [
        "sales.view_order",
        "sales.add_order",  # D3-11: takes an order from a follow-up call
        "sales.view_customer",
        "sales.view_customer_contact",
        "sales.add_communication",
        "sales.view_communication",
        "catalog.view_item",
    ],
    "logistics": SEES_ORDERS + ["sales.view_customer_contact", "sales.view_deliverynote"],
    "cost_accountant": SEES_ORDERS + ["sales.view_prices", "sales.view_payment"],
    "material_accountant": SEES_ORDERS + ["sales.view_prices"],
    "purchaser": SEES_ORDERS + ["catalog.add_item", "catalog.change_item"],
    "statistician": SEES_ORDERS + ["catalog.add_item", "catalog.change_item"],
    "workshop_director": SEES_ORDERS,
    "team_leader": SEES_ORDERS,
    "clerk": SEES_ORDERS,
    "inspector": SEES_ORDERS,
    "storekeeper": SEES_ORDERS,
    "chief_storekeeper": SEES_ORDERS,
    "qc": SEES_ORDERS,
    "auditor": SEES_ORDERS + ["sales.view_customer"],
}


def apply_defaults(role_model, permission_model):
    """Give each seeded role its default permissions (used by the migration and by
    tests whose database was flushed)."""
    for code, names in DEFAULTS.items():
        role = role_model.objects.filter(code=code).first()
        if role is None:
            continue
        for name in names:
            app_label, codename = name.split(".")
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                role.permissions.add(permission)
