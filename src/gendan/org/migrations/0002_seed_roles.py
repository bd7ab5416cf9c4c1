"""Data: the roles named in the seed documents."""

from django.db import migrations

from gendan.org.roles import SEED_ROLES


def add_roles(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, name, name_en in SEED_ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


def remove_roles(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    Role.objects.filter(code__in=[code for code, _name, _en in SEED_ROLES], grants__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_roles, remove_roles)]
