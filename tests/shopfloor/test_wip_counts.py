"""Counts of work in progress (在产品盘点, D1-1.5): 陈静 the statistician opens a count of
机加车间 with the books' figures; 王芳 the clerk (or 孙丽 the team leader) enters what was
counted and explains every difference — found elsewhere, or scrapped; 赵刚 the workshop
director signs it off and the differences move through the stock ledger, never to the
count-adjustment location: every part of every lot is still somewhere."""

from decimal import Decimal

import pytest

from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import AuditEvent, Document
from gendan.shopfloor import places, queries, services, wip_services
from gendan.shopfloor.wip_models import WipCountLine
from gendan.stock import checks
from gendan.stock.models import StockMove
from tests.shopfloor.conftest import line, sign_through


@pytest.fixture
def turned(lot, clerk, signers):
    """The 40 半轴: 30 sent on from 车 to 热处理, 10 left at 车."""
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 30)])
    sign_through(slip, **signers)
    return lot


def _count(statistician, lot):
    return wip_services.open_wip_count(actor=statistician, workshop=lot.workshop)


def _lines(sheet):
    return {
        line.place.work_place.operation or line.place.work_place.kind: line
        for line in sheet.lines.select_related("place__work_place")
    }


def _conserved(lot):
    found = queries.quantities([lot])[lot.pk]
    assert sum(found.values(), Decimal(0)) == lot.quantity, found
    assert list(queries.lot_problems()) == []
    assert list(checks.balances_match_ledger()) == []
    return found


def _post(sheet, clerk, director):
    sheet = wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    return wip_services.sign_wip_count(actor=director, sheet=sheet)


def test_opening_snapshots_every_lot_at_every_place_of_the_workshop_D1_1_5(turned, statistician):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    assert {key: line.expected for key, line in by_place.items()} == {
        "车": Decimal(10),
        "热处理": Decimal(30),
    }
    assert all(line.counted is None for line in by_place.values())
    assert sheet.document.number.startswith("ZP-JJ-")
    assert sheet.document.status == Document.Status.PENDING
    assert sheet.document.current_step == 1
    assert "clerk" in sheet.document.current_role_code


def test_counts_without_differences_post_and_move_nothing_D1_1_5(
    turned, statistician, clerk, director
):
    sheet = _count(statistician, turned)
    moves_before = StockMove.objects.count()
    entries = [{"line": line, "counted": line.expected} for line in sheet.lines.all()]
    wip_services.record_counts(actor=clerk, sheet=sheet, entries=entries)
    sheet = _post(sheet, clerk, director)
    assert sheet.document.status == Document.Status.POSTED
    assert StockMove.objects.count() == moves_before
    assert _conserved(turned)["车"] == 10


def test_shortfall_explained_as_scrap_goes_to_the_workshop_scrap_place_D1_1_5(
    turned, statistician, clerk, director
):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 8, "explanation": "scrap", "note": "锈蚀"},
            {"line": by_place["热处理"], "counted": 30},
        ],
    )
    _post(sheet, clerk, director)
    found = _conserved(turned)
    assert (found["车"], found["热处理"], found["scrap"]) == (8, 30, 2)
    scrap = places.scrap_place(turned.workshop)
    move = StockMove.objects.get(document=sheet.document)
    assert (move.from_location, move.to_location, move.quantity) == (
        by_place["车"].place,
        scrap,
        Decimal(2),
    )


def test_shortfall_found_elsewhere_moves_to_where_it_was_found_D1_1_5(
    turned, statistician, clerk, receiver, director
):
    """Both sides of the sheet: 3 missing at 车 were found in the waiting area, a place
    the sheet did not list; 孙丽 the team leader counts."""
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    waiting = places.waiting_area(turned.workshop)
    wip_services.record_counts(
        actor=receiver,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 7, "explanation": "found"},
            {"line": by_place["热处理"], "counted": 30},
            {"lot": turned, "place": waiting, "counted": 3, "note": "放错位置"},
        ],
    )
    added = WipCountLine.objects.get(sheet=sheet, place=waiting)
    assert (added.is_found, added.expected, added.counted) == (True, 0, 3)
    _post(sheet, clerk, director)
    found = _conserved(turned)
    assert (found["车"], found["waiting"], found["热处理"], found["scrap"]) == (7, 3, 30, 0)


def test_a_shortfall_may_be_partly_found_and_partly_scrapped_D1_1_5(
    turned, statistician, clerk, director
):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 5, "scrapped": 2},
            {"line": by_place["热处理"], "counted": 33},
        ],
    )
    _post(sheet, clerk, director)
    found = _conserved(turned)
    assert (found["车"], found["热处理"], found["scrap"]) == (5, 33, 2)


def test_a_surplus_from_nowhere_is_refused_and_changes_nothing_D1_1_5(turned, statistician, clerk):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(wip_services.SurplusFromNowhere, match="appear from nowhere"):
        wip_services.record_counts(
            actor=clerk,
            sheet=sheet,
            entries=[
                {"line": by_place["车"], "counted": 10},
                {"line": by_place["热处理"], "counted": 31},
            ],
        )
    assert not sheet.lines.filter(counted__isnull=False).exists()
    assert AuditEvent.objects.count() == audit_rows


