"""Data: who keeps master data without the admin (issue 10). The statistician and the
chief storekeeper declare which items a warehouse manages; the chief storekeeper keeps
the storage places; the statistician keeps process sheets and bills of materials; the
merchandiser and the statistician add colour × size variants. Administrators change
these on the role's page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WAREHOUSE_ITEMS = [
    "stock.add_warehouseitem",
    "stock.delete_warehouseitem",
    "stock.view_warehouseitem",
]
PLACES = ["org.add_storageplace", "org.change_storageplace", "org.view_storageplace"]
DEFAULTS = {
    "statistician": WAREHOUSE_ITEMS
    + ["catalog.add_itemvariant", "catalog.add_processsheet", "catalog.add_bomline"],
    "chief_storekeeper": WAREHOUSE_ITEMS + PLACES,
    "merchandiser": ["catalog.add_itemvariant"],
}


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
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


def take_back_defaults(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, names in DEFAULTS.items():
        role = Role.objects.filter(code=code).first()
        if role is not None:
            role.permissions.remove(*_permissions(apps, names))


class Migration(migrations.Migration):
    dependencies = [
        ("stock", "0008_shipping"),
        ("org", "0002_seed_roles"),
        ("catalog", "0003_master_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant_defaults, take_back_defaults)]
