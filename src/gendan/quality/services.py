"""Every write of the quality module: recording an inspection (D4, D5-5), the factory's
signature, and the switching state (GB/T 2828.1 9.3) moved when a lot's report posts.

The sampling plan comes from the pure engine (`quality.sampling`); the severity it is
drawn at comes from the switching state of the product at that factory, and the reason
is kept on the inspection.
"""

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import attachments, audit, chains, events, numbering, papers
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.scopes import Scope
from gendan.quality import access, followup_services
from gendan.quality.labels import CLASS_LABELS
from gendan.quality.models import (
    DefectCategory,
    DefectClass,
    Inspection,
    InspectionDefect,
    InspectionMeasurement,
    Stage,
    SwitchingChange,
    SwitchingState,
    Verdict,
)
from gendan.quality.sampling import (
    DEFAULT_AQLS,
    SamplingInputError,
    accepted_one_step_tighter,
    class_plans,
    lot_verdict,
    sampling_plan,
)
from gendan.quality.sampling import switching as rules
from gendan.sales.models import FactoryOrder

INSPECTION_SLIP_TYPE = "quality.inspection"
MERCHANDISER = "merchandiser"
DEFECT_PHOTO = "defect-photo"
FINAL_PACKED_SHARE = Decimal("0.8")  # D4-11: final inspection when 80 % is packed
START_REASON = "start"
REDUCED_APPROVED = "reduced_approved"  # QC approved reduced inspection (9.3.3 c)


# ---------------------------------------------------------------- recording
def record_inspection(
    *,
    actor,
    factory_order,
    stage,
    inspected_on,
    lot_size,
    packed_quantity=None,
    level="II",
    defects=(),
    measurements=(),
    note="",
    reinspection_of=None,
    photos=None,
    origin=None,
):
    """Record an inspection at a contracted factory and hand its report to the chain:
    the merchandiser's confirmation (signed at once when the recorder is a
    merchandiser, D4-1), QC's signature, then the factory's. The sampling plan is drawn at the severity the switching rules give the
    product at that factory (9.3); the verdict is the lot's from every class (D4-11).
    A final inspection needs at least 80 % packed (D4-11). Nothing is saved when any
    field, defect row or photo is bad. `photos` maps a defect row index to uploads."""
    if not access.can_record(actor):
        raise PermissionDenied(_("Only QC or a merchandiser may record an inspection."))
    factory_order = _factory_order(factory_order)
    stage = _clean_stage(stage)
    lot_size = _clean_positive(lot_size, "lot_size", _("lot size"))
    inspected_on = inspected_on or timezone.localdate()
    cleaned_defects = [_clean_defect(i, row) for i, row in enumerate(defects, start=1)]
    cleaned_measurements = [_clean_measurement(i, r) for i, r in enumerate(measurements, start=1)]
    photos = _check_photos(photos or {}, len(cleaned_defects))
    packed = _check_packed(stage, factory_order, packed_quantity)
    item = _product_of(factory_order)
    with transaction.atomic():
        state = _state_for(item, factory_order.factory, lock=True)
        severity, reason = _severity_for(state, stage)
        plans = _plans(lot_size, level, severity)
        counts = _counts(cleaned_defects)
        verdict = lot_verdict(plans, counts)
        document = _open_report(actor, factory_order, stage, inspected_on, origin)
        inspection = Inspection.objects.create(
            document=document,
            factory_order=factory_order,
            order=factory_order.order,
            factory=factory_order.factory,
            item=item,
            stage=stage,
            inspected_on=inspected_on,
            inspector=actor,
            lot_size=lot_size,
            packed_quantity=packed,
            level=next(iter(plans.values())).level,
            severity=severity,
            severity_reason=reason,
            aql_critical=DEFAULT_AQLS["critical"],
            aql_major=DEFAULT_AQLS["major"],
            aql_minor=DEFAULT_AQLS["minor"],
            plan={name: plan.as_dict() for name, plan in plans.items()},
            sample_size=max(plan.sample_size for plan in plans.values()),
            verdict=Verdict.PASSED if verdict.is_accepted else Verdict.FAILED,
            reinspection_of=_clean_reinspection(reinspection_of, factory_order),
            note=(note or "").strip()[:4000],
        )
        _save_rows(actor, inspection, cleaned_defects, cleaned_measurements, photos, origin)
        followup_services.carry_open_problems(inspection)  # D4-6: still open → on the report
        audit.record(
            actor=actor,
            action="inspection.record",
            obj=inspection,
            origin=origin,
            after={
                "number": document.number,
                "stage": stage,
                "lot_size": lot_size,
                "severity": severity,
                "defects": counts,
                "verdict": inspection.verdict,
            },
        )
        chains.submit(actor=actor, document=document, origin=origin)
        if MERCHANDISER in {g.role_code for g in access._grants(actor)}:
            # the merchandiser who records confirms at once (step 跟单员确认, D4-1)
            chains.sign(actor=actor, document=document, origin=origin)
    return inspection


