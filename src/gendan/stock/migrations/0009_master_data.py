from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stock","0008_shipping")]

    operations = []
