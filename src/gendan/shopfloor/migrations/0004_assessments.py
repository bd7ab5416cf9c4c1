from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0003_equipment"),
    ]

    operations = []
