"""The quality paper: the inspection report (检验报告), one book per contracted factory
and year (JY-F-YX-2026-000001). Default chain (issue 12: "the factory's and the
merchandiser's signatures"): 1 跟单员确认 — the merchandiser confirms what was found
(D4-1 "the merchandiser joins the count, confirms"; D4-10 "confirmed by the
merchandiser"), 2 质检员签字 — QC signs (D4-4, D4-11), 3 工厂签字 — the factory signs
(D4-4, D4-7, D4-11: "report signed by the factory"). Posting — the factory's signature —
moves the switching state and publishes inspection.passed / inspection.failed."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_SUPPLIER, Chain, PaperType, Step, declare
from gendan.quality.services import INSPECTION_SLIP_TYPE, post_inspection


def _content(document):
    from gendan.quality.models import Inspection

    return (
        Inspection.objects.select_related("order", "factory", "item")
        .prefetch_related("defects")
        .filter(document=document)
        .first()
    )


def _summaries(documents):
    from gendan.quality.models import Inspection

    rows = Inspection.objects.filter(document__in=documents).select_related("order", "factory")
    return {
        row.document_id: f"{row.order.number} {row.factory.name} {row.get_stage_display()} "
        f"{row.get_verdict_display()}"
        for row in rows
    }


def _page_url(record):
    from django.urls import reverse

    return reverse("quality:inspection-detail", args=[record.pk])


def _content_data(record, *, user):
    return {
        "inspection_id": record.pk,
        "order": record.order.number,
        "factory": record.factory.name,
        "stage": record.stage,
        "lot_size": record.lot_size,
        "sample_size": record.sample_size,
        "verdict": record.verdict,
        "plan": record.plan,
    }


INSPECTION_REPORT = declare(
    PaperType(
        code=INSPECTION_SLIP_TYPE,
        name=_("inspection report"),
        prefix="JY",
        book_rule=PER_SUPPLIER,
        chain=Chain(
            name="外协工厂检验报告",
            steps=(
                Step(name="跟单员确认", role_code="merchandiser"),
                Step(name="质检员签字", role_code="qc"),
                Step(name="工厂签字", role_code="factory"),
            ),
        ),
        posting=post_inspection,
        writer_roles=("qc", "merchandiser"),
        readers=("merchandiser", "sales_manager", "marketing"),
        publishes=(events.DocumentPosted, events.InspectionPassed, events.InspectionFailed),
        detail_template="quality/paper/_inspection.html",
        content=_content,
        summaries=_summaries,
        page_url=_page_url,
        content_data=_content_data,
    )
)
