"""A document's second scope (`co_scope_key`): a role granted in its scope, in its second
scope or everywhere counts for signing, the 待我签字 inbox and seeing it (invariant 3).

The generic receipt here has the D1-3.5 shape: the workshop's inspector signs the
quality, the storekeeper of the receiving warehouse signs the quantity. The book is the
workshop's; the storekeeper is granted for the warehouse only.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gendan.api.services import create_token
from gendan.core import chains, numbering
from gendan.core.access import access_document
from gendan.core.errors import NotFound, PermissionDenied
from gendan.core.models import AuditEvent, Document, Signature
from gendan.core.queries import inbox, inbox_count, visible_documents
from gendan.core.roles import directory
from tests.factories import UserFactory, WarehouseFactory, grant

RECEIPT_CHAIN = [
    {"name": "检查员签质量", "role_code": "inspector"},
    {"name": "保管员签收数量", "role_code": "storekeeper"},
]


@pytest.fixture
def finished_goods(site):
    return WarehouseFactory(code="CP", name="成品库", site=site)


@pytest.fixture
def steel_store(site):
    return WarehouseFactory(code="GC", name="钢材库", site=site)


@pytest.fixture
def storekeeper(finished_goods):
    user = UserFactory(username="chenmin", first_name="陈敏")
    grant(user, "storekeeper", warehouse=finished_goods)
    return user


@pytest.fixture
def steel_storekeeper(steel_store):
    user = UserFactory(username="gaofei", first_name="高飞")
    grant(user, "storekeeper", warehouse=steel_store)
    return user


@pytest.fixture
def receipt_book(admin_user, machining):
    chains.define_chain(
        actor=admin_user, slip_type="test.receipt", name="测试入库单", steps=RECEIPT_CHAIN
    )
    return numbering.create_book(
        actor=admin_user,
        code="TR-JJ-2026",
        name="机加车间测试入库单 2026",
        slip_type="test.receipt",
        scope_key=machining.scope_key,
        prefix="TR-机加",
        year=2026,
    )


def _receipt(book, author, co_scope_key="", title="半轴 BZ-120 × 40"):
    document = numbering.open_document(
        actor=author, book=book, title=title, co_scope_key=co_scope_key
    )
    return chains.submit(actor=author, document=document)


@pytest.fixture
def inspected(receipt_book, inspector, finished_goods):
    """A receipt of 机加车间 into 成品库, its quality signed; the quantity is next."""
    document = _receipt(receipt_book, inspector, co_scope_key=finished_goods.scope_key)
    return chains.sign(actor=inspector, document=document)


def _snapshot(document):
    document.refresh_from_db()
    return (
        document.status,
        document.current_step,
        Signature.objects.filter(document=document).count(),
        AuditEvent.objects.count(),
    )


def test_open_document_keeps_both_scopes(inspected, machining, finished_goods):
    assert (inspected.scope_key, inspected.co_scope_key) == (
        machining.scope_key,
        finished_goods.scope_key,
    )
    assert inspected.scope_keys == (machining.scope_key, finished_goods.scope_key)


def test_a_document_opened_without_a_second_scope_has_none(receipt_book, inspector):
    document = numbering.open_document(actor=inspector, book=receipt_book)
    assert document.co_scope_key == ""
    assert document.scope_keys == (receipt_book.scope_key,)


def test_storekeeper_granted_for_the_second_scope_signs_and_posts(inspected, storekeeper):
    """D1-3.5: the storekeeper of the receiving warehouse signs the workshop's receipt."""
    chains.sign(actor=storekeeper, document=inspected, note="数量相符")
    inspected.refresh_from_db()
    assert inspected.status == Document.Status.POSTED
    signature = inspected.signatures.get(signer=storekeeper)
    assert (signature.step_position, signature.role_code) == (2, "storekeeper")


def test_storekeeper_of_another_warehouse_is_refused_and_nothing_changes(
    inspected, steel_storekeeper, machining, finished_goods
):
    before = _snapshot(inspected)
    with pytest.raises(PermissionDenied) as refused:
        chains.sign(actor=steel_storekeeper, document=inspected)
    # the message names both scopes in which the role would have counted
    assert "机加车间 或 成品库" in str(refused.value)  # named, never "workshop:1"
    assert machining.scope_key not in str(refused.value)
    assert _snapshot(inspected) == before


