from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0002_import_speed"),
    ]

    operations = []
