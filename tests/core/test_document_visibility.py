"""A role granted everywhere sees only the papers its role is for (issue 9, "Read leaks";
D2-6): the outside factory and marketing no longer read every contract and expense claim."""

import pytest
from django.urls import reverse

from gendan.core import numbering
from gendan.core.access import can_see_document
from gendan.core.queries import visible_documents
from tests.factories import BookFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _person(username, role):
    user = UserFactory(username=username)
    grant(user, role)  # granted everywhere
    return user


@pytest.fixture
def claim(admin_user):
    """An expense claim: signed by the sales manager, read by merchandisers and QC."""
    book = BookFactory(slip_type="followup.expense_claim", code="BX-2026")
    return numbering.open_document(actor=admin_user, book=book, title="无锡出差 ¥188")


@pytest.fixture
def contract(admin_user):
    book = BookFactory(slip_type="sales.order", code="HT-2026")
    return numbering.open_document(
        actor=admin_user, book=book, title="上海锦程 合同", is_signed=False
    )


@pytest.mark.parametrize("role", ["factory", "marketing", "clerk", "storekeeper"])
def test_a_role_granted_everywhere_does_not_read_papers_it_is_not_for(
    client, claim, contract, role
):
    outsider = _person("outsider", role)
    assert not visible_documents(outsider).filter(pk__in=[claim.pk, contract.pk]).exists()
    assert not can_see_document(outsider, claim)
    client.force_login(outsider)
    assert client.get(reverse("core:document-detail", args=[claim.pk])).status_code == 404
    listed = client.get(reverse("core:document-list")).content.decode()
    assert claim.number not in listed and contract.number not in listed


@pytest.mark.parametrize(
    ("role", "reads_claim", "reads_contract"),
    [
        ("sales_manager", True, True),  # signs the claim, reads the sales papers
        ("merchandiser", True, True),
        ("qc", True, False),
        ("order_taker", False, True),
        ("auditor", True, True),  # reads every paper
    ],
)
def test_the_roles_a_paper_is_for_read_it(claim, contract, role, reads_claim, reads_contract):
    reader = _person("reader", role)
    assert can_see_document(reader, claim) is reads_claim
    assert can_see_document(reader, contract) is reads_contract
    visible = set(visible_documents(reader).values_list("pk", flat=True))
    assert (claim.pk in visible, contract.pk in visible) == (reads_claim, reads_contract)
