"""Data: the auditor (稽核专员) reads the audit timeline of any paper — the job the role
exists for (JOURNEYS: auditor)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = ("core", "view_auditevent")


def _permission(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label=PERMISSION[0], codename=PERMISSION[1]
    ).first()


def grant(apps, schema_editor):
    role = apps.get_model("org", "Role").objects.filter(code="auditor").first()
    permission = _permission(apps)
    if role is not None and permission is not None:
        role.permissions.add(permission)


def take_back(apps, schema_editor):
    role = apps.get_model("org", "Role").objects.filter(code="auditor").first()
    permission = _permission(apps)
    if role is not None and permission is not None:
        role.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_seed_roles"),
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, take_back)]
