"""The quality demo tells issue 12's story of the garment order at 宜兴华美服装厂:
fabric check (D4-1), pre-production sample (D4-3), first piece (D4-7), three
mid-production inspections (D4-8), a failed final (D4-11) and its re-inspection waiting
for the factory; running it twice changes nothing."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from gendan.core.models import Document
from gendan.quality import demo
from gendan.quality.models import Inspection, Verdict
from tests.quality.conftest import make_factory_order


def test_d4_the_demo_walks_the_garment_order_through_its_inspections(
    qc, merchandiser, factory_user, huamei
):
    make_factory_order(merchandiser, huamei, quantity=1200)  # the demo's 1 200 jackets
    context = SimpleNamespace(
        factory=huamei, user=lambda name: get_user_model().objects.get(username=name)
    )
    demo.load(context)
    stages = list(Inspection.objects.order_by("inspected_on", "id").values_list("stage", flat=True))
    assert stages == [
        "fabric",
        "pre_production_sample",
        "early_production",
        "first_piece",
        "mid_production",
        "mid_production",
        "mid_production",
        "final",
        "final",
    ]
    failed, again = Inspection.objects.filter(stage="final").order_by("id")
    assert (failed.verdict, failed.document.status) == (Verdict.FAILED, Document.Status.POSTED)
    assert again.reinspection_of == failed and again.verdict == Verdict.PASSED
    assert again.document.status == Document.Status.PENDING  # on 邓芳's phone
    assert again.document.current_step == 3

    demo.load(context)
    assert Inspection.objects.count() == 9


def test_d4_1_d4_6_d4_12_the_demo_has_the_follow_ups_of_the_garment_order(
    qc, merchandiser, factory_user, huamei
):
    """The fabric counted with one short line and confirmed once; at early production two
    problems, one closed (verified at the first mid inspection), one still open on every
    later report; a customer complaint traced back."""
    from gendan.core.models import NotificationMessage
    from gendan.quality.followup_models import (
        CarriedProblem,
        CustomerComplaint,
        FabricCount,
        PackingListLine,
        ProductionProblem,
    )
    from tests.factories import UserFactory

    make_factory_order(merchandiser, huamei, quantity=1200)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    context = SimpleNamespace(
        factory=huamei, admin=admin, user=lambda name: get_user_model().objects.get(username=name)
    )
    demo.load(context)
    lines = list(PackingListLine.objects.order_by("position"))
    assert [line.is_short for line in lines] == [False, True, False]
    assert FabricCount.objects.get().sent_to == "质检经理、销售部"
    assert NotificationMessage.objects.filter(subject__contains="HT-").count() == 2
    states = dict(ProductionProblem.objects.values_list("process", "state"))
    assert states == {"绱袖": "closed", "后整理": "open"}
    final = Inspection.objects.filter(stage="final").order_by("id").first()
    assert [c.problem.process for c in CarriedProblem.objects.filter(inspection=final)] == [
        "后整理"
    ]
    assert CustomerComplaint.objects.get().category == "workmanship"
    demo.load(context)
    assert ProductionProblem.objects.count() == 2 and FabricCount.objects.count() == 1
