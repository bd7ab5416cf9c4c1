"""The WIP count's demo (D1-1.5): one posted count with a shortfall booked as scrap, one
open count; loading it twice changes nothing."""

from decimal import Decimal

from gendan.shopfloor import demo_wip, queries, services
from gendan.shopfloor.wip_models import WipCount
from tests.shopfloor.conftest import line, sign_through


class _Context:
    """What the demo loader hands each module: the workshops by code, people by name."""

    def __init__(self, workshop, people):
        self.workshops = {workshop.code: workshop}
        self.people = {person.username: person for person in people}

    def user(self, username):
        return self.people[username]


def test_the_demo_posts_one_count_with_scrap_and_leaves_one_open_D1_1_5(
    lot, clerk, statistician, director, signers
):
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 30)])
    sign_through(slip, **signers)
    context = _Context(lot.workshop, [clerk, statistician, director])
    demo_wip.load(context)
    demo_wip.load(context)
    posted, current = WipCount.objects.order_by("pk")
    assert posted.document.status == "posted"
    assert current.document.status == "pending" and current.document.current_step == 1
    found = queries.quantities([lot])[lot.pk]
    assert found["scrap"] == 1 and sum(found.values(), Decimal(0)) == 40
    assert list(queries.lot_problems()) == []
