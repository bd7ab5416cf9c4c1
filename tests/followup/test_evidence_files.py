"""Milestone evidence and receipt photos follow core's attachment rules (issue 8 item 4):
a file of a kind nobody can open as evidence is refused, and nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gendan.core.errors import DomainError
from gendan.followup import services
from gendan.followup.models import Expense, Milestone
from tests.factories import SiteFactory
from tests.followup.test_expenses import _record
from tests.followup.test_plans import _plan, _snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def test_a_program_file_as_milestone_evidence_is_refused_and_changes_nothing(
    planned_order, merchandiser, tmp_path
):
    milestone = _plan(planned_order)["面辅料到厂查验"]
    before = _snapshot(milestone)

    with pytest.raises(DomainError) as refused:
        services.complete_milestone(
            actor=merchandiser,
            milestone=milestone,
            evidence_file=SimpleUploadedFile("packing-list.exe", b"MZ"),
        )

    assert refused.value.field == "evidence_file"
    assert str(refused.value).startswith("packing-list.exe is not an accepted kind of file")
    assert _snapshot(milestone) == before
    assert not Milestone.objects.get(pk=milestone.pk).evidence_file
    assert list(tmp_path.iterdir()) == []


def test_a_spreadsheet_is_refused_as_a_receipt_photo(merchandiser, frozen):
    """D4-X: a receipt is a photo or a PDF."""
    factory_site = SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")
    with pytest.raises(DomainError) as refused:
        _record(
            merchandiser,
            factory_site,
            "12.00",
            "lunch",
            receipt_photo=SimpleUploadedFile("fapiao.xlsx", b"PK"),
        )

    assert refused.value.field == "receipt_photo"
    assert "accepted: jpg, jpeg, png, webp, heic, pdf." in str(refused.value)
    assert Expense.objects.count() == 0
