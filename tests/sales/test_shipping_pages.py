"""The delivery form page (D2-5) and the customer return form (D2-0): the order desk
chooses a batch or leaves it to first-expiry-first-out, and the stock goes down; a
return needs its explanation; someone who may only read the order is shown no form.
Personas: 刘洋 the merchandiser, 赵刚 the workshop director (reads orders only)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.sales.models import DeliveryNote
from gendan.stock import ledger
from gendan.stock.locations import standard_location
from gendan.stock.models import Batch
from tests.sales.factories import item, make_order
from tests.slips import factories as slips


@pytest.fixture
def shelf_and_order(merchandiser, customer):
    machine = item("1GQN-200", "旋耕机")
    shelf = slips.warehouse(items=[machine]).locations.get()
    for number, expires_on, quantity in (
        ("CP-2510", datetime.date(2027, 1, 1), 8),
        ("CP-2511", datetime.date(2027, 6, 1), 6),
    ):
        batch = Batch.objects.create(item=machine, number=number, expires_on=expires_on)
        ledger.post_moves(
            actor=merchandiser,
            moves=[
                ledger.Move(machine, Decimal(quantity), standard_location("OPENING"), shelf, batch)
            ],
        )
    order = make_order(
        merchandiser,
        customer=customer,
        lines=[{"item": machine, "quantity": Decimal(12), "unit_price": Decimal("18600")}],
    )
    return machine, shelf, order


def test_d2_5_the_delivery_form_offers_the_batches_on_hand(client, merchandiser, shelf_and_order):
    _machine, _shelf, order = shelf_and_order
    client.force_login(merchandiser)

    page = client.get(reverse("sales:delivery-note-new", args=[order.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="write-delivery-note"' in html
    assert html.index('value="CP-2510"') < html.index('value="CP-2511"')  # soonest first
    assert "2027-01-01" in html


def test_d2_5_writing_a_note_with_a_chosen_batch_takes_that_batch_off_the_shelf(
    client, merchandiser, shelf_and_order
):
    machine, shelf, order = shelf_and_order
    line = order.lines.get()
    client.force_login(merchandiser)

    client.post(
        reverse("sales:delivery-note-create", args=[order.pk]),
        {f"ship-{line.pk}": "4", f"ship-batch-{line.pk}": "CP-2511", "back": "form"},
    )

    note = DeliveryNote.objects.get()
    assert note.lines.get().batch_number == "CP-2511"
    assert ledger.balance(machine, shelf, Batch.objects.get(number="CP-2511")) == 2
    assert ledger.on_hand(machine, shelf) == 10


def test_d2_5_a_refused_note_from_the_page_says_why_and_ships_nothing(
    client, merchandiser, shelf_and_order
):
    machine, shelf, order = shelf_and_order
    line = order.lines.get()
    client.force_login(merchandiser)

    page = client.post(
        reverse("sales:delivery-note-create", args=[order.pk]),
        {f"ship-{line.pk}": "12", "back": "form"},
        follow=True,
    )

    assert "14 件 on hand" not in page.content.decode()  # only 14 there: 12 fits
    assert DeliveryNote.objects.count() == 1
    page = client.post(
        reverse("sales:delivery-note-create", args=[order.pk]),
        {f"ship-{line.pk}": "0.5", "back": "form"},
        follow=True,
    )
    assert DeliveryNote.objects.count() == 1
    assert ledger.on_hand(machine, shelf) == 2


def test_d2_0_a_customer_return_from_the_page_needs_its_explanation(
    client, merchandiser, shelf_and_order
):
    machine, shelf, order = shelf_and_order
    line = order.lines.get()
    client.force_login(merchandiser)
    client.post(reverse("sales:delivery-note-create", args=[order.pk]), {f"ship-{line.pk}": "5"})
    url = reverse("sales:customer-return-create", args=[order.pk])

    client.post(url, {f"back-{line.pk}": "1", "explanation": ""})
    assert DeliveryNote.objects.filter(kind=DeliveryNote.Kind.RETURN).count() == 0

    client.post(url, {f"back-{line.pk}": "1", "explanation": "护罩变形，退回换货"})
    returned = DeliveryNote.objects.get(kind=DeliveryNote.Kind.RETURN)
    assert returned.explanation == "护罩变形，退回换货"
    assert ledger.on_hand(machine, shelf) == 10


def test_d2_6_someone_who_only_reads_the_order_is_shown_no_delivery_form(
    client, workshop_director, shelf_and_order
):
    _machine, _shelf, order = shelf_and_order
    client.force_login(workshop_director)

    form_page = client.get(reverse("sales:delivery-note-new", args=[order.pk]))
    order_page = client.get(reverse("sales:order-detail", args=[order.pk]))

    assert form_page.status_code == 403  # the form is never shown to who will be refused
    assert order_page.status_code == 200
    assert 'id="write-delivery-note"' not in order_page.content.decode()
    assert 'id="record-customer-return"' not in order_page.content.decode()