def _factory_order(factory_order):
    pk = getattr(factory_order, "pk", factory_order)
    found = FactoryOrder.objects.select_related("order", "factory").filter(pk=pk).first()
    if found is None:
        raise DomainError(_("Choose the factory order that is inspected."), field="factory_order")
    return found


def _clean_stage(stage):
    if stage not in Stage.values:
        raise DomainError(
            _("Unknown inspection step; choose one of: %(allowed)s.")
            % {"allowed": "、".join(str(label) for label in Stage.labels)},
            field="stage",
        )
    return stage


MAXIMUM_COUNT = 10**9  # lot sizes, packed pieces and defect counts stay within this
MAXIMUM_CENTIMETRES = Decimal("99999")


def _clean_positive(value, field, label, *, allow_zero=False):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    minimum = 0 if allow_zero else 1
    if number is None or not minimum <= number <= MAXIMUM_COUNT:
        raise DomainError(
            _("%(label)s must be a whole number from %(minimum)s to %(maximum)s, not “%(value)s”.")
            % {"label": label, "minimum": minimum, "maximum": MAXIMUM_COUNT, "value": value},
            field=field,
        )
    return number


def _clean_defect(index, row):
    field = f"defects[{index}]"
    defect_class = str(row.get("defect_class", "")).strip()
    if defect_class not in DefectClass.values:
        raise DomainError(
            _("Defect row %(row)s: choose the class (critical, major or minor).") % {"row": index},
            field=f"{field}.defect_class",
        )
    category = str(row.get("category", "") or DefectCategory.OTHER).strip()
    if category not in DefectCategory.values:
        raise DomainError(
            _("Defect row %(row)s: unknown category.") % {"row": index},
            field=f"{field}.category",
        )
    description = str(row.get("description", "")).strip()
    if not description:
        raise DomainError(
            _("Defect row %(row)s: describe the defect.") % {"row": index},
            field=f"{field}.description",
        )
    count = _clean_positive(row.get("count", 1), f"{field}.count", _("Defect count"))
    return {
        "defect_class": defect_class,
        "category": category,
        "description": description[:300],
        "count": count,
    }


def _decimal(value, field, label):
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) > MAXIMUM_CENTIMETRES:
        raise DomainError(
            _("%(label)s must be a number of centimetres, not “%(value)s”.")
            % {"label": label, "value": value},
            field=field,
        )
    return number.quantize(Decimal("0.01"))


def _clean_measurement(index, row):
    field = f"measurements[{index}]"
    point = str(row.get("point", "")).strip()
    if not point:
        raise DomainError(
            _("Measurement row %(row)s: name the point of measure.") % {"row": index},
            field=f"{field}.point",
        )
    return {
        "point": point[:60],
        "size": str(row.get("size", "")).strip()[:20],
        "specified": _decimal(row.get("specified"), f"{field}.specified", _("Specified value")),
        "tolerance": abs(_decimal(row.get("tolerance"), f"{field}.tolerance", _("Tolerance"))),
        "measured": _decimal(row.get("measured"), f"{field}.measured", _("Measured value")),
    }


def _check_photos(photos, defect_count):
    for index, uploads in photos.items():
        if not 1 <= index <= defect_count:
            raise DomainError(
                _("A photo belongs to defect row %(row)s, which does not exist.") % {"row": index},
                field=f"defects[{index}].photo",
            )
        for upload in uploads:
            attachments.check_file(
                upload, field=f"defects[{index}].photo", extensions=attachments.PHOTO_EXTENSIONS
            )
    return photos


