from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0002_receipts_and_outsourcing"),
    ]

    operations = []
