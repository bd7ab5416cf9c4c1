"""The shop floor's demo: counts of work in progress (D1-1.5). Loading twice changes nothing.

陈静 the statistician opened a count of 机加车间 yesterday: 王芳 the clerk counted every
place, one part short at one operation (scrapped: 磕碰), and 赵刚 the workshop director
signed it off — the part is in 机加车间's scrap place. Today's count is open, partly
counted, waiting for 王芳."""

from datetime import timedelta

from django.utils import timezone

from gendan.core.models import Document
from gendan.shopfloor import wip_services
from gendan.shopfloor.wip_models import WipCount


def load(context):
    workshop = context.workshops.get("JJ")
    if workshop is None or WipCount.objects.exists():
        return
    statistician, clerk, director = (
        context.user(name) for name in ("chenjing", "wangfang", "zhaogang")
    )
    posted = wip_services.open_wip_count(actor=statistician, workshop=workshop)
    lines = list(posted.lines.order_by("pk"))
    if not lines:
        return
    entries = [{"line": line, "counted": line.expected} for line in lines]
    entries[0] |= {
        "counted": lines[0].expected - 1,
        "explanation": "scrap",
        "note": "磕碰报废 1 件",
    }
    wip_services.record_counts(actor=clerk, sheet=posted, entries=entries)
    posted = wip_services.sign_wip_count(actor=clerk, sheet=posted)
    wip_services.sign_wip_count(actor=director, sheet=posted, note="已复核")
    yesterday = timezone.now() - timedelta(days=1)
    WipCount.objects.filter(pk=posted.pk).update(opened_at=yesterday)
    Document.objects.filter(pk=posted.document_id).update(created_at=yesterday)
    current = wip_services.open_wip_count(actor=statistician, workshop=workshop)
    first = current.lines.order_by("pk").first()
    if first is not None:
        wip_services.record_counts(
            actor=clerk, sheet=current, entries=[{"line": first, "counted": first.expected}]
        )