def order_quantity(factory_order):
    """Pieces placed at the factory: its lines, or the whole order when it has none."""
    total = factory_order.lines.aggregate(total=Sum("quantity"))["total"]
    if total is None:
        total = factory_order.order.lines.aggregate(total=Sum("quantity"))["total"]
    return int(total or 0)


def _check_packed(stage, factory_order, packed_quantity):
    if packed_quantity in (None, ""):
        if stage == Stage.FINAL:
            raise DomainError(
                _("A final inspection needs the packed quantity (D4-11: at least 80 % packed)."),
                field="packed_quantity",
            )
        return None
    packed = _clean_positive(packed_quantity, "packed_quantity", _("Packed quantity"),
                             allow_zero=True)  # fmt: skip
    if stage == Stage.FINAL:
        ordered = order_quantity(factory_order)
        needed = (Decimal(ordered) * FINAL_PACKED_SHARE).to_integral_value(rounding="ROUND_CEILING")
        if packed < needed:
            raise DomainError(
                _(
                    "Final inspection only when at least 80 %% is packed: %(packed)s of "
                    "%(ordered)s pieces are packed, %(needed)s are needed."
                )
                % {"packed": packed, "ordered": ordered, "needed": needed},
                field="packed_quantity",
            )
    return packed


def _product_of(factory_order):
    line = factory_order.lines.select_related("order_line__item").first()
    if line is not None:
        return line.order_line.item
    order_line = factory_order.order.lines.select_related("item").order_by("position").first()
    if order_line is None:
        raise DomainError(_("The order has no lines to inspect."), field="factory_order")
    return order_line.item


def _clean_reinspection(previous, factory_order):
    if previous is None or previous == "":
        return None
    pk = getattr(previous, "pk", previous)
    found = Inspection.objects.filter(pk=pk, factory_order=factory_order).first()
    if found is None or found.verdict != Verdict.FAILED:
        raise DomainError(
            _("A re-inspection follows a failed inspection of the same factory order."),
            field="reinspection_of",
        )
    return found


def _plans(lot_size, level, severity):
    try:
        return class_plans(lot_size=lot_size, level=level, aqls=DEFAULT_AQLS, severity=severity)
    except SamplingInputError as error:
        from gendan.quality.labels import input_error_message

        raise DomainError(input_error_message(error), field=error.code) from None


def _counts(defects):
    counts = {name: 0 for name in DefectClass.values}
    for row in defects:
        counts[row["defect_class"]] += row["count"]
    return counts


def _open_report(actor, factory_order, stage, inspected_on, origin):
    paper = papers.get(INSPECTION_SLIP_TYPE)
    book = papers.book_for(paper, Scope.supplier(factory_order.factory), inspected_on, actor=actor)
    title = f"{factory_order.order.number} {Stage(stage).label}"
    return numbering.open_document(actor=actor, book=book, title=title[:200], origin=origin)


def _save_rows(actor, inspection, defects, measurements, photos, origin):
    for index, row in enumerate(defects, start=1):
        defect = InspectionDefect.objects.create(inspection=inspection, **row)
        for upload in photos.get(index, ()):
            attachments.attach(
                actor=actor, obj=defect, upload=upload, purpose=DEFECT_PHOTO,
                extensions=attachments.PHOTO_EXTENSIONS, origin=origin,
            )  # fmt: skip
    InspectionMeasurement.objects.bulk_create(
        InspectionMeasurement(inspection=inspection, **row) for row in measurements
    )


def attach_photo(*, actor, inspection, defect_id, upload, origin=None):
    """A photo for a defect of a report not yet posted (the phone camera, D4): by the
    inspector who recorded it, or by QC or a merchandiser (those who record and confirm
    inspections)."""
    if not (inspection.inspector_id == actor.pk or access.can_record(actor)):
        raise PermissionDenied(_("Only QC or a merchandiser may add photos to a report."))
    defect = inspection.defects.filter(pk=defect_id).first()
    if defect is None:
        raise NotFound()
    if inspection.document.status == inspection.document.Status.POSTED:
        raise InvalidTransition(_("The report is signed by the factory; nothing can be added."))
    return attachments.attach(actor=actor, obj=defect, upload=upload, purpose=DEFECT_PHOTO,
                              extensions=attachments.PHOTO_EXTENSIONS, origin=origin)  # fmt: skip


