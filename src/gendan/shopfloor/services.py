"""Every write of the shop floor: plain functions taking the acting user, one transaction
each, an audit row inside, a DomainError naming the field or line on refusal (and then
nothing is changed).

- `start_lot`: the statistician or workshop director starts a lot of an item, following
  its process sheet (D1-4.2, D1-6); its parts enter the first operation in the ledger.
- `write_transfer`: the clerk writes a transfer slip, submits it and signs its first step
  (D1-3.2); refused for a skipped operation (D1-4.2), more than is there (D1-5.4), two
  items of one confusion group on one slip or too soon after another (D1-3.3).
- `sign_transfer`: the next signer signs with the data of their step — the inspector's
  passed / rework / scrap, the operator's quantity handed over with an explanation of any
  difference, the receiver's quantity received and place (D1-3.2, D1-5.1, D1-5.4) — and
  the statistician registers it, which posts it (`shopfloor.posting`).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.catalog.models import Item
from gendan.core import audit, chains, numbering, papers, policies
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import ChainStep, Document
from gendan.core.parsing import parse_quantity
from gendan.core.roles import directory
from gendan.core.scopes import Scope
from gendan.shopfloor import places, warehouse_slips
from gendan.shopfloor.models import Lot, LotStep, TransferLine, TransferSlip
from gendan.shopfloor.papers import LOT_TYPE, TRANSFER_SLIP_TYPE
from gendan.shopfloor.policies import CONFUSABLE_INTERVAL_MINUTES
from gendan.stock import ledger
from gendan.stock.models import Batch
from gendan.stock.slips.models import SlipKind, SlipLine

Destination = TransferSlip.Destination
Source = TransferLine.Source
Reason = TransferLine.Reason
RECEIVER_ROLES = ("team_leader", "workshop_director")


class ConfusableParts(DomainError):
    """D1-3.3: easily confused parts travel in separate batches at separate times."""

    status_code = 409


# ---------------------------------------------------------------- roles
def _require_role(actor, role_codes, scope_key, what):
    if actor.is_superuser:
        return
    today = timezone.localdate()
    if any(directory().authorities(actor, code, scope_key, today) for code in role_codes):
        return
    raise PermissionDenied(
        _("Only a %(roles)s of %(scope)s may %(what)s.")
        % {
            "roles": " / ".join(directory().role_name(code) for code in role_codes),
            "scope": Scope.parse(scope_key).name,
            "what": what,
        }
    )


def _quantity(value, item, field, label):
    return parse_quantity(value, unit=item.unit, field=field, label=label)


def _count(value, item, field, label):
    """A signed count: zero allowed."""
    return parse_quantity(value, unit=item.unit, field=field, label=label, allow_zero=True)


# ---------------------------------------------------------------- lots
def start_lot(*, actor, item, quantity, order=None, origin=None):
    """Start a lot (流转卡) of `quantity` × `item`, for `order` or for stock, following the
    item's process sheet; its parts are at the first operation (D1-4.2, D1-6)."""
    steps = list(item.process_sheet.steps.select_related("workshop")) if _has_sheet(item) else []
    if not steps:
        raise DomainError(
            _("%(item)s has no process sheet; a lot follows its item's process sheet.")
            % {"item": item},
            field="item",
        )
    quantity = _quantity(quantity, item, "quantity", _("Quantity"))
    workshop = steps[0].workshop
    _require_role(
        actor, ("statistician", "workshop_director"), workshop.scope_key, _("start a lot")
    )
    with transaction.atomic():
        book = papers.book_for(LOT_TYPE, Scope.workshop(workshop), actor=actor)
        document = numbering.open_document(
            actor=actor,
            book=book,
            title=f"{item.code} {item.name} × {quantity.normalize():f}",
            is_signed=False,
            origin=origin,
        )
        lot = Lot.objects.create(
            document=document,
            item=item,
            batch=Batch.objects.create(item=item, number=document.number),
            quantity=quantity,
            order=order,
            workshop=workshop,
            started_by=actor,
            started_at=timezone.now(),
        )
        LotStep.objects.bulk_create(
            LotStep(
                lot=lot,
                sequence=step.sequence,
                name=step.name,
                workshop=step.workshop,
                location=places.operation_place(step.workshop, step.name),
                is_outside=getattr(step, "is_outside", False),
                is_skippable=getattr(step, "is_skippable", False),
            )
            for step in steps
        )
        first = lot.steps.order_by("sequence").first()
        ledger.post_moves(
            actor=actor,
            moves=[
                ledger.Move(
                    item=item,
                    quantity=quantity,
                    from_location=places.start_place(workshop),
                    to_location=first.location,
                    batch=lot.batch,
                )
            ],
            document=document,
            order=order,
        )
        audit.record(
            actor=actor,
            action="shopfloor.lot.start",
            obj=lot,
            after={"item": item.code, "quantity": str(quantity), "steps": len(steps)},
            origin=origin,
        )
    return lot


