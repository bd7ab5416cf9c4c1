"""The equipment demo (D1-1.6, D1-4.8): 机加车间's crane, two carts, an overdue wire rope
and containers, with inspections including a failed one; loading twice changes nothing."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from gendan.shopfloor import demo_equipment
from gendan.shopfloor import equipment_queries as queries
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection


@dataclass(frozen=True)
class Context:
    workshops: dict

    def user(self, username):
        return get_user_model().objects.get(username=username)


def test_d1_4_8_the_demo_has_an_overdue_rope_and_a_failed_cart(clerk, director, machining):
    context = Context(workshops={"JJ": machining})
    demo_equipment.load(context)
    counts = (Equipment.objects.count(), EquipmentInspection.objects.count())
    demo_equipment.load(context)
    assert (Equipment.objects.count(), EquipmentInspection.objects.count()) == counts
    kinds = set(Equipment.objects.values_list("kind", flat=True))
    assert kinds == {"crane", "cart", "rope", "container"}
    assert Equipment.objects.filter(kind="cart").count() == 2
    overdue = queries.equipment_list(clerk, due=queries.OVERDUE)
    assert [item.code for item in overdue] == ["GSS-JJ-01"]
    failed = Equipment.objects.get(code="YLC-JJ-02")
    assert failed.status == Equipment.Status.OUT_OF_SERVICE
    assert EquipmentInspection.objects.filter(result="fail").count() == 1
    rows, total = queries.overdue_for_home(director, timezone.localdate(), 8)
    assert total == 1 and rows[0].code == "GSS-JJ-01"
