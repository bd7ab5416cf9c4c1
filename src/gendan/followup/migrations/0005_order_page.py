from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("followup","0004_milestone_cancelled")]

    operations = []
