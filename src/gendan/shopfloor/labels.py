"""标识卡 (D1-1.4, D1-4.5) in bulk: A4 sheets of 100 × 70 mm labels (2 × 4 a page, with
cut lines) for a selection of lots, and one label per container (周转箱) of a lot — the
lot's quantity split over N containers, each label saying "box 2 of 5, quantity 40" with
the lot's QR code (it opens the lot).

A label shows the item, spec, grade, lot, quantity, the operation its parts are at and the
next one, and the order. A fixed number of queries for any number of lots.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import segno
from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.shopfloor import queries

PER_PAGE = 8  # 2 columns × 4 rows of 100 × 70 mm on A4
MAX_LABELS = 400
MAX_CONTAINERS = 200


@dataclass
class Label:
    lot: object
    quantity: Decimal
    current: object  # the LotStep its parts are at, or None
    next_step: object
    qr: str
    container: int | None = None  # "box 2 of 5"
    containers: int | None = None


def labels_for(request, lots):
    """One label per lot, with where its parts are now (quantity at its current
    operation; the quantity started when none is at an operation)."""
    lots = list(lots)
    found = queries.quantities(lots)
    return [_label(request, lot, found[lot.pk]) for lot in lots]


def _label(request, lot, quantities):
    steps = list(lot.steps.all())
    holding = [step for step in steps if quantities.get(step.name)]
    current = holding[0] if holding else None
    later = [step for step in steps if current and step.sequence > current.sequence]
    url = request.build_absolute_uri(reverse("shopfloor:lot-detail", args=[lot.pk]))
    return Label(
        lot=lot,
        quantity=quantities[current.name] if current else lot.quantity,
        current=current,
        next_step=later[0] if later else None,
        qr=segno.make(url, error="m").svg_inline(scale=2, omitsize=True),
    )


def split(quantity, containers, decimals):
    """`quantity` over `containers` as evenly as the unit allows (its `decimals`): the
    first ones carry the remainder. The parts add up to `quantity`."""
    if containers < 1 or containers > MAX_CONTAINERS:
        raise DomainError(
            _("Choose between 1 and %(max)s containers.") % {"max": MAX_CONTAINERS},
            field="containers",
        )
    step = Decimal(1).scaleb(-decimals)
    share = (quantity / containers).quantize(step, rounding=ROUND_DOWN)
    if share <= 0:
        raise DomainError(
            _("%(quantity)s cannot be split over %(containers)s containers.")
            % {"quantity": f"{quantity.normalize():f}", "containers": containers},
            field="containers",
        )
    extra = int((quantity - share * containers) / step)  # units left over
    return [share + (step if index < extra else 0) for index in range(containers)]


def by_capacity(quantity, capacity):
    """Full containers of `capacity` and one with the rest."""
    if capacity <= 0:
        raise DomainError(_("A container holds more than nothing."), field="per_container")
    full, rest = divmod(quantity, capacity)
    parts = [capacity] * int(full) + ([rest] if rest else [])
    if len(parts) > MAX_CONTAINERS:
        raise DomainError(
            _("Choose between 1 and %(max)s containers.") % {"max": MAX_CONTAINERS},
            field="per_container",
        )
    return parts


def container_labels(label, quantities):
    """The lot's label once per container, each with its share."""
    count = len(quantities)
    return [
        Label(
            lot=label.lot,
            quantity=quantity,
            current=label.current,
            next_step=label.next_step,
            qr=label.qr,
            container=index,
            containers=count,
        )
        for index, quantity in enumerate(quantities, start=1)
    ]


def pages(labels):
    """The labels in A4 pages of PER_PAGE."""
    return [labels[start : start + PER_PAGE] for start in range(0, len(labels), PER_PAGE)]
