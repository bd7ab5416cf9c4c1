"""The audit chain's seals, append-only like the audit rows; on PostgreSQL TRUNCATE is
refused on both tables too (unless the session sets gendan.allow_truncate = 'on', which
only the test suite and the benchmarks do before flushing their own databases)."""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION gendan_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('gendan.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION gendan_refuse_truncate();
DROP TRIGGER IF EXISTS core_auditseal_append_only ON core_auditseal;
CREATE TRIGGER core_auditseal_append_only
    BEFORE UPDATE OR DELETE ON core_auditseal
    FOR EACH ROW EXECUTE FUNCTION gendan_audit_append_only();
DROP TRIGGER IF EXISTS core_auditseal_no_truncate ON core_auditseal;
CREATE TRIGGER core_auditseal_no_truncate
    BEFORE TRUNCATE ON core_auditseal
    FOR EACH STATEMENT EXECUTE FUNCTION gendan_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditseal_no_truncate ON core_auditseal;
DROP TRIGGER IF EXISTS core_auditseal_append_only ON core_auditseal;
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP FUNCTION IF EXISTS gendan_refuse_truncate();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0009_attachments")]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.PositiveBigIntegerField(unique=True)),
                ("event_id", models.BigIntegerField(unique=True)),
                ("chain", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["sequence"],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
