"""Scopes are values and reach people as names, never as keys like "workshop:3"."""

import pytest

from gendan.core import chains, numbering
from gendan.core.errors import PermissionDenied
from gendan.core.scopes import Scope, describe, names_of
from gendan.org.models import Site, Warehouse, Workshop
from tests.factories import EmployeeFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def machining():
    site = Site.objects.create(code="OWN", name="丰收农机厂", kind=Site.Kind.OWN_PLANT)
    return Workshop.objects.create(site=site, code="JJ", name="机加车间")


@pytest.fixture
def finished_goods(machining):
    return Warehouse.objects.create(site=machining.site, code="CP", name="成品库")


def test_a_scope_round_trips_through_its_stored_key(machining, finished_goods):
    scope = Scope.workshop(machining)
    assert scope.key == f"workshop:{machining.pk}"
    assert Scope.parse(scope.key) == scope
    assert Scope.parse("") == Scope.everywhere()
    assert Scope.warehouse(finished_goods.pk) == finished_goods.scope


def test_a_malformed_key_is_refused():
    with pytest.raises(ValueError):
        Scope.parse("workshop:abc")
    with pytest.raises(ValueError):
        Scope.parse("planet:3")


def test_scopes_are_named_as_people_know_them(machining, finished_goods):
    assert str(machining.scope) == "机加车间"
    assert str(Scope.supplier(machining.site)) == "丰收农机厂"
    assert describe([machining.scope, finished_goods.scope.key]) == "机加车间 或 成品库"
    assert describe([]) == "全部范围"


def test_many_scopes_are_named_with_one_query_per_kind(
    machining, finished_goods, django_assert_num_queries
):
    other = Workshop.objects.create(site=machining.site, code="HJ", name="焊接车间")
    keys = [machining.scope_key, other.scope_key, finished_goods.scope_key]
    with django_assert_num_queries(2):
        names = names_of(keys)
    assert names == {keys[0]: "机加车间", keys[1]: "焊接车间", keys[2]: "成品库"}


def test_a_refused_signature_names_the_workshop_not_its_key(machining, finished_goods):
    """The message a wrong-scope signer gets says 机加车间 or 成品库 (issue 8, item 6)."""
    author = UserFactory(username="clerk")
    outsider = UserFactory(username="inspector_elsewhere")
    EmployeeFactory(user=outsider, site=machining.site)
    other = Workshop.objects.create(site=machining.site, code="HJ", name="焊接车间")
    grant(outsider, "inspector", workshop=other)
    chains.define_chain(
        actor=author, slip_type="t", name="t", steps=[{"name": "质检", "role_code": "inspector"}]
    )
    book = numbering.create_book(actor=author, code="T", name="t", slip_type="t")
    document = numbering.open_document(
        actor=author,
        book=book,
        title="半轴",
        scope_key=machining.scope_key,
        co_scope_key=finished_goods.scope_key,
    )
    chains.submit(actor=author, document=document)
    with pytest.raises(PermissionDenied) as refused:
        chains.sign(actor=outsider, document=document)
    message = str(refused.value)
    assert "机加车间 或 成品库" in message
    assert "workshop:" not in message and "warehouse:" not in message
