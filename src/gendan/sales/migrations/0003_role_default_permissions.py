"""Data: the permissions each seeded role carries by default (D2-6: who sees prices and
customers' contact data). Administrators change them on the role's admin page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORDER_DESK = [
    "sales.view_order", "sales.add_order", "sales.change_order", "sales.view_customer",
    "sales.add_customer", "sales.change_customer", "sales.view_prices", "sales.view_customer_contact",
    "sales.add_payment", "sales.view_payment", "sales.add_deliverynote", "sales.view_deliverynote",
    "sales.add_communication", "sales.view_communication", "catalog.view_item",
]
SEES_ORDERS = ["sales.view_order", "catalog.view_item"]
DEFAULTS = {
    "sales_manager": ORDER_DESK,
    "merchandiser": ORDER_DESK + ["catalog.add_item", "catalog.change_item"],
    "order_taker": ["sales.view_order", "sales.add_order", "sales.view_customer", "sales.add_customer",
                    "sales.view_prices", "sales.view_customer_contact", "sales.add_communication",
                    "sales.view_communication", "catalog.view_item"],
    "followup_lead": ["sales.view_order", "sales.view_customer", "sales.view_customer_contact",
                      "sales.add_communication", "sales.view_communication", "catalog.view_item"],
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


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            yield permission


def grant_defaults(apps, schema_editor):
    # Permissions are normally created after migrate; create them now to attach them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Role = apps.get_model("org", "Role")
    for code, names in DEFAULTS.items():
        role = Role.objects.filter(code=code).first()
        if role is not None:
            role.permissions.add(*_permissions(apps, names))


def remove_defaults(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, names in DEFAULTS.items():
        role = Role.objects.filter(code=code).first()
        if role is not None:
            role.permissions.remove(*_permissions(apps, names))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_seed_roles"),
        ("catalog", "0001_initial"),
        ("sales", "0002_communication_payments_deliveries_factory_orders"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant_defaults, remove_defaults)]