# ---------------------------------------------------------------- signatures
def sign_report(*, actor, inspection, note="", origin=None):
    """Sign the step the report waits for: the merchandiser confirms (跟单员确认), QC
    signs (质检员签字), the factory signs (工厂签字). The chain refuses a signer without
    the step's role, out of order or twice; nothing changes then."""
    _require_signer(actor, inspection)
    return chains.sign(actor=actor, document=inspection.document, note=note, origin=origin)


def refuse_report(*, actor, inspection, reason, origin=None):
    """Whoever's step it is does not agree: the report goes back to its inspector."""
    _require_signer(actor, inspection)
    return chains.reject(actor=actor, document=inspection.document, reason=reason, origin=origin)


def _require_signer(actor, inspection):
    if not (
        actor.is_superuser
        or access.can_record(actor)
        or inspection.factory_id in access.factory_ids(actor)
    ):
        raise NotFound()


def sign_as_factory(*, actor, inspection, note="", origin=None):
    """The contracted factory signs the report on its phone (D4-4, D4-7, D4-11): only a
    login of that factory; posting follows when the chain is complete."""
    _require_factory(actor, inspection)
    return chains.sign(actor=actor, document=inspection.document, note=note, origin=origin)


def refuse_as_factory(*, actor, inspection, reason, origin=None):
    """The factory does not agree: the report goes back to its inspector with the reason."""
    _require_factory(actor, inspection)
    return chains.reject(actor=actor, document=inspection.document, reason=reason, origin=origin)


def _require_factory(actor, inspection):
    if not (actor.is_superuser or inspection.factory_id in access.factory_ids(actor)):
        raise NotFound()


# ---------------------------------------------------------------- posting and switching
def post_inspection(*, document, actor):
    """Posting handler (core.papers): the factory signed. A lot (final or finished-goods
    inspection, not a re-inspection) moves the switching state (9.3); the result is
    published — inspection.passed completes the order's inspection milestone."""
    inspection = Inspection.objects.select_related("factory", "item").get(document=document)
    if inspection.is_lot and inspection.reinspection_of_id is None:
        _apply_switching(inspection)
    if inspection.is_passed and inspection.is_lot:
        events.publish(
            events.InspectionPassed(order_id=inspection.order_id, document_id=document.pk),
            actor=actor,
        )
    elif not inspection.is_passed:
        events.publish(
            events.InspectionFailed(order_id=inspection.order_id, document_id=document.pk),
            actor=actor,
        )


def _state_for(item, factory, *, lock=False):
    states = SwitchingState.objects.select_for_update() if lock else SwitchingState.objects
    state = states.filter(item=item, factory=factory).first()
    if state is None:
        state = SwitchingState.objects.create(item=item, factory=factory)
    return state


def _severity_for(state, stage):
    """The severity of the next lot, and why (the reason of the last change, or start)."""
    if state.severity == rules.DISCONTINUED and stage in (Stage.FINAL, Stage.FINISHED_GOODS):
        raise InvalidTransition(
            _(
                "Inspection of this product at this factory is discontinued after 5 lots were "
                "not accepted on tightened inspection (GB/T 2828.1 9.4); QC resumes it once "
                "the factory has corrected the cause."
            )
        )
    last = (
        state.changes.exclude(from_severity=rules.DISCONTINUED)
        .exclude(reason=REDUCED_APPROVED)
        .order_by("-id")
        .first()
    )
    severity = state.severity if state.severity != rules.DISCONTINUED else rules.TIGHTENED
    return severity, last.reason if last is not None else START_REASON


def _pure(state):
    return rules.SwitchingState(
        severity=state.severity,
        recent_normal=tuple(state.recent_normal),
        score=state.score,
        accepted_in_a_row=state.accepted_in_a_row,
        rejected_on_tightened=state.rejected_on_tightened,
        lots=state.lots,
    )


