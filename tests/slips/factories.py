"""Slip test data: catalog rows, a warehouse with its storage place and managed items,
stock put in place through the ledger, and slips written through the services."""

from decimal import Decimal

from gendan.catalog.models import Item, Unit
from gendan.core.models import ChainDefinition, ChainStep
from gendan.core.pinyin import search_key
from gendan.org.models import Site, StoragePlace
from gendan.stock import ledger
from gendan.stock.locations import standard_location
from gendan.stock.models import Location, WarehouseItem
from gendan.stock.slips import services
from gendan.stock.slips.kinds import seed_default_chains
from tests.factories import WarehouseFactory


def unit(code="pcs", name="件", decimals=0):
    return Unit.objects.get_or_create(code=code, defaults={"name": name, "decimals": decimals})[0]


def item(code="BZ-120", name="半轴", kind="finished_part", unit_code="pcs"):
    units = {"pcs": ("件", 0), "kg": ("千克", 3)}
    return Item.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "unit": unit(unit_code, *units[unit_code]),
            "search_text": search_key(code, name),
        },
    )[0]


def steel():
    return item("45#-Φ60", "圆钢", kind="raw_material", unit_code="kg")


def warehouse(code="CP", name="成品库", items=()):
    store = WarehouseFactory(code=code, name=name)
    place = StoragePlace.objects.create(warehouse=store, code="A01", name="一排")
    Location.objects.create(
        code=f"{code}-A01",
        name=f"{name} A01",
        kind=Location.Kind.WAREHOUSE,
        warehouse=store,
        storage_place=place,
    )
    for managed in items:
        WarehouseItem.objects.get_or_create(warehouse=store, item=managed)
    return store


def supplier(code="SUP1", name="邢台轴承厂", kind=Site.Kind.SUPPLIER):
    return Site.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


def seed_chains():
    seed_default_chains(ChainDefinition, ChainStep)


def put_stock(actor, what, location, quantity):
    """Opening stock: from the ledger's opening location to `location`."""
    ledger.post_moves(
        actor=actor,
        moves=[
            ledger.Move(
                item=what,
                quantity=Decimal(quantity),
                from_location=standard_location("OPENING"),
                to_location=location,
            )
        ],
    )


def line(what, quantity, **fields):
    return {"item": what, "quantity": Decimal(str(quantity))} | fields


def steel_line(what, quantity, **overrides):
    fields = {
        "product_model": "1GQN-200",
        "part_name": "半轴",
        "material_spec": "Φ60×3000",
        "grade": "45#",
        "weight": Decimal("66.6"),
    }
    return line(what, quantity, **(fields | overrides))


def write(actor, kind, store, lines, **header):
    return services.write_slip(actor=actor, kind=kind, warehouse=store, lines=lines, **header)


def through_chain(slip, *signers):
    """Submit as the author, then sign each step in order."""
    slip = services.submit_slip(actor=slip.document.author, slip=slip)
    for signer in signers:
        slip = services.sign_slip(actor=signer, slip=slip)
    return slip
