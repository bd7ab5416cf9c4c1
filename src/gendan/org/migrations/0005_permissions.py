from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("org","0004_master_data")]

    operations = []
