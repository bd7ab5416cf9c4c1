from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0003_signing_and_photos"),
    ]

    operations = []
