from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0004_assessments"),
    ]

    operations = []
