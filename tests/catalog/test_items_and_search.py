"""Creating and changing items, searching them and the groups of easily confused items."""

from decimal import Decimal

import pytest

from gendan.catalog import queries, services
from gendan.catalog.models import Item
from gendan.core.errors import DomainError
from gendan.core.models import AuditEvent
from gendan.core.search import search
from tests.catalog.factories import ItemFactory, UnitFactory


@pytest.fixture
def shafts(db):
    return [
        ItemFactory(code="BZ-120", name="半轴", spec="Φ45×120"),
        ItemFactory(code="DZ-80", name="刀轴", spec="Φ40×800"),
        ItemFactory(code="BZK-1", name="半轴壳", spec="HT200"),
        ItemFactory(code="M12", name="螺栓", spec="M12×40", kind=Item.Kind.STANDARD_PART),
    ]


def test_create_item_records_who_created_it(admin_user):
    item = services.create_item(
        actor=admin_user,
        code="YG-45",
        name="圆钢",
        kind=Item.Kind.RAW_MATERIAL,
        unit=UnitFactory(code="kg", name="千克", decimals=3),
        spec="Φ45",
        grade="45#",
        weight_per_unit=Decimal("12.4800"),
    )

    event = AuditEvent.objects.get(action="item.create", object_id=str(item.pk))
    assert event.actor == admin_user
    assert event.after["grade"] == "45#"


def test_a_taken_code_is_refused(admin_user, shafts):
    with pytest.raises(DomainError) as refused:
        services.create_item(
            actor=admin_user, code="BZ-120", name="x", kind="part", unit=shafts[0].unit
        )
    assert refused.value.field == "code"


def test_update_item_audits_each_changed_field_before_and_after(admin_user, shafts):
    item = services.update_item(actor=admin_user, item=shafts[0], spec="Φ45×125", grade="40Cr")

    event = AuditEvent.objects.get(action="item.update", object_id=str(item.pk))
    assert event.before == {"spec": "Φ45×120", "grade": ""}
    assert event.after == {"spec": "Φ45×125", "grade": "40Cr"}
    assert queries.items(search="125").get() == item


def test_an_update_that_changes_nothing_leaves_no_audit_row(admin_user, shafts):
    services.update_item(actor=admin_user, item=shafts[0], spec="Φ45×120")
    assert not AuditEvent.objects.filter(action="item.update").exists()


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("bz", ["BZ-120", "BZK-1"]),  # pinyin initials of 半轴, and the code
        ("banzhou", ["BZ-120", "BZK-1"]),
        ("半轴壳", ["BZK-1"]),
        ("φ40", ["DZ-80"]),  # spec, whatever the case
        ("dz-80", ["DZ-80"]),
        ("ls", ["M12"]),  # 螺栓 luo shuan
    ],
)
def test_search_finds_items_by_code_name_spec_and_pinyin(shafts, typed, codes):
    assert [item.code for item in queries.items(search=typed)] == codes


def test_filter_by_kind(shafts):
    assert [i.code for i in queries.items(kind=Item.Kind.STANDARD_PART)] == ["M12"]


def test_confusion_group_names_the_other_items(admin_user, shafts):
    """D1-3.3: half shafts, cutter shafts and half-shaft housings are easily confused."""
    half_shaft, cutter_shaft, housing, bolt = shafts
    group = services.create_confusion_group(
        actor=admin_user, name="半轴/刀轴/半轴壳", items=[half_shaft, cutter_shaft, housing]
    )
    half_shaft.refresh_from_db()

    assert [i.code for i in queries.confused_with(half_shaft)] == ["BZK-1", "DZ-80"]
    assert list(queries.confused_with(bolt)) == []
    assert [i.code for i in queries.items(confusion_group=group.pk)] == [
        "BZ-120",
        "BZK-1",
        "DZ-80",
    ]


def test_global_search_offers_items(clerk, shafts):
    results = search("bz", clerk)

    item_results = [r for r in results if r.url.startswith("/catalog/")]
    assert [r.label for r in item_results] == ["BZ-120 半轴", "BZK-1 半轴壳"]


def test_an_oversized_weight_is_refused_naming_the_field_and_nothing_is_saved(admin_user):
    """Issue 9: `weight_per_unit` 1e300 was stored on SQLite and then /catalog/,
    /search/ and `gendan check` answered 500 for everyone."""
    from gendan.catalog import services as catalog_services
    from gendan.catalog.models import Item, Unit
    from gendan.core.errors import DomainError

    unit = Unit.objects.create(code="KG", name="千克", decimals=3)
    with pytest.raises(DomainError) as refused:
        catalog_services.create_item(
            actor=admin_user,
            code="YG-1",
            name="圆钢",
            kind=Item.Kind.RAW_MATERIAL,
            unit=unit,
            weight_per_unit=Decimal("1e300"),
        )
    assert refused.value.field == "weight_per_unit"
    assert not Item.objects.filter(code="YG-1").exists()
