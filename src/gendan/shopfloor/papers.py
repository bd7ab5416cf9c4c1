"""The shop floor's papers.

The transfer slip (转序单, D1-3.2): one book per workshop and per year
(ZX-JJ-2026-000001). The clerk fills in product and quantity and signs, the inspector
signs for quality (passed / rework / scrap), the upstream operator signs the quantity
handed over, the receiving process signs the quantity received and names the place, and
the statistician registers it (D1-5.1). Registering posts it: the parts move in the
stock ledger (`shopfloor.posting`). The step data are written by
`shopfloor.services.sign_transfer`; the signatures are the core chain's.

The transfer slip is not a plain paper: core's title-only writer (`core.papers.
write_paper`, `POST /api/v1/papers/transfer/documents`) refuses it; it is written on
the transfer page (`/shopfloor/transfers/new/`) or `POST /api/v1/shopfloor/transfers`,
with its lines (`shopfloor.services.write_transfer`).

The production lot (流转卡): numbered per workshop and year (LZ-JJ-2026-000001), signed
by nobody.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import (
    PER_WORKSHOP,
    Chain,
    PaperType,
    Step,
    declare,
    register_related,
)
from gendan.shopfloor.posting import post_transfer


def _transfer_of(document):
    from gendan.shopfloor.models import TransferSlip

    return (
        TransferSlip.objects.filter(document=document)
        .select_related(
            "workshop", "to_workshop", "warehouse", "outsourcer", "stock_slip__document"
        )
        .prefetch_related(
            "lines__lot__document", "lines__lot__item__unit", "lines__from_step", "lines__to_step"
        )
        .first()
    )


def _transfer_page(slip):
    return reverse("shopfloor:transfer-detail", args=[slip.pk])


def _transfer_summaries(documents):
    from gendan.shopfloor.models import TransferLine

    lines = TransferLine.objects.filter(slip__document__in=documents).select_related(
        "slip", "lot__item", "from_step", "to_step"
    )
    found = {}
    for line in lines.order_by("position"):
        to = line.to_step.name if line.to_step_id else line.slip.get_destination_display()
        text = f"{line.lot.item.name} × {line.quantity.normalize():f} {line.from_step.name} → {to}"
        key = line.slip.document_id
        found[key] = f"{found[key]}；{text}" if key in found else text
    return found


def _transfer_data(slip, *, user):
    return {
        "workshop": slip.workshop.name,
        "destination": slip.destination,
        "to_workshop": slip.to_workshop.name if slip.to_workshop_id else None,
        "place": slip.place,
        "stock_slip": slip.stock_slip.document.number if slip.stock_slip_id else None,
        "lines": [
            {
                "position": line.position,
                "lot": line.lot.document.number,
                "item": str(line.lot.item),
                "from_step": line.from_step.name,
                "to_step": line.to_step.name if line.to_step_id else None,
                "quantity": str(line.quantity),
                "passed": None if line.passed is None else str(line.passed),
                "rework": None if line.rework is None else str(line.rework),
                "scrap": None if line.scrap is None else str(line.scrap),
                "handed_over": None if line.handed_over is None else str(line.handed_over),
                "received": None if line.received is None else str(line.received),
                "unexplained_scrap": str(line.unexplained_scrap),
            }
            for line in slip.lines.all()
        ],
    }


TRANSFER_SLIP_TYPE = "transfer"  # stored on books and documents: never rename
LOT_TYPE = "shopfloor.lot"

TRANSFER = declare(
    PaperType(
        code=TRANSFER_SLIP_TYPE,
        name=_("transfer slip"),
        prefix="ZX",
        writing_url="shopfloor:transfer-create",
        book_rule=PER_WORKSHOP,
        chain=Chain(
            name="转序单",
            steps=(
                Step(name="转序员填单签字", role_code="clerk"),
                Step(name="检查员签质量", role_code="inspector"),
                Step(name="上道工序操作者签字", role_code="operator"),
                Step(name="接收工序签收", role_code="team_leader"),
                Step(name="统计员登记", role_code="statistician"),
            ),
        ),
        posting=post_transfer,
        publishes=(events.DocumentPosted,),
        writer_roles=("clerk",),
        readers=("workshop_director", "workshop_accountant"),
        detail_template="shopfloor/paper/_transfer.html",
        content=_transfer_of,
        summaries=_transfer_summaries,
        page_url=_transfer_page,
        content_data=_transfer_data,
    )
)

LOT = declare(
    PaperType(
        code=LOT_TYPE,
        name=_("production lot"),
        prefix="LZ",
        book_rule=PER_WORKSHOP,
        writer_roles=("statistician", "workshop_director"),
        readers=("clerk", "inspector", "operator", "team_leader"),
    )
)


def _transfer_of(document):
    """The transfer slip whose registration wrote this warehouse slip (D1-3.4, 外协)."""
    from gendan.shopfloor.models import TransferSlip

    return [
        (_("Transfer slip"), slip.document)
        for slip in TransferSlip.objects.filter(stock_slip__document=document).select_related(
            "document"
        )
    ]


register_related(_transfer_of)