def _has_sheet(item):
    try:
        return item.process_sheet is not None
    except item._meta.get_field("process_sheet").related_model.DoesNotExist:
        return False


# ---------------------------------------------------------------- writing a transfer
def write_transfer(
    *,
    actor,
    destination,
    lines,
    warehouse=None,
    outsourcer=None,
    waiting_reason="",
    origin=None,
):
    """The clerk writes a transfer slip, submits it and signs its first step (D1-3.2).

    `lines`: [{"lot": Lot, "quantity": …, "from_step": sequence, "source": Source}];
    `from_step` is the operation the parts are at (or last went through), and defaults
    to the lot's operation that holds parts."""
    if destination not in Destination.values:
        raise DomainError(
            _("Choose where the parts go: %(choices)s.")
            % {"choices": "、".join(str(label) for label in Destination.labels)},
            field="destination",
        )
    if not lines:
        raise DomainError(_("A transfer slip needs at least one line."), field="lines")
    _require_destination_party(destination, warehouse, outsourcer)
    if destination == Destination.OUTSIDE:  # the outsourcing issue slip's warehouse
        warehouse = warehouse_slips.warehouse_for_outside(lines[0]["lot"].item, warehouse)
    routes = _routes_of(line["lot"] for line in lines)
    cleaned = [
        _clean_line(index, line, destination, outsourcer, routes.get(line["lot"].pk, {}))
        for index, line in enumerate(lines, start=1)
    ]
    workshop, to_workshop = _workshops(cleaned, destination)
    _require_steel_issue(cleaned)
    _refuse_confusables(cleaned, destination, to_workshop, warehouse, outsourcer)
    scope_key = workshop.scope_key
    _require_role(actor, ("clerk",), scope_key, _("write a transfer slip"))
    co_scope = (Scope.warehouse(warehouse).key if destination == Destination.WAREHOUSE else "") or (
        to_workshop.scope_key if to_workshop and to_workshop != workshop else ""
    )
    with transaction.atomic():
        book = papers.book_for(TRANSFER_SLIP_TYPE, Scope.workshop(workshop), actor=actor)
        document = numbering.open_document(
            actor=actor,
            book=book,
            title=_title(cleaned, destination, to_workshop, warehouse, outsourcer),
            scope_key=scope_key,
            co_scope_key=co_scope,
            origin=origin,
        )
        slip = TransferSlip.objects.create(
            document=document,
            workshop=workshop,
            to_workshop=to_workshop,
            destination=destination,
            warehouse=warehouse
            if destination in (Destination.WAREHOUSE, Destination.OUTSIDE)
            else None,
            outsourcer=outsourcer,
            waiting_reason=(waiting_reason or "").strip()[:200],
        )
        TransferLine.objects.bulk_create(
            TransferLine(slip=slip, position=index, **line)
            for index, line in enumerate(cleaned, start=1)
        )
        audit.record(
            actor=actor,
            action="shopfloor.transfer.write",
            obj=slip,
            after={"lines": [_line_state(line) for line in cleaned], "to": destination},
            origin=origin,
        )
        chains.submit(actor=actor, document=document, origin=origin)
        chains.sign(actor=actor, document=document, note=_("Counted"), origin=origin)
    return TransferSlip.objects.select_related("document").get(pk=slip.pk)


