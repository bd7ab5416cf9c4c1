"""Data (D3-11): the follow-up team lead (核单组长) takes an order from a follow-up call,
so the role carries `sales.add_order` by default, like the order takers."""

from django.db import migrations


def grant(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    Permission = apps.get_model("auth", "Permission")
    role = Role.objects.filter(code="followup_lead").first()
    permission = Permission.objects.filter(
        content_type__app_label="sales", codename="add_order"
    ).first()
    if role is not None and permission is not None:
        role.permissions.add(permission.pk)


def revoke(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    Permission = apps.get_model("auth", "Permission")
    role = Role.objects.filter(code="followup_lead").first()
    permission = Permission.objects.filter(
        content_type__app_label="sales", codename="add_order"
    ).first()
    if role is not None and permission is not None:
        role.permissions.remove(permission.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0005_shipping"),
        ("org", "0005_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
