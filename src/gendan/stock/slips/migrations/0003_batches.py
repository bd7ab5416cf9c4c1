from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("slips","0002_default_slip_chains")]

    operations = []
