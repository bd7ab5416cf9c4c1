"""Slip pages: writing through the form, the detail, four captioned printed copies with
the book number and a QR code, and the list's filters, search and export."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gendan.stock.models import Location
from gendan.stock.slips.models import SlipKind, StockSlip
from tests.slips.factories import line, put_stock, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


def receipt(statistician, machining, store, item, quantity=40):
    return write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [line(item, quantity)],
        workshop=machining,
    )


def test_statistician_writes_a_production_receipt_through_the_form(
    client, statistician, machining, store, half_shaft
):
    client.force_login(statistician)
    url = reverse("slips:slip-create", args=["production_receipt"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "warehouse": store.pk,
            "workshop": machining.pk,
            "line-item": [half_shaft.pk, ""],
            "line-quantity": ["40", ""],
            "line-note": ["", ""],
            "submit": "1",
        },
    )
    slip = StockSlip.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("slips:slip-detail", args=[slip.pk])
    assert slip.document.status == "pending"
    page = client.get(response["Location"]).content.decode()
    assert slip.document.number in page
    assert 'id="sign-form"' in page


def test_the_form_shows_the_refusal_and_keeps_the_lines(client, accountant, machining, store):
    client.force_login(accountant)
    response = client.post(
        reverse("slips:slip-create", args=["return"]),
        {"warehouse": store.pk, "workshop": machining.pk, "line-item": [""], "explanation": ""},
    )
    assert response.status_code == 400
    assert "explanation" in response.content.decode()
    assert StockSlip.objects.count() == 0


def test_add_line_returns_one_line_row(client, accountant):
    client.force_login(accountant)
    response = client.get(reverse("slips:line-form", args=["steel_issue"]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.count('class="row g-2 mb-2 border-bottom pb-2 slip-line"') == 1
    assert 'name="line-grade"' in body


@pytest.mark.parametrize("paper", ["a4", "a5", "continuous"])
def test_print_view_has_four_captioned_copies_with_number_and_qr(
    client, statistician, machining, store, half_shaft, paper
):
    slip = receipt(statistician, machining, store, half_shaft)
    client.force_login(statistician)
    body = client.get(reverse("slips:slip-print", args=[slip.pk]), {"paper": paper}).content
    body = body.decode()
    assert body.count('<section class="copy"') == 4
    assert body.count(slip.document.number) >= 4
    assert body.count("<svg") == 4
    # D1-3.5: stub → statistician, 2 → cost accountant, 3 → chief storekeeper, 4 → storekeeper
    for caption in ("存根", "第二联 成本会计联", "第三联 总保管联", "第四联 保管联"):
        assert caption in body
    assert f"http://testserver/slips/{slip.pk}/" in body
    size = {"a4": "size: A4", "a5": "size: A5", "continuous": "size: 241mm"}[paper]
    assert size in body


def test_purchased_receipt_prints_its_own_four_copies(client, storekeeper, store, half_shaft):
    from tests.slips.factories import supplier

    slip = write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        [line(half_shaft, 5)],
        partner=supplier(),
    )
    client.force_login(storekeeper)
    body = client.get(reverse("slips:slip-print", args=[slip.pk])).content.decode()
    # D1-3.6: stub → storekeeper, 2 → material accountant, 3 → purchaser, 4 → chief storekeeper
    for caption in ("存根", "第二联 材料会计联", "第三联 采购联", "第四联 总保管联"):
        assert caption in body


def test_a_signer_signs_from_the_slip_page_and_the_last_signature_posts(
    client, statistician, inspector, director, storekeeper, machining, store, half_shaft
):
    station = Location.objects.create(
        code="ST-JJ", name="机加", kind=Location.Kind.STATION, workshop=machining
    )
    put_stock(statistician, half_shaft, station, 40)
    slip = through_chain(receipt(statistician, machining, store, half_shaft), inspector, director)
    client.force_login(storekeeper)
    response = client.post(reverse("slips:slip-sign", args=[slip.pk]), {"note": "数量相符"})
    assert response.status_code == 302
    slip.document.refresh_from_db()
    assert slip.document.status == "posted"
    page = client.get(reverse("slips:slip-detail", args=[slip.pk])).content.decode()
    assert 'id="reverse-form"' in page


def test_outsider_cannot_see_a_slip(client, outsider, statistician, machining, store, half_shaft):
    slip = receipt(statistician, machining, store, half_shaft)
    client.force_login(outsider)
    assert client.get(reverse("slips:slip-detail", args=[slip.pk])).status_code == 404
    assert client.get(reverse("slips:slip-print", args=[slip.pk])).status_code == 404


def test_list_filters_search_and_export(client, statistician, machining, store, half_shaft):
    from tests.slips.factories import item

    first = receipt(statistician, machining, store, half_shaft)
    cutter = item("DZ-9", "刀轴")
    store.managed_items.create(item=cutter)
    second = receipt(statistician, machining, store, cutter, 3)
    from gendan.stock.slips import services

    services.submit_slip(actor=statistician, slip=second)
    client.force_login(statistician)
    url = reverse("slips:slip-list")

    def numbers(**params):
        body = client.get(url, params).content.decode()
        return {s.document.number for s in (first, second) if s.document.number in body}

    assert numbers() == {first.document.number, second.document.number}
    assert numbers(q="dz") == {second.document.number}
    assert numbers(item="BZ-120") == {first.document.number}
    assert numbers(status="draft") == {first.document.number}
    assert numbers(next_role="inspector") == {second.document.number}
    assert numbers(workshop=machining.pk) == {first.document.number, second.document.number}
    assert numbers(book=first.document.book_id) == {first.document.number, second.document.number}
    assert numbers(date_from="2199-01-01") == set()
    partial = client.get(url, {"q": "dz"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and second.document.number in partial
    response = client.get(url, {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert len(rows.to_python()) == 3


def test_list_query_count_does_not_grow_with_slips(
    client, statistician, machining, store, half_shaft
):
    client.force_login(statistician)
    url = reverse("slips:slip-list")
    receipt(statistician, machining, store, half_shaft)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for quantity in range(2, 12):
        receipt(statistician, machining, store, half_shaft, quantity)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 26  # constant: the header's per-role menu adds a few


def test_outsourcer_report_lists_what_each_outsourcer_holds(
    client, coordinator, storekeeper, store, store_location, round_steel
):
    from tests.slips.factories import supplier

    heat_treater = supplier("OUT1", "邯郸热处理厂", kind="outsourcer")
    put_stock(storekeeper, round_steel, store_location, "200")
    slip = write(
        coordinator,
        SlipKind.OUTSOURCING_ISSUE,
        store,
        [line(round_steel, "80.5")],
        partner=heat_treater,
    )
    through_chain(slip, coordinator, storekeeper)
    client.force_login(coordinator)
    body = client.get(reverse("slips:outsourcer-report")).content.decode()
    assert "邯郸热处理厂" in body
    assert "80.5" in body
