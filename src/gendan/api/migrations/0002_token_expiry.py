from datetime import timedelta

from django.db import migrations, models


def expire_in_a_year(apps, schema_editor):
    """Tokens made before expiry existed get a year from their creation."""
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + timedelta(days=365)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_in_a_year, migrations.RunPython.noop),
    ]
