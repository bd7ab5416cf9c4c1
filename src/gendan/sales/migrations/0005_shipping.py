from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sales","0004_order_lifecycle")]

    operations = []
