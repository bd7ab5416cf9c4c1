from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock","0007_balance_links_checked_by_ledger")]

    operations = []
