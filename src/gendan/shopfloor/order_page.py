"""What the shop floor adds to the one order page (gendan.core.order_page): the order's
production lots (流转卡) and where their parts are now — at which operation, waiting,
out for outside processing, in rework, scrapped, awaiting the warehouse's receipt (待入库)
or in the warehouse — and the production stages the lots have passed (下料, 机加工完成,
装配完成; `shopfloor.stages`). Whoever may open the order page (its gate decides) reads
where the order's parts are; a lot's own page is linked only for who may open it."""

from django.utils.translation import gettext_lazy

from gendan.core import order_page, permissions
from gendan.shopfloor import queries, stages


def lots(request, order):
    """The order's lots with their quantities; None when it has none (unless the reader
    may start lots: then the section offers to start them from the order's BOM)."""
    found_lots = list(queries.lot_list().filter(order=order))
    if not found_lots:
        if permissions.allows(request.user, "lot", "create"):
            return {"rows": [], "stages": [], "may_start": True}
        return None
    openable = set(queries.lot_list(request.user).filter(order=order).values_list("pk", flat=True))
    found = queries.quantities(found_lots)
    rows = []
    for lot in found_lots:
        quantities = found[lot.pk]
        rows.append(
            {
                "lot": lot,
                "may_open": lot.pk in openable,
                "steps": [(step, quantities.get(step.name, 0)) for step in lot.steps.all()],
                "others": [(key, quantities[key]) for key in queries.FIXED_KEYS if quantities[key]],
            }
        )
    passed = stages.order_stages([order.pk]).get(order.pk, {})
    return {
        "rows": rows,
        "stages": [(stage, passed[stage]) for stage in stages.STAGE_ORDER if stage in passed],
        "may_start": permissions.allows(request.user, "lot", "create"),
    }


order_page.register_section(
    order_page.Section(
        "shopfloor",
        gettext_lazy("Production lots"),
        "shopfloor/order/_lots.html",
        lots,
        order=30,
    )
)
