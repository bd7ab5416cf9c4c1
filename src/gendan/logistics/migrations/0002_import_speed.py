from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial")]

    operations = []
