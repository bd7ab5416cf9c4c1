"""Data: the stock permissions each seeded role carries by default (who may see stock,
count it and load the opening stock). Administrators change them on the role's admin
page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from gendan.stock.role_permissions import apply_defaults, remove_defaults


def grant_defaults(apps, schema_editor):
    # Permissions are normally created after migrate; create them now to attach them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    apply_defaults(apps.get_model("org", "Role"), apps.get_model("auth", "Permission"))


def take_back_defaults(apps, schema_editor):
    remove_defaults(apps.get_model("org", "Role"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_seed_roles"),
        ("stock", "0005_production_locations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant_defaults, take_back_defaults)]
