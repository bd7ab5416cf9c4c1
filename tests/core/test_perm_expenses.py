"""Trip expenses answer as the permission matrix says (issue 9, D4-X): the page and
`/api/v1/followup/expenses` for whoever may see claims (`expense_claim.view`: the
merchandisers their own, the sales manager and the auditor every one); the form and the
"Trip expenses" button only for claimants (`expense_claim.create`: merchandisers). The
contracted factory's login (邓芳) and a workshop clerk are refused and change nothing.

Persona: 张伟, merchandiser, eats lunch at 华鑫制衣厂 and claims it; 马晓玲, sales manager,
approves claims; 宋雨, auditor, reads them."""

from datetime import date

import pytest
from django.urls import reverse

from gendan.core.errors import PermissionDenied
from gendan.core.models import AuditEvent, Document
from gendan.followup import expenses
from gendan.followup.models import Expense, ExpenseClaim
from tests.factories import SiteFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

API = "/api/v1/followup/expenses"
FORM_MARK = 'name="amount"'


def _person(username, name, role, **scope):
    user = UserFactory(username=username, first_name=name)
    grant(user, role, **scope)
    return user


@pytest.fixture
def people(db, machining):
    return {
        "zhangwei": _person("zhangwei", "张伟", "merchandiser"),
        "maxiaoling": _person("maxiaoling", "马晓玲", "sales_manager"),
        "songyu": _person("songyu", "宋雨", "auditor"),
        "dengfang": _person("dengfang", "邓芳", "factory"),
        "wangfang": _person("wangfang", "王芳", "clerk", workshop=machining),
    }


@pytest.fixture
def factory_site(db):
    return SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")


@pytest.fixture
def lunch(people, factory_site):
    return expenses.record_expense(
        actor=people["zhangwei"],
        spent_on=date.today(),
        category="lunch",
        amount="25.00",
        factory=factory_site,
    )


def _state():
    return (
        Expense.objects.count(),
        ExpenseClaim.objects.count(),
        Document.objects.count(),
        AuditEvent.objects.count(),
    )


def _page(client, user):
    client.force_login(user)
    return client.get(reverse("followup:expense-list"))


def test_d4_x_the_merchandiser_gets_the_form_and_their_own_expenses(client, people, lunch):
    response = _page(client, people["zhangwei"])
    body = response.content.decode()
    assert response.status_code == 200 and FORM_MARK in body and "25.00" in body
    assert [row["amount"] for row in client.get(API).json()] == ["25.00"]


@pytest.mark.parametrize("username", ["maxiaoling", "songyu"])
def test_d4_x_the_sales_manager_and_the_auditor_read_every_expense_without_a_form(
    client, people, lunch, username
):
    response = _page(client, people[username])
    body = response.content.decode()
    assert response.status_code == 200 and "25.00" in body and "张伟" in body
    assert FORM_MARK not in body
    assert [row["amount"] for row in client.get(API).json()] == ["25.00"]


@pytest.mark.parametrize("username", ["dengfang", "wangfang"])
def test_the_factory_login_and_a_clerk_are_refused_the_expense_page_and_api(
    client, people, lunch, username
):
    assert _page(client, people[username]).status_code == 403
    assert client.get(API).status_code == 403


@pytest.mark.parametrize("username", ["dengfang", "maxiaoling", "songyu"])
def test_only_claimants_record_or_claim_and_a_refusal_changes_nothing(
    client, people, factory_site, lunch, username
):
    user = people[username]
    client.force_login(user)
    before = _state()
    posted = client.post(
        reverse("followup:expense-create"),
        {"spent_on": "2026-01-05", "category": "lunch", "amount": "30", "factory": factory_site.pk},
    )
    assert posted.status_code == 403
    assert client.post(reverse("followup:claim-submit")).status_code == 403
    api = client.post(
        API,
        {
            "spent_on": "2026-01-05",
            "category": "lunch",
            "amount": "30",
            "factory_id": factory_site.pk,
        },
    )
    assert api.status_code == 403
    with pytest.raises(PermissionDenied):
        expenses.record_expense(
            actor=user, spent_on=date(2026, 1, 5), category="lunch", amount="30",
            factory=factory_site,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        expenses.submit_claim(actor=user)
    assert _state() == before


def test_the_factory_login_sees_no_trip_expenses_button_on_the_board(client, people):
    """The 差旅费 button of the order board, for claimants and readers only."""
    url = reverse("followup:expense-list")
    client.force_login(people["dengfang"])
    assert url not in client.get(reverse("followup:board")).content.decode()
    client.force_login(people["zhangwei"])
    assert url in client.get(reverse("followup:board")).content.decode()
