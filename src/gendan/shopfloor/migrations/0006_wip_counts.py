from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0005_daily_archive"),
    ]

    operations = []
