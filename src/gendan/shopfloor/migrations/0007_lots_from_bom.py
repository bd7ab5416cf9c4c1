from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0006_wip_counts"),
    ]

    operations = []
