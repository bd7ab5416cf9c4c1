"""What a day holds for a workshop: its transfer slips registered that day, and those
written that day still in their chain, with their lines and signatures (a constant
number of queries for any number of slips). The daily archive (D1-4.6) and the
statistician's daily list (D1-1.7) read the same rows."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from gendan.core.models import Document, Signature
from gendan.core.roles import directory
from gendan.shopfloor.models import TransferLine, TransferSlip

ZERO = Decimal(0)


def day_bounds(day):
    """The local day `day` as [start, end) aware datetimes."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def slips_with_lines():
    lines = TransferLine.objects.select_related(
        "lot__document", "lot__item__unit", "from_step", "to_step"
    ).order_by("position")
    signatures = (
        Signature.objects.select_related("signer")
        .only(
            "document_id",
            "action",
            "role_code",
            "at",
            "signer__username",
            "signer__first_name",
            "signer__last_name",
        )
        .order_by("id")
    )
    return TransferSlip.objects.select_related(
        "document", "workshop", "to_workshop", "warehouse", "outsourcer"
    ).prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("document__signatures", queryset=signatures),
    )


def registered_between(workshops, start, end):
    """Slips of `workshops` registered (posted) in [start, end), in order of registration."""
    return (
        slips_with_lines()
        .filter(
            workshop__in=workshops,
            document__status=Document.Status.POSTED,
            document__posted_at__gte=start,
            document__posted_at__lt=end,
        )
        .order_by("document__posted_at", "pk")
    )


def written_in_chain(workshop, start, end):
    """Slips of `workshop` written in [start, end) and still waiting for a signature."""
    return (
        slips_with_lines()
        .filter(
            workshop=workshop,
            document__status__in=(Document.Status.DRAFT, Document.Status.PENDING),
            document__created_at__gte=start,
            document__created_at__lt=end,
        )
        .order_by("document__created_at", "pk")
    )


def scrap_of(line):
    """(explained scrap, unexplained scrap) of a line: the inspector's scrap and the
    differences explained as scrapped in processing; what was booked unexplained (D1-5.4)."""
    explained = line.scrap or ZERO
    for reason, gap in (
        (line.handover_reason, (line.passed or ZERO) - (line.handed_over or ZERO)),
        (line.receipt_reason, (line.handed_over or ZERO) - (line.received or ZERO)),
    ):
        if gap > 0 and reason == TransferLine.Reason.SCRAP:
            explained += gap
    return explained, line.unexplained_scrap or ZERO


def role_names():
    """{role code: its name} (one query)."""
    return dict(directory().roles())


def signature_text(slip, roles):
    """Who signed when, in order: "质检员 李军 11-30 09:12; …" (`roles`: role_names())."""
    parts = []
    for signature in slip.document.signatures.all():
        if signature.action != Signature.Action.SIGN:
            continue
        who = signature.signer.get_full_name() or signature.signer.username
        when = timezone.localtime(signature.at).strftime("%m-%d %H:%M")
        parts.append(f"{roles.get(signature.role_code, '')} {who} {when}")
    return "; ".join(parts)


def short_signature_text(slip):
    """The signers and times only, for the PDF's narrow column: "王芳 09:02 李军 09:12 …"."""
    parts = []
    for signature in slip.document.signatures.all():
        if signature.action == Signature.Action.SIGN:
            who = signature.signer.get_full_name() or signature.signer.username
            parts.append(f"{who} {timezone.localtime(signature.at):%H:%M}")
    return " ".join(parts)


def destination_text(slip, line):
    if line.to_step_id:
        return line.to_step.name
    return slip.get_destination_display()
