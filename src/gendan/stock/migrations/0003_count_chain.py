"""Data: the signature chain of stock counts (D1-1.5): counted by the storekeeper,
approved by the chief storekeeper. An administrator may edit it later."""

from django.db import migrations

SLIP_TYPE = "stock.count"
STEPS = [
    {"name": "保管员盘点", "role_code": "storekeeper"},
    {"name": "总保管审批", "role_code": "chief_storekeeper"},
]


def add_chain(apps, schema_editor):
    Chain = apps.get_model("core", "ChainDefinition")
    ChainStep = apps.get_model("core", "ChainStep")
    chain, created = Chain.objects.get_or_create(
        slip_type=SLIP_TYPE, defaults={"name": "盘点单"}
    )
    if created:
        for position, step in enumerate(STEPS, start=1):
            ChainStep.objects.create(chain=chain, position=position, **step)


def remove_chain(apps, schema_editor):
    Chain = apps.get_model("core", "ChainDefinition")
    Document = apps.get_model("core", "Document")
    if not Document.objects.filter(slip_type=SLIP_TYPE).exists():
        Chain.objects.filter(slip_type=SLIP_TYPE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stock", "0002_count_sheets_and_opening_imports"),
        ("core", "0003_document_chain_optional"),
    ]
    operations = [migrations.RunPython(add_chain, remove_chain)]