def test_without_a_second_scope_the_warehouse_grant_does_not_count(
    receipt_book, inspector, storekeeper
):
    document = chains.sign(actor=inspector, document=_receipt(receipt_book, inspector))
    before = _snapshot(document)
    with pytest.raises(PermissionDenied):
        chains.sign(actor=storekeeper, document=document)
    assert _snapshot(document) == before


def test_inspector_of_another_workshop_is_still_refused(
    receipt_book, inspector, welding_inspector, finished_goods
):
    document = _receipt(receipt_book, inspector, co_scope_key=finished_goods.scope_key)
    before = _snapshot(document)
    with pytest.raises(PermissionDenied):
        chains.sign(actor=welding_inspector, document=document)
    assert _snapshot(document) == before


def test_inbox_lists_a_document_of_my_second_scope(inspected, storekeeper, steel_storekeeper):
    assert [d.pk for d in inbox(storekeeper)] == [inspected.pk]
    assert inbox_count(storekeeper) == 1
    assert inbox(steel_storekeeper) == []
    assert inbox_count(steel_storekeeper) == 0


def test_second_scope_holder_sees_the_document_and_others_do_not(
    inspected, storekeeper, steel_storekeeper
):
    assert access_document(storekeeper, inspected.pk).pk == inspected.pk
    assert list(visible_documents(storekeeper)) == [inspected]
    with pytest.raises(NotFound):
        access_document(steel_storekeeper, inspected.pk)
    assert not visible_documents(steel_storekeeper).exists()


def test_countersign_by_all_counts_holders_of_both_scopes(
    admin_user, machining, finished_goods, inspector, storekeeper
):
    chains.define_chain(
        actor=admin_user,
        slip_type="test.count",
        name="会签",
        steps=[{"name": "保管员会签", "role_code": "storekeeper", "mode": "all"}],
    )
    book = numbering.create_book(
        actor=admin_user,
        code="HQ-JJ",
        name="会签",
        slip_type="test.count",
        scope_key=machining.scope_key,
    )
    workshop_keeper = UserFactory(username="fengtao", first_name="冯涛")
    grant(workshop_keeper, "storekeeper", workshop=machining)
    document = _receipt(book, inspector, co_scope_key=finished_goods.scope_key)
    chains.sign(actor=workshop_keeper, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING
    chains.sign(actor=storekeeper, document=document)
    document.refresh_from_db()
    assert document.status == Document.Status.POSTED


def test_directory_takes_one_scope_key_or_a_documents_scopes(
    inspected, storekeeper, machining, finished_goods
):
    today = timezone.localdate()
    assert not directory().authorities(storekeeper, "storekeeper", machining.scope_key, today)
    assert directory().authorities(storekeeper, "storekeeper", finished_goods.scope_key, today)
    assert directory().authorities(storekeeper, "storekeeper", inspected.scope_keys, today)
    assert directory().holder_count("storekeeper", machining.scope_key, today) == 0
    assert directory().holder_count("storekeeper", inspected.scope_keys, today) == 1


def test_inbox_query_count_does_not_grow_with_second_scope_documents(
    client, receipt_book, inspector, storekeeper, finished_goods
):
    def add_inspected_receipts(count):
        for _ in range(count):
            document = _receipt(receipt_book, inspector, co_scope_key=finished_goods.scope_key)
            chains.sign(actor=inspector, document=document)

    add_inspected_receipts(3)
    client.force_login(storekeeper)
    client.get(reverse("core:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:inbox"))
    add_inspected_receipts(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("core:inbox"))
    assert response.content.decode().count("list-group-item") >= 23
    assert len(many) == len(few)


def test_api_document_payload_names_the_second_scope(inspected, storekeeper, finished_goods):
    _token, raw = create_token(actor=storekeeper, name="手机")
    response = Client().get("/api/v1/inbox", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [(row["number"], row["co_scope"]) for row in response.json()] == [
        (inspected.number, finished_goods.scope_key)
    ]