def _require_steel_issue(cleaned):
    """D1-3.1: after steel is cut, a lot's first transfer waits for the posted steel issue
    slip (钢材出库单) that names its part, for the lot's workshop."""
    lots = [line["lot"] for line in cleaned]
    cut_from_steel = set(
        Item.objects.filter(
            pk__in={lot.item_id for lot in lots},
            bom_lines__component__kind=Item.Kind.RAW_MATERIAL,
        ).values_list("pk", flat=True)
    )
    moved_before = set(
        TransferLine.objects.filter(
            lot__in=[lot for lot in lots if lot.item_id in cut_from_steel]
        ).values_list("lot_id", flat=True)
    )
    for index, line in enumerate(cleaned, start=1):
        lot = line["lot"]
        if lot.item_id not in cut_from_steel or lot.pk in moved_before:
            continue
        issued = SlipLine.objects.filter(
            slip__kind=SlipKind.STEEL_ISSUE,
            slip__workshop=lot.workshop,
            slip__document__status=Document.Status.POSTED,
            part_name=lot.item.name,
        )
        if not issued.exists():
            raise DomainError(
                _(
                    "Line %(line)s: %(item)s is cut from steel; the first transfer of lot "
                    "%(lot)s needs a posted steel issue slip naming %(item)s for %(workshop)s "
                    "(D1-3.1)."
                )
                % {
                    "line": index,
                    "item": lot.item.name,
                    "lot": lot,
                    "workshop": lot.workshop.name,
                },
                field=f"lines[{index}].lot",
            )


def _require_destination_party(destination, warehouse, outsourcer):
    if destination == Destination.WAREHOUSE and warehouse is None:
        raise DomainError(_("Name the warehouse the parts go into."), field="warehouse")
    if destination == Destination.OUTSIDE and outsourcer is None:
        raise DomainError(_("Name the outsourcer the parts go to."), field="outsourcer")


def _routes_of(lots):
    """{lot id: {sequence: LotStep}} for every lot of a slip, in one query."""
    routes = {}
    found = LotStep.objects.filter(lot__in={lot.pk for lot in lots})
    for step in found.select_related("workshop", "location").order_by("lot_id", "sequence"):
        routes.setdefault(step.lot_id, {})[step.sequence] = step
    return routes


def _clean_line(index, line, destination, outsourcer, steps):
    lot = line["lot"]
    label = _("Line %(line)s") % {"line": index}
    field = f"lines[{index}]"
    source = line.get("source") or Source.OPERATION
    if source not in Source.values:
        raise DomainError(
            _("%(label)s: unknown source.") % {"label": label}, field=f"{field}.source"
        )
    if source == Source.OUTSIDE:
        raise DomainError(
            _(
                "%(label)s: parts come back from an outsourcer on the outsourcer's receipt "
                "(外购外协入库单, D1-3.8), written by the storekeeper; they then continue at "
                "the next operation by themselves."
            )
            % {"label": label},
            field=f"{field}.source",
        )
    from_step = _from_step(lot, steps, line.get("from_step"), label, field)
    quantity = _quantity(
        line.get("quantity"),
        lot.item,
        f"{field}.quantity",
        _("%(label)s: quantity") % {"label": label},
    )
    to_step = _to_step(lot, steps, from_step, line.get("to_step"), destination, label, field)
    _check_route(lot, from_step, to_step, source, destination, label, field)
    from_location = source_location(from_step, to_step, source, outsourcer)
    on_hand = ledger.balance(lot.item, from_location, lot.batch)
    if quantity > on_hand:
        raise DomainError(
            _(
                "%(label)s: lot %(lot)s has %(on_hand)s at %(place)s, not %(quantity)s; count "
                "again (D1-1.3)."
            )
            % {
                "label": label,
                "lot": lot,
                "on_hand": _figure(on_hand),
                "place": from_location.name,
                "quantity": _figure(quantity),
            },
            field=f"{field}.quantity",
        )
    return {
        "lot": lot,
        "from_step": from_step,
        "to_step": to_step,
        "source": source,
        "quantity": quantity,
    }


