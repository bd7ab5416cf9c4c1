"""The clerk's phone page, the lot page, the waiting area and the API."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.shopfloor.models import TransferSlip


@pytest.fixture
def as_clerk(client, clerk):
    client.force_login(clerk)
    return client


def test_the_clerk_writes_a_transfer_on_the_page(as_clerk, lot):
    """D1-3.2: 王芳 picks the lot, counts 40 and sends it; the slip waits for 李军."""
    response = as_clerk.post(
        reverse("shopfloor:transfer-create"),
        {
            "destination": "operation",
            "line-lot": [str(lot.pk), "", ""],
            "line-step": ["10", "", ""],
            "line-source": ["operation"] * 3,
            "line-quantity": ["40", "", ""],
        },
    )
    slip = TransferSlip.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("shopfloor:transfer-detail", args=[slip.pk])
    page = as_clerk.get(response.url)
    assert slip.document.number in page.content.decode()


def test_a_refused_transfer_page_says_why_and_writes_nothing(as_clerk, lot):
    response = as_clerk.post(
        reverse("shopfloor:transfer-create"),
        {
            "destination": "operation",
            "line-lot": [str(lot.pk)],
            "line-step": ["10"],
            "line-source": ["operation"],
            "line-quantity": ["41"],
        },
        follow=True,
    )
    assert "41" in response.content.decode()
    assert not TransferSlip.objects.exists()


def test_the_lot_page_shows_where_the_parts_are(as_clerk, lot):
    page = as_clerk.get(reverse("shopfloor:lot-detail", args=[lot.pk])).content.decode()
    assert lot.document.number in page
    assert 'data-place="车"' in page
    assert "<svg" in page  # the QR code a phone scans


def test_the_pages_answer(as_clerk, lot):
    for name in ("shopfloor:lot-list", "shopfloor:transfer-list", "shopfloor:waiting-area"):
        assert as_clerk.get(reverse(name)).status_code == 200


def test_api_lots_add_up_to_started(as_clerk, lot):
    body = as_clerk.get("/api/v1/shopfloor/lots").json()
    assert Decimal(body[0]["started"]) == 40
    quantities = body[0]["quantities"]
    assert {"车", "热处理", "磨", "waiting", "outsourced", "rework", "scrap", "warehouse"} <= set(
        quantities
    )
    assert sum(Decimal(value) for value in quantities.values()) == Decimal(40)


def test_api_writes_and_signs_a_transfer(client, lot, clerk, inspector):
    client.force_login(clerk)
    written = client.post(
        "/api/v1/shopfloor/transfers",
        {"destination": "operation", "lines": [{"lot": lot.pk, "quantity": "40", "from_step": 10}]},
        content_type="application/json",
    )
    assert written.status_code == 201, written.content
    slip = written.json()
    assert slip["next_role"] == "inspector"
    client.force_login(inspector)
    signed = client.post(
        f"/api/v1/shopfloor/transfers/{slip['id']}/sign",
        {"lines": [{"position": 1, "passed": "38", "rework": "2"}]},
        content_type="application/json",
    )
    assert signed.status_code == 200, signed.content
    assert Decimal(signed.json()["lines"][0]["rework"]) == 2
    assert signed.json()["next_role"] == "operator"


def test_api_refusal_names_the_field(client, lot, clerk):
    client.force_login(clerk)
    refused = client.post(
        "/api/v1/shopfloor/transfers",
        {"destination": "operation", "lines": [{"lot": lot.pk, "quantity": "99"}]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "lines[1].quantity"
    assert not TransferSlip.objects.exists()


def test_the_sign_page_shows_the_transfer_lines(client, lot, clerk, inspector):
    """Sign what you see: the generic sign page includes the transfer slip's partial."""
    from gendan.shopfloor import services
    from tests.shopfloor.conftest import line

    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 40)])
    client.force_login(inspector)
    page = client.get(reverse("core:document-detail", args=[slip.document_id])).content.decode()
    assert 'id="transfer-lines"' in page
    assert lot.document.number in page


def test_the_label_carries_the_lot_and_a_qr_code(as_clerk, lot):
    """D1-1.4, D1-4.5: a 100 × 70 mm label with item, lot, operation and a QR code."""
    page = as_clerk.get(reverse("shopfloor:lot-label", args=[lot.pk])).content.decode()
    assert "100mm 70mm" in page
    assert lot.document.number in page and "BZ-120" in page
    assert "<svg" in page


def test_an_outsider_sees_no_lot(client, lot, outsider):
    """One gate per protected object: the lot page answers 404, the list is empty."""
    client.force_login(outsider)
    assert client.get(reverse("shopfloor:lot-detail", args=[lot.pk])).status_code == 404
    assert client.get("/api/v1/shopfloor/lots").json() == []


def test_only_the_next_signer_sees_the_sign_form(client, lot, clerk, inspector, operator):
    """A form is never shown to someone it would refuse: 李军 signs now, 周杰 not yet."""
    from gendan.shopfloor import services
    from tests.shopfloor.conftest import line

    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 40)])
    url = reverse("shopfloor:transfer-detail", args=[slip.pk])
    client.force_login(inspector)
    assert 'id="transfer-sign-form"' in client.get(url).content.decode()
    client.force_login(operator)
    assert 'id="transfer-sign-form"' not in client.get(url).content.decode()
