"""Writes of the inspection follow-ups: the packing list counted and confirmed (D4-1),
early-production problems followed until closed (D4-6), customer complaints (D4-12).

The transitions of a problem are data (`PROBLEM_MOVES`, core.transitions): open →
resolved (the factory or the merchandiser says it is fixed) → closed (QC or the
merchandiser verified it, with a note); a resolved problem not really fixed goes back
to open. Refused moves change nothing.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import attachments, audit, notify, policies, spreadsheets, tabular, transitions
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.import_errors import ImportRejected
from gendan.core.models import NotificationChannel
from gendan.core.pinyin import search_key
from gendan.quality import access
from gendan.quality.followup_models import (
    CarriedProblem,
    CustomerComplaint,
    FabricCount,
    PackingListLine,
    ProblemState,
    ProductionProblem,
)
from gendan.quality.models import DefectCategory, DefectClass, Inspection, Stage
from gendan.quality.policies import (
    DAILY_REPORT_CHANNELS,
    FABRIC_COUNT_CHANNELS,
    QC_MANAGER_CHANNEL,
)
from gendan.sales.models import FactoryOrder, Order

MERCHANDISER = "merchandiser"
PROBLEM_PHOTO = "problem-photo"
CLOSING_PHOTO = "problem-closing-photo"
COMPLAINT_PHOTO = "complaint-photo"
MAXIMUM_QUANTITY = Decimal("9999999999")
MAXIMUM_WIDTH = Decimal("99999")


# ---------------------------------------------------------------- D4-1 packing list
PACKING_COLUMNS = (
    tabular.Column("material", ("面辅料", "物料", "品名", "material"), tabular.text(120, is_required=True), is_required=True),
    tabular.Column("colour_lot", ("颜色/缸号", "颜色", "缸号", "colour/lot", "colour / lot"), tabular.text(80)),
    tabular.Column("expected_quantity", ("装箱单数量", "数量", "quantity"),
                   tabular.decimal_number(places=2, max_digits=12, is_required=True), is_required=True),
    tabular.Column("unit", ("单位", "unit"), tabular.text(10, is_required=True), is_required=True),
    tabular.Column("counted_quantity", ("实点数量", "实收数量", "counted"),
                   tabular.decimal_number(places=2, max_digits=12)),
    tabular.Column("width_specified", ("要求门幅(cm)", "要求门幅", "门幅", "width"),
                   tabular.decimal_number(places=2, max_digits=7)),
    tabular.Column("width_measured", ("实测门幅(cm)", "实测门幅", "width measured"),
                   tabular.decimal_number(places=2, max_digits=7)),
    tabular.Column("defects", ("疵点", "面料疵点", "defects"), tabular.text(300)),
)  # fmt: skip


def _fabric_inspection(inspection):
    if inspection.stage != Stage.FABRIC:
        raise InvalidTransition(
            _("Only an incoming fabric and trims inspection has a packing list (D4-1).")
        )


def _require_not_confirmed(inspection):
    if FabricCount.objects.filter(inspection=inspection).exists():
        raise InvalidTransition(
            _("The count of %(number)s is confirmed; the packing list can no longer change.")
            % {"number": inspection.document.number}
        )


def _number(value, *, row, label, maximum, is_required=False):
    text = str(value if value is not None else "").strip().replace(",", "")
    if not text:
        if is_required:
            raise DomainError(
                _("Line %(row)s: %(label)s is missing.") % {"row": row, "label": label},
                field=f"lines[{row}]",
            )
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= maximum:
        raise DomainError(
            _("Line %(row)s: %(label)s must be a number from 0 to %(maximum)s, not “%(value)s”.")
            % {"row": row, "label": label, "maximum": maximum, "value": text},
            field=f"lines[{row}]",
        )
    return number.quantize(Decimal("0.01"))


def clean_packing_line(row, position):
    """One packing list line checked; a DomainError names the line."""
    material = str(row.get("material") or "").strip()
    unit = str(row.get("unit") or "").strip()
    if not material or not unit:
        raise DomainError(
            _("Line %(row)s: give the material and its unit.") % {"row": position},
            field=f"lines[{position}]",
        )
    return {
        "position": position,
        "material": material[:120],
        "colour_lot": str(row.get("colour_lot") or "").strip()[:80],
        "expected_quantity": _number(row.get("expected_quantity"), row=position,
                                     label=_("the quantity on the packing list"),
                                     maximum=MAXIMUM_QUANTITY, is_required=True),
        "unit": unit[:10],
        "counted_quantity": _number(row.get("counted_quantity"), row=position,
                                    label=_("the quantity counted"), maximum=MAXIMUM_QUANTITY),
        "width_specified": _number(row.get("width_specified"), row=position,
                                   label=_("the width required"), maximum=MAXIMUM_WIDTH),
        "width_measured": _number(row.get("width_measured"), row=position,
                                  label=_("the width measured"), maximum=MAXIMUM_WIDTH),
        "defects": str(row.get("defects") or "").strip()[:300],
    }  # fmt: skip


def save_packing_list(*, actor, inspection, lines, origin=None):
    """Enter (or replace) the packing list of a fabric inspection (D4-1): every line is
    checked first; one bad line and nothing is saved. Refused once the count is
    confirmed."""
    if not access.can_record(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may enter the packing list."))
    _fabric_inspection(inspection)
    cleaned = [clean_packing_line(row, position) for position, row in enumerate(lines, start=1)]
    if not cleaned:
        raise DomainError(_("The packing list needs at least one line."), field="lines")
    with transaction.atomic():
        Inspection.objects.select_for_update().get(pk=inspection.pk)
        _require_not_confirmed(inspection)
        PackingListLine.objects.filter(inspection=inspection).delete()
        PackingListLine.objects.bulk_create(
            PackingListLine(inspection=inspection, **row) for row in cleaned
        )
        audit.record(actor=actor, action="inspection.packing_list", obj=inspection, origin=origin,
                     after={"lines": len(cleaned)})  # fmt: skip
    return list(inspection.packing_lines.all())


def import_packing_list(*, actor, inspection, file_bytes, filename, origin=None):
    """The packing list from an xlsx (or csv) file: all or nothing; the refusal names
    every bad row (ImportRejected) — nothing is saved then."""
    table = spreadsheets.read_table(file_bytes, filename, **spreadsheets.upload_limits())
    rows, problems = tabular.parse_rows(table, PACKING_COLUMNS)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise DomainError(_("The file has no packing list lines."), field="file")
    lines = [{key: ("" if value is None else value) for key, value in row.values.items()}
             for row in rows]  # fmt: skip
    return save_packing_list(actor=actor, inspection=inspection, lines=lines, origin=origin)


def record_count(*, actor, inspection, counts, origin=None):
    """The quantities counted, widths measured and fabric defects per line (`counts`:
    {position: {"counted_quantity", "width_measured", "defects"}}); all checked first."""
    if not access.can_record(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may record the count."))
    _fabric_inspection(inspection)
    with transaction.atomic():
        Inspection.objects.select_for_update().get(pk=inspection.pk)
        _require_not_confirmed(inspection)
        lines = {line.position: line for line in inspection.packing_lines.all()}
        changed = []
        for position, values in sorted(counts.items()):
            line = lines.get(int(position))
            if line is None:
                raise DomainError(_("Line %(row)s is not on the packing list.") % {"row": position},
                                  field=f"lines[{position}]")  # fmt: skip
            line.counted_quantity = _number(values.get("counted_quantity"), row=position,
                                            label=_("the quantity counted"),
                                            maximum=MAXIMUM_QUANTITY)  # fmt: skip
            line.width_measured = _number(
                values.get("width_measured"),
                row=position,
                label=_("the width measured"),
                maximum=MAXIMUM_WIDTH,
            )
            line.defects = str(values.get("defects") or "").strip()[:300]
            changed.append(line)
        PackingListLine.objects.bulk_update(
            changed, ["counted_quantity", "width_measured", "defects"]
        )
        audit.record(actor=actor, action="inspection.fabric_count", obj=inspection, origin=origin,
                     after={"lines": len(changed)})  # fmt: skip
    return list(inspection.packing_lines.all())


def fabric_count_channels():
    """The channels of D4-1: the policy's, else the QC manager's and the daily report's
    (which go to sales and QC)."""
    names = _names(policies.get(FABRIC_COUNT_CHANNELS))
    if not names:
        names = _names(policies.get(QC_MANAGER_CHANNEL)) + _names(
            policies.get(DAILY_REPORT_CHANNELS)
        )
    names = list(dict.fromkeys(names))
    found = {c.name: c for c in NotificationChannel.objects.filter(name__in=names, is_active=True)}
    return [found[name] for name in names if name in found]


def _names(text):
    return [name.strip() for name in str(text or "").replace("，", ",").split(",") if name.strip()]


def confirm_fabric_count(*, actor, inspection, origin=None):
    """The merchandiser confirms the count against the packing list (D4-1): every line
    counted; the QC manager and sales are told then, once. Refused (nothing sent, nothing
    kept) for anyone but a merchandiser, with a line not counted, without a channel, or
    when already confirmed."""
    if not (actor.is_superuser or MERCHANDISER in access.role_codes(actor)):
        raise PermissionDenied(_("Only the merchandiser confirms the count (D4-1)."))
    _fabric_inspection(inspection)
    channels = fabric_count_channels()
    if not channels:
        raise DomainError(
            _(
                "No notification channel is set to tell the QC manager and sales; an "
                "administrator sets it on the policies page."
            )
        )
    with transaction.atomic():
        Inspection.objects.select_for_update().get(pk=inspection.pk)
        _require_not_confirmed(inspection)
        lines = list(inspection.packing_lines.all())
        _check_counted(lines)
        subject, body = fabric_count_text(inspection, lines, actor)
        for channel in channels:
            notify.send_notification(channel=channel, subject=subject[:120], body=body, actor=actor)
        count = FabricCount.objects.create(
            inspection=inspection, confirmed_by=actor, confirmed_at=timezone.now(),
            sent_to="、".join(channel.name for channel in channels)[:300], message=body,
        )  # fmt: skip
        audit.record(actor=actor, action="inspection.fabric_confirm", obj=inspection,
                     origin=origin, after={"sent_to": count.sent_to,
                                           "shortages": sum(1 for x in lines if x.is_short)})  # fmt: skip
    return count


def _check_counted(lines):
    if not lines:
        raise DomainError(_("Enter the packing list before confirming the count."))
    missing = [str(line.position) for line in lines if not line.is_counted]
    if missing:
        raise DomainError(
            _("Count every line before confirming: line %(lines)s not counted yet.")
            % {"lines": "、".join(missing)}
        )


def fabric_count_text(inspection, lines, actor):
    order = inspection.order
    subject = _("Fabric and trims counted: %(order)s %(factory)s") % {
        "order": order.number, "factory": inspection.factory.name,
    }  # fmt: skip
    rows = []
    for line in lines:
        text = f"{line.position}. {line.material} {line.colour_lot}".strip()
        text += " " + _("packing list %(expected)s, counted %(counted)s %(unit)s") % {
            "expected": _plain(line.expected_quantity), "counted": _plain(line.counted_quantity),
            "unit": line.unit,
        }  # fmt: skip
        if line.is_short:
            text += " · " + _("short by %(shortage)s %(unit)s") % {
                "shortage": _plain(line.shortage), "unit": line.unit,
            }  # fmt: skip
        if line.is_width_short:
            text += " · " + _("width %(measured)s cm, %(required)s cm required") % {
                "measured": _plain(line.width_measured), "required": _plain(line.width_specified),
            }  # fmt: skip
        if line.defects:
            text += " · " + line.defects
        rows.append(text)
    short = sum(1 for line in lines if line.is_short)
    head = _("%(number)s, %(lines)s lines, %(short)s short; confirmed by %(name)s.") % {
        "number": inspection.document.number, "lines": len(lines), "short": short,
        "name": actor.get_full_name() or actor.username,
    }  # fmt: skip
    return subject, "\n".join([head, *rows])


def _plain(number):
    return f"{number.normalize():f}" if number is not None else "—"


# ---------------------------------------------------------------- D4-6 problems
def _may_record(actor, problem):
    return access.can_record(actor)


def _may_resolve(actor, problem):
    return access.can_record(actor) or problem.factory_id in access.factory_ids(actor)


PROBLEM_MOVES = transitions.TransitionTable(
    name="production_problem",
    states=dict(ProblemState.choices),
    actions={
        "resolve": gettext_lazy("mark as resolved"),
        "close": gettext_lazy("verify and close"),
        "reopen": gettext_lazy("reopen"),
    },
    describe=lambda problem: _("Problem “%(text)s”") % {"text": problem.description[:40]},
    field="state",
    moves=(
        transitions.Move(
            "resolve", (ProblemState.OPEN,), ProblemState.RESOLVED,
            who=transitions.Who(gettext_lazy("the factory, QC or a merchandiser"),
                                test=_may_resolve),
            reason=True,
        ),
        transitions.Move(
            "close", (ProblemState.RESOLVED,), ProblemState.CLOSED,
            who=transitions.Who(gettext_lazy("QC or a merchandiser"), test=_may_record),
            reason=True,
        ),
        transitions.Move(
            "reopen", (ProblemState.RESOLVED,), ProblemState.OPEN,
            who=transitions.Who(gettext_lazy("QC or a merchandiser"), test=_may_record),
            reason=True,
        ),
    ),
)  # fmt: skip


def _text(value, field, label, maximum):
    text = str(value or "").strip()
    if not text:
        raise DomainError(_("Give %(label)s.") % {"label": label}, field=field)
    return text[:maximum]


def open_problem(
    *, actor, factory_order, process, description, responsible, due_on, inspection=None,
    photos=(), origin=None,
):  # fmt: skip
    """A problem found in early production (D4-6) at one process, with who fixes it and
    by when (and photos from the phone camera). Nothing is kept when a field is bad."""
    if not access.can_record(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may open a problem."))
    factory_order = FactoryOrder.objects.filter(pk=getattr(factory_order, "pk", factory_order))
    factory_order = factory_order.select_related("order", "factory").first()
    if factory_order is None:
        raise DomainError(_("Choose the factory order."), field="factory_order")
    fields = {
        "process": _text(process, "process", _("the process"), 60),
        "description": _text(description, "description", _("the problem"), 500),
        "responsible": _text(responsible, "responsible", _("who is responsible"), 60),
    }
    if due_on is None:
        raise DomainError(_("Give the date it is to be fixed by."), field="due_on")
    if inspection is not None and inspection.factory_order_id != factory_order.pk:
        raise DomainError(_("The inspection is of another factory order."), field="inspection")
    for upload in photos:
        attachments.check_file(upload, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    with transaction.atomic():
        problem = ProductionProblem.objects.create(
            factory_order=factory_order, order=factory_order.order, factory=factory_order.factory,
            inspection=inspection, due_on=due_on, opened_by=actor, opened_at=timezone.now(),
            search_text=search_key(fields["process"], fields["description"],
                                   fields["responsible"], factory_order.factory.name),
            **fields,
        )  # fmt: skip
        _attach(actor, problem, photos, PROBLEM_PHOTO, origin)
        audit.record(actor=actor, action="production_problem.open", obj=problem, origin=origin,
                     after={"process": problem.process, "due_on": due_on.isoformat()})  # fmt: skip
    return problem


def _attach(actor, obj, photos, purpose, origin):
    for upload in photos:
        attachments.attach(actor=actor, obj=obj, upload=upload, purpose=purpose,
                           extensions=attachments.PHOTO_EXTENSIONS, origin=origin)  # fmt: skip


def resolve_problem(*, actor, problem, resolution, origin=None):
    """The factory (or the merchandiser) says how it was fixed: open → resolved."""
    return transitions.transition(
        actor=actor, obj=problem, action="resolve", table=PROBLEM_MOVES, reason=resolution,
        origin=origin, changes={"resolved_at": timezone.now(),
                                "resolution": (resolution or "").strip()[:2000]},
    )  # fmt: skip


def close_problem(*, actor, problem, note, photos=(), origin=None):
    """QC or the merchandiser verified the fix: resolved → closed; a note is required,
    a photo optional. A refusal keeps neither the state nor the photo."""
    for upload in photos:
        attachments.check_file(upload, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    with transaction.atomic():
        transitions.transition(
            actor=actor, obj=problem, action="close", table=PROBLEM_MOVES, reason=note,
            origin=origin, changes={"closed_at": timezone.now(), "closed_by_id": actor.pk,
                                    "close_note": (note or "").strip()[:2000]},
        )  # fmt: skip
        _attach(actor, problem, photos, CLOSING_PHOTO, origin)
    return problem


def reopen_problem(*, actor, problem, reason, origin=None):
    """A resolved problem that is not really fixed: back to open, with the reason."""
    return transitions.transition(
        actor=actor, obj=problem, action="reopen", table=PROBLEM_MOVES, reason=reason,
        origin=origin, changes={"resolved_at": None},
    )  # fmt: skip


def carry_open_problems(inspection):
    """D4-6: the problems of the factory order not closed when `inspection` is recorded
    go onto its report (the factory signs them with it)."""
    problems = ProductionProblem.objects.filter(factory_order_id=inspection.factory_order_id)
    problems = problems.exclude(state=ProblemState.CLOSED).order_by("id")
    CarriedProblem.objects.bulk_create(
        CarriedProblem(inspection=inspection, problem=problem, state_then=problem.state)
        for problem in problems
    )


# ---------------------------------------------------------------- D4-12 complaints
COMPLAINT_WRITERS = access.WRITERS  # the matrix's "inspection" create row: QC, merchandiser


def can_record_complaint(user):
    return user.is_superuser or bool(COMPLAINT_WRITERS & access.role_codes(user))


def record_complaint(
    *, actor, order, received_on, description, defect_class, category, factory_order=None,
    photos=(), origin=None,
):  # fmt: skip
    """A customer's complaint about an order's goods (D4-12): kept with its class and
    category, and traced back (inspection_trace.complaint_trace) on the order's quality
    page. Nothing is kept when a field or photo is bad."""
    if not can_record_complaint(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may record a customer complaint."))
    order = Order.objects.filter(pk=getattr(order, "pk", order)).first()
    if order is None:
        raise NotFound()
    if factory_order not in (None, ""):
        pk = getattr(factory_order, "pk", factory_order)
        factory_order = FactoryOrder.objects.filter(pk=pk, order=order).first()
        if factory_order is None:
            raise DomainError(_("The factory order is not of this order."), field="factory_order")
    else:
        factory_order = None
    if defect_class not in DefectClass.values:
        raise DomainError(_("Choose the class (critical, major or minor)."), field="defect_class")
    if category not in DefectCategory.values:
        raise DomainError(_("Choose the category."), field="category")
    if received_on is None:
        raise DomainError(_("Give the date the complaint was received."), field="received_on")
    description = _text(description, "description", _("the complaint"), 500)
    for upload in photos:
        attachments.check_file(upload, field="photo", extensions=attachments.PHOTO_EXTENSIONS)
    with transaction.atomic():
        complaint = CustomerComplaint.objects.create(
            order=order, factory_order=factory_order, received_on=received_on,
            description=description, defect_class=defect_class, category=category,
            recorded_by=actor, recorded_at=timezone.now(),
        )  # fmt: skip
        _attach(actor, complaint, photos, COMPLAINT_PHOTO, origin)
        audit.record(actor=actor, action="customer_complaint.record", obj=complaint,
                     origin=origin, after={"order": order.number, "category": category})  # fmt: skip
    return complaint
