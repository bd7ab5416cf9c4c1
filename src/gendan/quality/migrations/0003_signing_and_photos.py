"""The merchandiser's confirmation on the inspection report (issue 12, D4-1, D4-10).

Fresh installs get the new default chain from `core.papers.install_default_chains`
after migrate. An existing install keeps whatever chain it has, unless that chain is
still exactly the old default (质检员签字 → 工厂签字, never edited by an administrator)
and no report is waiting for signatures on it: then its steps become the new default
跟单员确认 → 质检员签字 → 工厂签字. Reports already waiting keep the old chain (their
signatures are replayed against its steps); an administrator changes it later on the
chain page once they are finished.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SLIP_TYPE = "quality.inspection"
OLD_STEPS = [("质检员签字", "qc"), ("工厂签字", "factory")]
NEW_STEPS = [("跟单员确认", "merchandiser"), ("质检员签字", "qc"), ("工厂签字", "factory")]


def _steps(chain):
    return [(step.name, step.role_code) for step in chain.steps.order_by("position")]


def add_merchandiser_step(apps, schema_editor):
    chain_model = apps.get_model("core", "ChainDefinition")
    step_model = apps.get_model("core", "ChainStep")
    document_model = apps.get_model("core", "Document")
    chain = chain_model.objects.filter(slip_type=SLIP_TYPE).first()
    if chain is None or _steps(chain) != OLD_STEPS:
        return  # a fresh install (post_migrate installs the new default) or an admin's chain
    if document_model.objects.filter(chain=chain, status="pending").exists():
        return
    chain.steps.all().delete()
    step_model.objects.bulk_create(
        step_model(chain=chain, position=position, name=name, role_code=role_code)
        for position, (name, role_code) in enumerate(NEW_STEPS, start=1)
    )


def back_to_two_steps(apps, schema_editor):
    chain_model = apps.get_model("core", "ChainDefinition")
    step_model = apps.get_model("core", "ChainStep")
    document_model = apps.get_model("core", "Document")
    chain = chain_model.objects.filter(slip_type=SLIP_TYPE).first()
    if chain is None or _steps(chain) != NEW_STEPS:
        return
    if document_model.objects.filter(chain=chain, status="pending").exists():
        return
    chain.steps.all().delete()
    step_model.objects.bulk_create(
        step_model(chain=chain, position=position, name=name, role_code=role_code)
        for position, (name, role_code) in enumerate(OLD_STEPS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0002_order_plans"),
        ("core", "0011_papers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="switchingchange",
            name="by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddField(
            model_name="switchingchange",
            name="note",
            field=models.TextField(blank=True, verbose_name="reason given"),
        ),
        migrations.RunPython(add_merchandiser_step, back_to_two_steps),
    ]
