"""The 机加车间 the shop-floor browser tests start from: what the flush removed (the
default signature chains), the workshop with its people granted there, and a lot of 40
半轴 (BZ-120) routed through the given operations."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from gendan.catalog import services as catalog
from gendan.core import papers
from gendan.core.models import ChainDefinition, ChainStep
from gendan.shopfloor import services
from tests.factories import UserFactory, WorkshopFactory, grant
from tests.slips import factories


def machining_floor(people, operations):
    """(workshop, {role: user}, lot) — `people` as (username, name, role), `operations`
    the names of the route's operations, numbered 10, 20, …"""
    papers.install_default_chains(ChainDefinition, ChainStep)
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "x-pass-123")
    machining = WorkshopFactory(code="JJ", name="机加车间")
    granted = {}
    for username, name, role in people:
        granted[role] = UserFactory(username=username, first_name=name)
        grant(granted[role], role, workshop=machining)
    item = factories.item("BZ-120", "半轴", kind="part")
    catalog.define_process_sheet(
        actor=admin,
        item=item,
        steps=[
            {"sequence": 10 * number, "name": name, "workshop": machining}
            for number, name in enumerate(operations, start=1)
        ],
    )
    lot = services.start_lot(actor=granted["statistician"], item=item, quantity=Decimal(40))
    return machining, granted, lot
