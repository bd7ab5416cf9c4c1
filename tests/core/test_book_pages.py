"""Document books kept on a page, without the admin (D1-3.5, D1-3.6; invariant 2): the
book keeper registers the next pre-printed pad with the numbers printed on it, or closes
a book; the next paper takes its number from the right book. A refusal says why and
changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from gendan.core import numbering, papers
from gendan.core.errors import BookClosed
from gendan.core.models import AuditEvent, DocumentBook
from tests.factories import UserFactory, grant


def next_order_number(actor):
    book = papers.book_for("sales.order", actor=actor)
    return numbering.open_document(actor=actor, book=book, is_signed=False).number


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def book_state():
    return sorted(
        DocumentBook.objects.values_list("code", "is_closed", "first_number", "last_number")
    )


@pytest.fixture
def order_book(db, admin_user):
    next_order_number(admin_user)
    next_order_number(admin_user)
    return DocumentBook.objects.get(slip_type="sales.order")


def test_d1_3_6_a_registered_pad_closes_the_old_book_and_numbers_from_its_first_printed_number(
    order_book, admin_user
):
    response = client_for(admin_user).post(
        reverse("core:book-pad", args=[order_book.pk]),
        {"first_number": "501", "last_number": "600"},
    )

    assert response.status_code == 302
    order_book.refresh_from_db()
    pad = DocumentBook.objects.get(predecessor=order_book)
    assert order_book.is_closed
    assert (pad.first_number, pad.last_number, pad.next_number) == (501, 600, 501)
    assert next_order_number(admin_user).endswith("000501")
    assert AuditEvent.objects.filter(action="book.create", object_id=str(pad.pk)).exists()
    assert AuditEvent.objects.filter(action="book.close", object_id=str(order_book.pk)).exists()


def test_d1_3_5_a_pad_repeating_a_used_number_is_refused_and_nothing_changes(
    order_book, admin_user
):
    before = book_state()

    response = client_for(admin_user).post(
        reverse("core:book-pad", args=[order_book.pk]),
        {"first_number": "2", "last_number": "50"},
    )

    assert response.status_code == 400
    assert order_book.code in response.content.decode()
    assert book_state() == before
    assert next_order_number(admin_user).endswith("000003")


def test_a_pad_whose_last_number_is_before_its_first_is_refused(order_book, admin_user):
    before = book_state()

    response = client_for(admin_user).post(
        reverse("core:book-pad", args=[order_book.pk]),
        {"first_number": "700", "last_number": "600"},
    )

    assert response.status_code == 400
    assert "600" in response.content.decode() and "700" in response.content.decode()
    assert book_state() == before


def test_d1_3_6_when_a_pad_is_used_up_the_next_pad_continues_after_it(order_book, admin_user):
    pad = numbering.register_pad(
        actor=admin_user, book=order_book, first_number=101, last_number=102
    )
    next_order_number(admin_user)
    next_order_number(admin_user)
    with pytest.raises(BookClosed):
        next_order_number(admin_user)

    numbering.register_pad(actor=admin_user, book=pad, first_number=201, last_number=300)

    assert next_order_number(admin_user).endswith("000201")


def test_closing_a_book_on_the_page_lets_the_next_paper_continue_its_numbers(
    order_book, admin_user
):
    response = client_for(admin_user).post(
        reverse("core:book-close", args=[order_book.pk]), {"reason": "本子用完"}
    )

    assert response.status_code == 302
    order_book.refresh_from_db()
    assert order_book.is_closed
    assert next_order_number(admin_user).endswith("000003")
    closing = AuditEvent.objects.get(action="book.close", object_id=str(order_book.pk))
    assert closing.after["reason"] == "本子用完"


def test_closing_a_closed_book_again_is_refused(order_book, admin_user):
    numbering.close_book(actor=admin_user, book=order_book)

    client_for(admin_user).post(reverse("core:book-close", args=[order_book.pk]))

    assert AuditEvent.objects.filter(action="book.close").count() == 1


def test_a_storekeeper_may_not_register_pads_or_close_books_and_nothing_changes(
    order_book, machining
):
    storekeeper = UserFactory(username="zhaomin", first_name="赵敏")
    grant(storekeeper, "chief_storekeeper")
    before = book_state()
    client = client_for(storekeeper)

    pad = client.post(
        reverse("core:book-pad", args=[order_book.pk]),
        {"first_number": "501", "last_number": "600"},
    )
    close = client.post(reverse("core:book-close", args=[order_book.pk]))
    listing = client.get(reverse("core:book-list"))

    assert (pad.status_code, close.status_code) == (403, 403)
    assert book_state() == before
    assert reverse("core:book-pad", args=[order_book.pk]) not in listing.content.decode()


def test_the_book_keeper_sees_the_pad_and_close_buttons(order_book, admin_user):
    listing = client_for(admin_user).get(reverse("core:book-list"))

    page = listing.content.decode()
    assert reverse("core:book-pad", args=[order_book.pk]) in page
    assert reverse("core:book-close", args=[order_book.pk]) in page
