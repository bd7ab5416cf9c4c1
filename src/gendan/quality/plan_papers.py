"""Papers of the inspection plan per order: the pre-production meeting minutes
(产前会议纪要, D4-5), one book per contracted factory and year (HY-F-YX-2026-000001),
written by the merchandiser (or QC) and signed by the factory's login on its phone."""

from django.utils.translation import gettext_lazy as _

from gendan.core.papers import PER_SUPPLIER, Chain, PaperType, Step, declare
from gendan.quality import (  # noqa: F401  (the plan's policies, menu entry, event handlers)
    plan_handlers,
    plan_menus,
    plan_policies,
)

MINUTES_SLIP_TYPE = "quality.meeting_minutes"


def _content(document):
    from gendan.quality.plan_models import MeetingMinutes

    return (
        MeetingMinutes.objects.select_related(
            "plan__factory_order__order", "plan__factory_order__factory"
        )
        .filter(document=document)
        .first()
    )


def _summaries(documents):
    from gendan.quality.plan_models import MeetingMinutes

    rows = MeetingMinutes.objects.filter(document__in=documents).select_related(
        "plan__factory_order__order", "plan__factory_order__factory"
    )
    return {
        row.document_id: f"{row.plan.factory_order.order.number} "
        f"{row.plan.factory_order.factory.name} {_('pre-production meeting')} {row.held_on}"
        for row in rows
    }


def _page_url(record):
    from django.urls import reverse

    return reverse("quality:plan-minutes", args=[record.plan_id])


def _content_data(record, *, user):
    return {
        "plan_id": record.plan_id,
        "order": record.plan.factory_order.order.number,
        "factory": record.plan.factory_order.factory.name,
        "held_on": record.held_on.isoformat(),
        "attendees": record.attendees,
        "customer_requirements": record.customer_requirements,
        "critical_points": record.critical_points,
        "sample_issues": record.sample_issues,
    }


MEETING_MINUTES = declare(
    PaperType(
        code=MINUTES_SLIP_TYPE,
        name=_("pre-production meeting minutes"),
        prefix="HY",
        book_rule=PER_SUPPLIER,
        chain=Chain(name="产前会议纪要", steps=(Step(name="工厂签字", role_code="factory"),)),
        writer_roles=("merchandiser", "qc"),
        readers=("sales_manager", "marketing"),
        detail_template="quality/plan/_minutes.html",
        content=_content,
        summaries=_summaries,
        page_url=_page_url,
        content_data=_content_data,
    )
)
