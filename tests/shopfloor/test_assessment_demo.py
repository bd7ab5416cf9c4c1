"""The assessments' demo (D1-2.1, D1-2.3, D1-4.9): a late receipt's candidate against
成品库 answered by its storekeeper, a refused chaotic stack waiting for 孙丽's answer, a
suggestion 赵刚 accepted — and loading it twice changes nothing."""

from decimal import Decimal

import pytest

from gendan.demo import DemoContext
from gendan.shopfloor import demo_assessment, services
from gendan.shopfloor.assessment_models import Assessment, PlacementSuggestion
from tests.factories import UserFactory, grant


@pytest.fixture
def context(
    admin_user,
    site,
    machining,
    store,
    half_shaft,
    clerk,
    inspector,
    operator,
    receiver,
    director,
    statistician,
):
    keeper = UserFactory(username="wuqiang", first_name="吴强")
    grant(keeper, "storekeeper", warehouse=store)
    services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(40))
    return DemoContext(
        admin=admin_user,
        plant=site,
        factory=site,
        workshops={"JJ": machining},
        warehouse=store,
        items={"BZ-120": half_shaft},
    )


def test_d1_2_1_the_demo_has_a_late_receipt_a_refusal_and_an_answered_suggestion(context):
    demo_assessment.load(context)
    late = Assessment.objects.get(source="late_receipt")
    assert (late.warehouse, late.person.username, late.response_state) == (
        context.warehouse,
        "wuqiang",
        "answered",
    )
    assert late.working_hours_taken > 4
    refusal = Assessment.objects.get(source="refusal")
    assert (refusal.person.username, refusal.state, refusal.response_state) == (
        "sunli",
        "candidate",
        "awaiting",
    )
    suggestion = PlacementSuggestion.objects.get()
    assert (suggestion.state, suggestion.answered_by.username) == ("accepted", "zhaogang")
    counts = (Assessment.objects.count(), PlacementSuggestion.objects.count())
    demo_assessment.load(context)
    assert (Assessment.objects.count(), PlacementSuggestion.objects.count()) == counts == (2, 1)