def _figure(quantity):
    return f"{Decimal(quantity).normalize():f}"


def _from_step(lot, steps, wanted, label, field):
    if wanted in (None, ""):
        holding = [s for s in steps.values() if ledger.balance(lot.item, s.location, lot.batch) > 0]
        if not holding:
            raise DomainError(
                _("%(label)s: no parts of lot %(lot)s are at an operation; name where they are.")
                % {"label": label, "lot": lot},
                field=f"{field}.from_step",
            )
        return holding[0]
    try:
        return steps[int(wanted)]
    except (KeyError, ValueError, TypeError):
        raise DomainError(
            _("%(label)s: lot %(lot)s has no operation %(step)s; its operations are %(steps)s.")
            % {
                "label": label,
                "lot": lot,
                "step": wanted,
                "steps": "、".join(f"{s.sequence} {s.name}" for s in steps.values()),
            },
            field=f"{field}.from_step",
        ) from None


def _reachable(steps, from_step):
    """The operations a transfer from `from_step` may go to: the next one, and past it
    as long as the operations passed over may be skipped (D1-4.2). The list ends with
    None when every later operation may be skipped (the warehouse is reachable)."""
    reachable = []
    for sequence, step in sorted(steps.items()):
        if sequence <= from_step.sequence:
            continue
        reachable.append(step)
        if not step.is_skippable:
            return reachable
    return reachable + [None]


def _to_step(lot, steps, from_step, wanted, destination, label, field):
    reachable = _reachable(steps, from_step)
    if destination == Destination.WAREHOUSE:
        return None if None in reachable else reachable[0]
    if wanted in (None, ""):
        return reachable[0]
    chosen = steps.get(_int_or_none(wanted))
    if chosen is None or chosen not in reachable:
        names = "、".join(step.name for step in reachable if step is not None)
        raise DomainError(
            _(
                "%(label)s: from %(from)s lot %(lot)s goes on to %(next)s; no operation may be "
                "skipped or taken out of order (D1-4.2)."
            )
            % {"label": label, "from": from_step.name, "lot": lot, "next": names or "—"},
            field=f"{field}.to_step",
        )
    return chosen


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_route(lot, from_step, to_step, source, destination, label, field):
    """D1-4.2: the slip follows the process sheet — no operation skipped, and only a
    lot's last operation goes into the warehouse."""
    if destination == Destination.WAREHOUSE and to_step is not None:
        raise DomainError(
            _(
                "%(label)s: lot %(lot)s still has operation %(step)s after %(from)s; only "
                "parts past their last operation go into the warehouse (D1-4.2)."
            )
            % {"label": label, "lot": lot, "step": to_step.name, "from": from_step.name},
            field=f"{field}.from_step",
        )
    if destination != Destination.WAREHOUSE and to_step is None:
        raise DomainError(
            _(
                "%(label)s: %(from)s is the last operation of lot %(lot)s; transfer it into "
                "the warehouse (入库, D1-3.4)."
            )
            % {"label": label, "lot": lot, "from": from_step.name},
            field="destination",
        )
    if source == Source.WAITING and destination == Destination.WAITING:
        raise DomainError(
            _("%(label)s: the parts are already in the waiting area.") % {"label": label},
            field=f"{field}.source",
        )


