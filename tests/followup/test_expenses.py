"""Trip expenses of factory visits (D4-X), approved along the claim chain."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent, Document
from gendan.followup import expenses
from gendan.followup.models import Expense
from tests.factories import SiteFactory


@pytest.fixture
def factory_site(db):
    return SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")


def _record(actor, factory, amount="25.00", category="lunch", **kwargs):
    return expenses.record_expense(
        actor=actor,
        spent_on=kwargs.pop("spent_on", date(2025, 7, 30)),
        category=category,
        amount=amount,
        factory=factory,
        **kwargs,
    )


def _state():
    return Expense.objects.count(), AuditEvent.objects.count()


def test_d4_x_meal_expenses_are_recorded_and_the_month_total_shown(
    client, frozen, merchandiser, factory_site, planned_order, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _record(merchandiser, factory_site, "12.00", "breakfast")
    photo = SimpleUploadedFile("fapiao.jpg", b"\xff\xd8 receipt", content_type="image/jpeg")
    _record(merchandiser, None, "38.50", "dinner", order=planned_order, receipt_photo=photo)
    _record(merchandiser, factory_site, "99.00", "lodging", spent_on=date(2025, 6, 30))
    assert expenses.month_total(merchandiser, 2025, 7) == Decimal("50.50")
    client.force_login(merchandiser)
    body = client.get(reverse("followup:expense-list"), {"month": "2025-07"}).content.decode()
    assert "50.50" in body


@pytest.mark.parametrize(
    ("amount", "category", "field"),
    [
        ("-5", "lunch", "amount"),
        ("0", "lunch", "amount"),
        ("abc", "lunch", "amount"),
        ("10", "karaoke", "category"),
    ],
)
def test_d4_x_bad_expense_is_refused_and_changes_nothing(
    frozen, merchandiser, factory_site, amount, category, field
):
    before = _state()
    with pytest.raises(DomainError) as refused:
        _record(merchandiser, factory_site, amount, category)
    assert refused.value.field == field
    assert _state() == before


def test_d4_x_expense_needs_an_order_or_a_factory(frozen, merchandiser):
    with pytest.raises(DomainError) as refused:
        _record(merchandiser, None)
    assert refused.value.field == "order"


def test_d4_x_claim_is_approved_by_the_sales_manager_through_the_chain(
    frozen, merchandiser, sales_manager, factory_site
):
    lunch = _record(merchandiser, factory_site, "25.00")
    taxi = _record(merchandiser, factory_site, "40.00", "transport")
    claim = expenses.submit_claim(actor=merchandiser)
    assert claim.document.number.startswith("BX-2025-")
    assert claim.document.status == Document.Status.PENDING
    assert claim.total_amount == Decimal("65.00")
    with pytest.raises(PermissionDenied):
        expenses.approve_claim(actor=merchandiser, claim=claim)
    assert Expense.objects.get(pk=lunch.pk).status == "claimed"
    expenses.approve_claim(actor=sales_manager, claim=claim, note="同意")
    claim.document.refresh_from_db()
    assert claim.document.status == Document.Status.POSTED
    assert set(
        Expense.objects.filter(pk__in=[lunch.pk, taxi.pk]).values_list("status", flat=True)
    ) == {"approved"}


def test_claiming_with_nothing_unclaimed_is_refused(frozen, merchandiser):
    with pytest.raises(DomainError) as refused:
        expenses.submit_claim(actor=merchandiser)
    assert refused.value.field == "expenses"


def test_expense_form_with_unknown_category_shows_the_error_and_saves_nothing(
    client, frozen, merchandiser, factory_site
):
    client.force_login(merchandiser)
    response = client.post(
        reverse("followup:expense-create"),
        {
            "spent_on": "2025-07-30",
            "category": "karaoke",
            "amount": "10",
            "factory": factory_site.pk,
        },
    )
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert not Expense.objects.exists()
    client.post(
        reverse("followup:expense-create"),
        {"spent_on": "2025-07-30", "category": "lunch", "amount": "18", "factory": factory_site.pk},
    )
    assert Expense.objects.get().amount == Decimal("18.00")
