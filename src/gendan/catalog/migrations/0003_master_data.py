from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_kind_index")]

    operations = [
        migrations.AddField(
            model_name="processstep",
            name="is_outside",
            field=models.BooleanField(default=False, verbose_name="processed outside"),
        ),
        migrations.AddField(
            model_name="processstep",
            name="is_skippable",
            field=models.BooleanField(default=False, verbose_name="may be skipped"),
        ),
    ]