def source_location(from_step, to_step, source, outsourcer=None):
    """The ledger place a line's parts are taken from."""
    if source == Source.WAITING:
        return places.waiting_area((to_step or from_step).workshop)
    if source == Source.REWORK:
        return places.rework_area(from_step.workshop)
    if source == Source.OUTSIDE:
        if outsourcer is None:
            raise DomainError(
                _("Name the outsourcer the parts come back from."), field="outsourcer"
            )
        return places.outsourcer_place(outsourcer)
    return from_step.location


def destination_location(slip, line):
    if slip.destination == Destination.WAREHOUSE:
        return places.warehouse_place(slip.warehouse)
    if slip.destination == Destination.OUTSIDE:
        return places.outsourcer_place(slip.outsourcer)
    if slip.destination == Destination.WAITING:
        return places.waiting_area(line.to_step.workshop)
    return line.to_step.location


def _workshops(cleaned, destination):
    """One book per workshop (D1-3.5) and one receiver: every line leaves one workshop
    and goes to one."""
    froms = {line["from_step"].workshop for line in cleaned}
    if len(froms) > 1:
        raise DomainError(
            _("A transfer slip leaves one workshop; these lines leave %(workshops)s.")
            % {"workshops": "、".join(sorted(w.name for w in froms))},
            field="lines",
        )
    tos = {line["to_step"].workshop for line in cleaned if line["to_step"] is not None}
    if len(tos) > 1 and destination in (Destination.OPERATION, Destination.WAITING):
        raise DomainError(
            _("A transfer slip goes to one workshop; these lines go to %(workshops)s.")
            % {"workshops": "、".join(sorted(w.name for w in tos))},
            field="lines",
        )
    return froms.pop(), (tos.pop() if len(tos) == 1 else None)


def _refuse_confusables(cleaned, destination, to_workshop, warehouse, outsourcer):
    """D1-3.3: two items of one confusion group never travel on one slip, nor to the
    same destination within the policy interval of each other."""
    items = Item.objects.select_related("confusion_group").in_bulk(
        {line["lot"].item_id for line in cleaned}
    )
    by_group = {}
    for item in items.values():
        if item.confusion_group_id:
            by_group.setdefault(item.confusion_group_id, {})[item.pk] = item
    for items in by_group.values():
        if len(items) > 1:
            names = "、".join(f"{i.name} {i.code}" for i in items.values())
            group = next(iter(items.values())).confusion_group
            raise ConfusableParts(
                _(
                    "%(items)s are easily confused (%(group)s): transfer them in separate "
                    "batches at separate times, never on one slip (D1-3.3)."
                )
                % {"items": names, "group": group.name},
                field="lines",
            )
    if by_group:
        _refuse_recent(by_group, destination, to_workshop, warehouse, outsourcer)


def _refuse_recent(by_group, destination, to_workshop, warehouse, outsourcer):
    minutes = policies.get(CONFUSABLE_INTERVAL_MINUTES)
    if not minutes:
        return
    since = timezone.now() - timedelta(minutes=minutes)
    recent = (
        TransferLine.objects.filter(
            lot__item__confusion_group_id__in=list(by_group),
            slip__destination=destination,
            slip__to_workshop=to_workshop,
            **(
                {"slip__warehouse": warehouse}
                if destination == Destination.WAREHOUSE
                else {"slip__outsourcer": outsourcer}
                if destination == Destination.OUTSIDE
                else {}
            ),
            slip__document__created_at__gte=since,
        )
        .exclude(slip__document__status=Document.Status.VOIDED)
        .select_related("lot__item", "slip__document")
    )
    for earlier in recent:
        group_items = by_group[earlier.lot.item.confusion_group_id]
        if earlier.lot.item_id in group_items and len(group_items) == 1:
            continue  # the same item again is no confusion
        raise ConfusableParts(
            _(
                "%(number)s took %(item)s to the same place at %(time)s; easily confused "
                "parts go at separate times, %(minutes)s minutes apart (D1-3.3)."
            )
            % {
                "number": earlier.slip.document.number,
                "item": earlier.lot.item.name,
                "time": timezone.localtime(earlier.slip.document.created_at).strftime("%H:%M"),
                "minutes": minutes,
            },
            field="lines",
        )


