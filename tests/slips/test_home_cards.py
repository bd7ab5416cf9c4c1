"""我的一天 shows what a paper is about, not only its title (issue 10: the inbox lists
the paper's type, number, summary and age — the home page's cards too)."""

import pytest
from django.urls import reverse

from gendan.stock.slips.models import SlipKind
from tests.slips.factories import line, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def test_d1_3_4_the_statistician_sees_her_receipt_waiting_for_others_with_its_lines(
    client, statistician, machining, store, half_shaft
):
    """刘燕's production receipt waits for the inspector: her home page names the
    warehouse, the item and the quantity, as the inbox does."""
    from gendan.stock.slips import services

    slip = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 40)], workshop=machining
    )
    services.submit_slip(actor=statistician, slip=slip)
    client.force_login(statistician)
    body = client.get(reverse("core:home")).content.decode()
    card = body[body.index('data-testid="waiting-paper"') :]
    card = card[: card.index("</li>")]
    assert slip.document.number in card
    assert f"{store.name}：" in card
    assert "半轴" in card and "40" in card
