"""Data: the default signature chains of the warehouse slips, from D1-3.1, D1-3.5..D1-3.8
and D1-5.2/5.3 (see gendan.stock.slips.kinds). An administrator may edit them later;
a chain that already exists is left alone."""

from django.db import migrations


def add_chains(apps, schema_editor):
    from gendan.stock.slips.kinds import seed_default_chains

    seed_default_chains(apps.get_model("core", "ChainDefinition"), apps.get_model("core", "ChainStep"))


def remove_chains(apps, schema_editor):
    from gendan.stock.slips.kinds import remove_default_chains

    remove_default_chains(apps.get_model("core", "ChainDefinition"), apps.get_model("core", "Document"))


class Migration(migrations.Migration):
    dependencies = [
        ("slips", "0001_slips_and_lines"),
    ]
    operations = [migrations.RunPython(add_chains, remove_chains)]