def _title(cleaned, destination, to_workshop, warehouse, outsourcer):
    first = cleaned[0]
    item = first["lot"].item
    where = {
        Destination.WAREHOUSE: lambda: _("warehouse %(name)s") % {"name": warehouse},
        Destination.OUTSIDE: lambda: str(outsourcer.name),
        Destination.WAITING: lambda: _("waiting area"),
        Destination.OPERATION: lambda: first["to_step"].name,
    }[destination]()
    more = _(" and %(count)s more") % {"count": len(cleaned) - 1} if len(cleaned) > 1 else ""
    return f"{item.name} {item.code} × {_figure(first['quantity'])}{more} → {where}"


def _line_state(line):
    return {
        "lot": line["lot"].document.number,
        "from": line["from_step"].sequence,
        "source": line["source"],
        "quantity": str(line["quantity"]),
    }


# ---------------------------------------------------------------- signing
def sign_transfer(*, actor, slip, lines=None, place="", note="", origin=None):
    """Sign the slip's next step with that step's data (D1-3.2, D1-5.1, D1-5.4).

    - inspector: every line's passed / rework / scrap, adding up to what was sent;
    - operator: every line's quantity handed over (default: the passed), and for a
      difference a reason and note — what is not explained is booked as scrap when the
      statistician registers the slip;
    - receiver (team leader or director of the next process): the place (required for an
      operation or the waiting area) and every line's quantity received (default: handed
      over); a quantity received that differs is refused unless explained;
    - statistician: registers the slip, which posts it.
    Refused (and nothing changed): a signer out of order or outside their scope."""
    by_position = {int(row.get("position", 0)): row for row in (lines or [])}
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=slip.document_id)
        if document.status != Document.Status.PENDING:
            raise InvalidTransition(
                _("%(number)s is not awaiting signatures.") % {"number": document.number}
            )
        slip = TransferSlip.objects.select_for_update(of=("self",)).get(pk=slip.pk)
        role = _current_role(document)
        slip_lines = list(slip.lines.select_related("lot__item__unit").order_by("position"))
        if role == "inspector":
            _record_quality(slip_lines, by_position)
        elif role == "operator":
            _record_handover(slip_lines, by_position)
        elif role in RECEIVER_ROLES:
            _record_receipt(slip, slip_lines, by_position, place)
        chains.sign(actor=actor, document=document, note=note, origin=origin)
    return TransferSlip.objects.select_related("document").get(pk=slip.pk)


def current_role(slip):
    document = Document.objects.get(pk=slip.document_id)
    if document.status != Document.Status.PENDING:
        return None
    return _current_role(document)


def _current_role(document):
    step = ChainStep.objects.filter(chain_id=document.chain_id, position=document.current_step)
    return step.values_list("role_code", flat=True).first()


def _row(by_position, line):
    return by_position.get(line.position, {})


def _line_label(line):
    return _("Line %(line)s (%(item)s)") % {"line": line.position, "item": line.lot.item.name}


def _record_quality(slip_lines, by_position):
    for line in slip_lines:
        row, label = _row(by_position, line), _line_label(line)
        field = f"lines[{line.position}]"
        item = line.lot.item
        passed = _count(row.get("passed", line.quantity), item, f"{field}.passed", label)
        rework = _count(row.get("rework", 0) or 0, item, f"{field}.rework", label)
        scrap = _count(row.get("scrap", 0) or 0, item, f"{field}.scrap", label)
        if passed + rework + scrap != line.quantity:
            raise DomainError(
                _(
                    "%(label)s: passed %(passed)s + rework %(rework)s + scrap %(scrap)s must "
                    "make the %(sent)s sent."
                )
                % {
                    "label": label,
                    "passed": _figure(passed),
                    "rework": _figure(rework),
                    "scrap": _figure(scrap),
                    "sent": _figure(line.quantity),
                },
                field=f"{field}.passed",
            )
        line.passed, line.rework, line.scrap = passed, rework, scrap
    TransferLine.objects.bulk_update(slip_lines, ["passed", "rework", "scrap"])


