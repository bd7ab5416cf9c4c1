"""Data: the four milestone templates and the expense-claim signature chain."""

from django.db import migrations

from gendan.followup.seed import CLAIM_CHAIN, TEMPLATES


def add_templates(apps, schema_editor):
    Template = apps.get_model("followup", "MilestoneTemplate")
    Step = apps.get_model("followup", "TemplateStep")
    for order_type, (name, steps) in TEMPLATES.items():
        template, created = Template.objects.get_or_create(
            order_type=order_type, defaults={"name": name}
        )
        if not created:
            continue
        Step.objects.bulk_create(
            Step(
                template=template,
                position=position,
                name=step_name,
                offset_days=offset,
                duration_days=duration,
                owner_role_code=role,
                completion_event=event,
                is_delivery=is_delivery,
            )
            for position, (step_name, offset, duration, role, event, is_delivery) in enumerate(
                steps, start=1
            )
        )


def remove_templates(apps, schema_editor):
    Template = apps.get_model("followup", "MilestoneTemplate")
    Template.objects.filter(order_type__in=list(TEMPLATES)).delete()


def add_chain(apps, schema_editor):
    Chain = apps.get_model("core", "ChainDefinition")
    ChainStep = apps.get_model("core", "ChainStep")
    chain, created = Chain.objects.get_or_create(
        slip_type=CLAIM_CHAIN["slip_type"], defaults={"name": CLAIM_CHAIN["name"]}
    )
    if created:
        for position, step in enumerate(CLAIM_CHAIN["steps"], start=1):
            ChainStep.objects.create(chain=chain, position=position, **step)


def remove_chain(apps, schema_editor):
    Chain = apps.get_model("core", "ChainDefinition")
    Document = apps.get_model("core", "Document")
    if not Document.objects.filter(slip_type=CLAIM_CHAIN["slip_type"]).exists():
        Chain.objects.filter(slip_type=CLAIM_CHAIN["slip_type"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_milestones_progress_expenses"),
        ("core", "0003_document_chain_optional"),
    ]
    operations = [
        migrations.RunPython(add_templates, remove_templates),
        migrations.RunPython(add_chain, remove_chain),
    ]