def _lot_result(inspection, state):
    major = inspection.plan.get("major") or next(iter(inspection.plan.values()))
    plan = sampling_plan(
        lot_size=inspection.lot_size, level=inspection.level, aql=major["aql"],
        severity=inspection.severity, standard=inspection.standard,
    )  # fmt: skip
    found = inspection.defects.filter(defect_class=DefectClass.MAJOR)
    major_count = sum(found.values_list("count", flat=True))
    return rules.LotResult(
        is_accepted=inspection.is_passed,
        ac=plan.ac,
        is_accepted_one_step_tighter=inspection.is_passed
        and accepted_one_step_tighter(plan, major_count),
        is_between_ac_and_re=plan.is_between_ac_and_re(major_count),
        is_reduced_approved=state.is_reduced_approved,
    )


def _apply_switching(inspection):
    state = _state_for(inspection.item, inspection.factory, lock=True)
    if state.severity == rules.DISCONTINUED:
        return
    before = state.severity
    after, reason = rules.apply(_pure(state), _lot_result(inspection, state))
    _store(state, after)
    SwitchingChange.objects.create(
        state=state, inspection=inspection, from_severity=before, to_severity=after.severity,
        reason=reason, score=after.score, at=timezone.now(),
    )  # fmt: skip


def _store(state, pure):
    state.severity = pure.severity
    state.recent_normal = list(pure.recent_normal)
    state.score = pure.score
    state.accepted_in_a_row = pure.accepted_in_a_row
    state.rejected_on_tightened = pure.rejected_on_tightened
    state.lots = pure.lots
    if pure.severity != rules.NORMAL:
        state.is_reduced_approved = state.is_reduced_approved and pure.severity == rules.REDUCED
    state.save()


def _require_qc(actor):
    if not (actor.is_superuser or "qc" in {g.role_code for g in access._grants(actor)}):
        raise PermissionDenied(_("Only QC, the responsible authority, may do this."))


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    return reason[:500]


def approve_reduced(*, actor, state, reason="", origin=None):
    """9.3.3 c): the responsible authority (QC) approves reduced inspection; the switch
    happens at the next lot once the score reaches 30 and production is steady. Refused
    (nothing changes) for anyone but QC, without a reason, when already approved or
    reduced, and while inspection is discontinued (9.4: resume first)."""
    _require_qc(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        state = SwitchingState.objects.select_for_update().get(pk=state.pk)
        if state.severity == rules.DISCONTINUED:
            raise InvalidTransition(
                _(
                    "Inspection is discontinued (9.4); resume it before approving reduced inspection."
                )
            )
        if state.severity == rules.REDUCED:
            raise InvalidTransition(_("Inspection is already reduced."))
        if state.is_reduced_approved:
            raise InvalidTransition(_("Reduced inspection is already approved."))
        state.is_reduced_approved = True
        state.save(update_fields=["is_reduced_approved", "updated_at"])
        SwitchingChange.objects.create(
            state=state, from_severity=state.severity, to_severity=state.severity,
            reason=REDUCED_APPROVED, score=state.score, at=timezone.now(), by=actor, note=reason,
        )  # fmt: skip
        audit.record(actor=actor, action="switching.approve_reduced", obj=state, origin=origin,
                     after={"item": state.item_id, "factory": state.factory_id,
                            "reason": reason})  # fmt: skip
    return state


def resume_inspection(*, actor, state, reason="", origin=None):
    """9.4: after the factory's corrective action, inspection resumes on tightened.
    Refused (nothing changes) for anyone but QC, without a reason (the corrective
    action), and when inspection is not discontinued."""
    _require_qc(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        state = SwitchingState.objects.select_for_update().get(pk=state.pk)
        try:
            after, code = rules.resume(_pure(state))
        except rules.IllegalSwitch:
            raise InvalidTransition(_("Inspection is not discontinued.")) from None
        before = state.severity
        _store(state, replace(after))
        SwitchingChange.objects.create(state=state, from_severity=before,
                                       to_severity=after.severity, reason=code,
                                       score=state.score, at=timezone.now(), by=actor,
                                       note=reason)  # fmt: skip
        audit.record(actor=actor, action="switching.resume", obj=state, origin=origin,
                     after={"severity": state.severity, "reason": reason})  # fmt: skip
    return state


def class_label(name):
    return CLASS_LABELS.get(name, name)