def test_a_surplus_not_matched_by_a_found_shortfall_is_refused_at_hand_in_D1_1_5(
    turned, statistician, clerk
):
    """12 at 车 and 28 at 热处理: the 2 more at 车 came from 热处理 — but the 热处理 shortfall is
    marked scrapped, so the surplus at 车 has no explanation."""
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 12},
            {"line": by_place["热处理"], "counted": 28, "explanation": "scrap"},
        ],
    )
    with pytest.raises(wip_services.DifferenceUnexplained, match="appear from nowhere"):
        wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    assert Document.objects.get(pk=sheet.document_id).current_step == 1


def test_an_unexplained_shortfall_keeps_the_sheet_from_being_handed_in_D1_1_5(
    turned, statistician, clerk
):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 9},
            {"line": by_place["热处理"], "counted": 30},
        ],
    )
    with pytest.raises(wip_services.DifferenceUnexplained, match="not explained"):
        wip_services.sign_wip_count(actor=clerk, sheet=sheet)


def test_found_elsewhere_without_a_place_where_it_was_found_is_refused_D1_1_5(
    turned, statistician, clerk
):
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 9, "explanation": "found"},
            {"line": by_place["热处理"], "counted": 30},
        ],
    )
    with pytest.raises(wip_services.DifferenceUnexplained, match="enter the place"):
        wip_services.sign_wip_count(actor=clerk, sheet=sheet)


def test_uncounted_places_keep_the_sheet_from_being_handed_in_D1_1_5(turned, statistician, clerk):
    sheet = _count(statistician, turned)
    with pytest.raises(wip_services.DifferenceUnexplained, match="Not counted yet"):
        wip_services.sign_wip_count(actor=clerk, sheet=sheet)


def test_parts_found_at_a_place_not_of_the_lot_are_refused_D1_1_5(
    turned, statistician, clerk, welding
):
    sheet = _count(statistician, turned)
    elsewhere = places.waiting_area(welding)
    with pytest.raises(DomainError, match="not a place of lot"):
        wip_services.record_counts(
            actor=clerk,
            sheet=sheet,
            entries=[{"lot": turned, "place": elsewhere, "counted": 1}],
        )


def test_counts_are_closed_once_handed_in_D1_1_5(turned, statistician, clerk):
    sheet = _count(statistician, turned)
    entries = [{"line": line, "counted": line.expected} for line in sheet.lines.all()]
    wip_services.record_counts(actor=clerk, sheet=sheet, entries=entries)
    wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    with pytest.raises(InvalidTransition):
        wip_services.record_counts(actor=clerk, sheet=sheet, entries=entries)


def test_who_opens_counts_and_signs_follows_the_matrix_D1_1_5(
    turned, statistician, clerk, operator, inspector, outsider, director
):
    with pytest.raises(PermissionDenied):
        wip_services.open_wip_count(actor=clerk, workshop=turned.workshop)
    with pytest.raises(PermissionDenied):
        wip_services.open_wip_count(actor=outsider, workshop=turned.workshop)
    sheet = _count(statistician, turned)
    entries = [{"line": line, "counted": line.expected} for line in sheet.lines.all()]
    for person in (operator, inspector, outsider):
        with pytest.raises(PermissionDenied):
            wip_services.record_counts(actor=person, sheet=sheet, entries=entries)
    assert not sheet.lines.filter(counted__isnull=False).exists()
    wip_services.record_counts(actor=clerk, sheet=sheet, entries=entries)
    with pytest.raises(DomainError):  # the clerk's step comes first
        wip_services.sign_wip_count(actor=director, sheet=sheet)
    sheet = wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    with pytest.raises(DomainError):  # the director's step is the director's
        wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    assert wip_services.sign_wip_count(actor=director, sheet=sheet).document.status == "posted"


def test_a_director_may_open_a_count_too_D1_1_5(turned, director):
    sheet = wip_services.open_wip_count(actor=director, workshop=turned.workshop)
    assert sheet.lines.count() == 2


def test_posting_after_a_transfer_moved_the_parts_away_is_refused_with_the_figures_D1_1_5(
    turned, statistician, clerk, director, signers
):
    """Counted 8 at 车 (2 scrapped); meanwhile all 10 went on to 热处理: the 2 to scrap
    cannot leave 车, the director's signature is refused and nothing changes."""
    sheet = _count(statistician, turned)
    by_place = _lines(sheet)
    wip_services.record_counts(
        actor=clerk,
        sheet=sheet,
        entries=[
            {"line": by_place["车"], "counted": 8, "explanation": "scrap"},
            {"line": by_place["热处理"], "counted": 30},
        ],
    )
    sheet = wip_services.sign_wip_count(actor=clerk, sheet=sheet)
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(turned, 10)])
    sign_through(slip, **signers)
    with pytest.raises(DomainError):
        wip_services.sign_wip_count(actor=director, sheet=sheet)
    assert Document.objects.get(pk=sheet.document_id).status == Document.Status.PENDING
    assert _conserved(turned)["scrap"] == 0