def _reason(row, key, field, label):
    reason = (row.get(key) or "").strip()
    if reason not in Reason.values:
        raise DomainError(
            _("%(label)s: choose an explanation from the list.") % {"label": label}, field=field
        )
    return reason


def _record_handover(slip_lines, by_position):
    for line in slip_lines:
        row, label = _row(by_position, line), _line_label(line)
        field = f"lines[{line.position}]"
        handed = _count(
            row.get("handed_over", line.passed), line.lot.item, f"{field}.handed_over", label
        )
        if handed > line.passed:
            raise DomainError(
                _("%(label)s: %(handed)s handed over, but only %(passed)s passed inspection.")
                % {"label": label, "handed": _figure(handed), "passed": _figure(line.passed)},
                field=f"{field}.handed_over",
            )
        reason = _reason(row, "reason", f"{field}.reason", label) if handed < line.passed else ""
        _check_reason_fits(line, reason, label, f"{field}.reason")
        line.handed_over = handed
        line.handover_reason = reason
        line.handover_note = (row.get("note") or "").strip()[:200] if handed < line.passed else ""
    TransferLine.objects.bulk_update(
        slip_lines, ["handed_over", "handover_reason", "handover_note"]
    )


def _check_reason_fits(line, reason, label, field):
    if reason == Reason.WAITING and line.to_step_id is None:
        raise DomainError(
            _("%(label)s: parts going into the warehouse have no waiting area.") % {"label": label},
            field=field,
        )


def _record_receipt(slip, slip_lines, by_position, place):
    place = (place or "").strip()
    if not place and slip.destination in (Destination.OPERATION, Destination.WAITING):
        raise DomainError(
            _("Name the place where the parts go (D1-3.2: the receiver designates it)."),
            field="place",
        )
    slip.place = place[:120]
    slip.save(update_fields=["place"])
    for line in slip_lines:
        row, label = _row(by_position, line), _line_label(line)
        field = f"lines[{line.position}]"
        received = _count(
            row.get("received", line.handed_over), line.lot.item, f"{field}.received", label
        )
        if received > line.handed_over:
            raise DomainError(
                _("%(label)s: %(received)s received, but only %(handed)s were handed over.")
                % {
                    "label": label,
                    "received": _figure(received),
                    "handed": _figure(line.handed_over),
                },
                field=f"{field}.received",
            )
        reason = ""
        if received < line.handed_over:
            reason = _reason(row, "reason", f"{field}.reason", label)
            if not reason:
                raise DomainError(
                    _(
                        "%(label)s: %(received)s received but %(handed)s handed over; explain "
                        "the difference (D1-5.4)."
                    )
                    % {
                        "label": label,
                        "received": _figure(received),
                        "handed": _figure(line.handed_over),
                    },
                    field=f"{field}.reason",
                )
            _check_reason_fits(line, reason, label, f"{field}.reason")
        line.received, line.receipt_reason = received, reason
        line.receipt_note = (row.get("note") or "").strip()[:200] if reason else ""
    TransferLine.objects.bulk_update(slip_lines, ["received", "receipt_reason", "receipt_note"])


def reject_transfer(*, actor, slip, reason, return_to_step=None, origin=None):
    chains.reject(
        actor=actor,
        document=slip.document,
        reason=reason,
        return_to_step=return_to_step,
        origin=origin,
    )
    return TransferSlip.objects.select_related("document").get(pk=slip.pk)
