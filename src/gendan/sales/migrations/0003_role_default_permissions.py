"""Data: the permissions each seeded role carries by default (D2-6: who sees prices and
customers' contact data). Administrators change them on the role's admin page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from gendan.sales.role_permissions import DEFAULTS


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
