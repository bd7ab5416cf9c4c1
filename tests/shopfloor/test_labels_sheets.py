"""标识卡 in bulk (D1-1.4, D1-4.5): A4 sheets of labels for ticked lots, and a label per
container (周转箱) of a lot, all with the QR code that opens the lot."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.core.errors import DomainError
from gendan.shopfloor import labels, services


@pytest.fixture
def lots(statistician, half_shaft, cutter_shaft):
    return [
        services.start_lot(actor=statistician, item=item, quantity=quantity)
        for item, quantity in ((half_shaft, 40), (cutter_shaft, 25), (half_shaft, 12))
    ]


def test_an_a4_sheet_holds_each_ticked_lots_label_with_its_qr(client, clerk, lots):
    """D1-1.4: each lot's number, quantity and QR code (it opens the lot) on the sheet."""
    client.force_login(clerk)
    url = reverse("shopfloor:labels-sheet")
    page = client.get(url, {"lot": [lot.pk for lot in lots]}).content.decode()
    for lot in lots:
        assert f'data-lot="{lot.document.number}"' in page
    assert page.count("<svg") == 3
    assert 'data-paper="a4"' in page and page.count('class="page"') == 1
    lot_url = reverse("shopfloor:lot-detail", args=[lots[0].pk])
    assert (
        lot_url in client.get(reverse("shopfloor:lot-detail", args=[lots[0].pk])).content.decode()
    )


def test_nine_labels_take_two_a4_pages():
    assert [len(page) for page in labels.pages(list(range(9)))] == [8, 1]


def test_labels_of_lots_one_may_not_see_are_left_out(client, outsider, lots):
    client.force_login(outsider)
    response = client.get(reverse("shopfloor:labels-sheet"), {"lot": [lots[0].pk]})
    assert response.status_code == 404


def test_container_labels_add_up_to_the_lots_quantity(client, clerk, lots):
    """D1-4.5: 40 半轴 in 3 containers — 14, 13, 13 — each label "box n of 3", same QR."""
    client.force_login(clerk)
    url = reverse("shopfloor:labels-containers", args=[lots[0].pk])
    page = client.get(url, {"containers": 3}).content.decode()
    shares = [
        Decimal(value) for value in re.findall(r'data-quantity="([\d.]+)" data-container', page)
    ]
    assert shares == [14, 13, 13] and sum(shares) == lots[0].quantity
    assert len(set(re.findall(r"<svg.*?</svg>", page, flags=re.S))) == 1  # one QR: the lot


def test_containers_of_a_given_capacity(client, clerk, lots):
    client.force_login(clerk)
    url = reverse("shopfloor:labels-containers", args=[lots[0].pk])
    page = client.get(url, {"per_container": "15", "paper": "label"}).content.decode()
    shares = [
        Decimal(value) for value in re.findall(r'data-quantity="([\d.]+)" data-container', page)
    ]
    assert shares == [15, 15, 10]
    assert 'data-paper="label"' in page


@pytest.mark.parametrize(
    ("quantity", "containers", "decimals"),
    [(Decimal(40), 3, 0), (Decimal("10.5"), 4, 2), (Decimal(7), 7, 0), (Decimal("12.345"), 5, 3)],
)
def test_a_split_always_adds_up(quantity, containers, decimals):
    shares = labels.split(quantity, containers, decimals)
    assert len(shares) == containers and sum(shares) == quantity
    assert max(shares) - min(shares) <= Decimal(1).scaleb(-decimals)


def test_more_containers_than_parts_is_refused_with_a_reason(client, clerk, lots):
    with pytest.raises(DomainError):
        labels.split(Decimal(3), 5, 0)
    client.force_login(clerk)
    url = reverse("shopfloor:labels-containers", args=[lots[0].pk])
    assert client.get(url, {"containers": 0}).status_code == 400


def test_the_choice_page_lists_the_lots(client, clerk, lots):
    client.force_login(clerk)
    page = client.get(reverse("shopfloor:labels-choose")).content.decode()
    assert all(f'value="{lot.pk}"' in page for lot in lots)
