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
    assert Inspection.objects.count() == 8
