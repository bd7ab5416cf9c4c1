from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("org","0003_auditor_reads_the_audit")]

    operations = []
