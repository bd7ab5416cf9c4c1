"""Stock factories: locations of every kind, batches and a posting helper."""

from decimal import Decimal

import factory

from gendan.stock import ledger
from gendan.stock.models import Batch, Location
from tests.catalog.factories import ItemFactory, UnitFactory  # noqa: F401  (re-exported)
from tests.factories import WarehouseFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"L{n:04d}")
    name = factory.Sequence(lambda n: f"库位{n}")
    kind = Location.Kind.STATION


class WarehouseLocationFactory(LocationFactory):
    kind = Location.Kind.WAREHOUSE
    warehouse = factory.SubFactory(WarehouseFactory)


class SupplierLocationFactory(LocationFactory):
    code = factory.Sequence(lambda n: f"SUP{n:03d}")
    name = factory.Sequence(lambda n: f"供应商{n}")
    kind = Location.Kind.SUPPLIER
    allows_negative = True


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Batch

    item = factory.SubFactory(ItemFactory)
    number = factory.Sequence(lambda n: f"B{n:05d}")


def receive(actor, item, location, quantity, *, source=None, batch=None, document=None):
    """Put `quantity` of `item` at `location` from a supplier (which may go negative)."""
    source = source or SupplierLocationFactory(code="SUP-TEST")
    return ledger.post_moves(
        actor=actor,
        moves=[ledger.Move(item, Decimal(quantity), source, location, batch)],
        document=document,
    )
