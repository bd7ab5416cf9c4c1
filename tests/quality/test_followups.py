"""Follow-ups of the factory inspections (issue 12, second part).

Personas (tests/quality/conftest.py): 张伟 the merchandiser counts the fabric and opens
problems, 韩雪 (QC) records and verifies, 邓芳 signs for 宜兴华美服装厂, 钱厂长 is the
login of another factory, 路人 is an outsider.

- D4-1: the packing list entered or imported (all or nothing, the bad row named), the
  count per line with shortages, width and defects, the merchandiser's confirmation
  telling the QC manager and sales exactly once;
- D4-6: problems open → resolved → closed (transitions as data), closing needs a note,
  problems not closed carried onto the next report the factory signs, the list per
  factory with ages;
- D4-12: customer complaints traced back to the inspections that could have caught them.
"""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.import_errors import ImportRejected
from gendan.core.models import (
    Attachment,
    AuditEvent,
    NotificationChannel,
    NotificationMessage,
    Policy,
)
from gendan.quality import followup_queries, followup_services, services
from gendan.quality.followup_models import (
    CarriedProblem,
    CustomerComplaint,
    FabricCount,
    PackingListLine,
    ProductionProblem,
)
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
LINES = [
    {"material": "面料 涤棉府绸", "colour_lot": "藏青 / 缸号 A12", "expected_quantity": "1500",
     "unit": "米", "width_specified": "148"},
    {"material": "里布", "colour_lot": "黑", "expected_quantity": "1500", "unit": "米",
     "width_specified": "150"},
    {"material": "拉链 5#", "colour_lot": "黑", "expected_quantity": "3200", "unit": "条"},
]  # fmt: skip


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def photo(name="p.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def record(actor, factory_order, stage="fabric", on=TODAY, **extra):
    return services.record_inspection(
        actor=actor, factory_order=factory_order, stage=stage, inspected_on=on,
        lot_size=extra.pop("lot_size", 400), **extra,
    )  # fmt: skip


@pytest.fixture
def channels(db):
    """The QC manager's and the sales desk's channels, named in the D4-1 policy."""
    NotificationChannel.objects.create(name="质检经理", kind="email", recipients="qc@example.com")
    NotificationChannel.objects.create(name="销售部", kind="email", recipients="s@example.com")
    Policy.objects.create(key="quality.fabric_count_channels", value="质检经理,销售部")


@pytest.fixture
def fabric(merchandiser, factory_order):
    return record(merchandiser, factory_order)


def counted(merchandiser, fabric):
    followup_services.save_packing_list(actor=merchandiser, inspection=fabric, lines=LINES)
    return followup_services.record_count(
        actor=merchandiser, inspection=fabric,
        counts={1: {"counted_quantity": "1500", "width_measured": "148"},
                2: {"counted_quantity": "1480", "width_measured": "149",
                    "defects": "两处抽纱"},
                3: {"counted_quantity": "3200"}},
    )  # fmt: skip


# ---------------------------------------------------------------- D4-1
def test_d4_1_count_against_the_packing_list_shows_shortage_width_and_defects_per_line(
    merchandiser, fabric
):
    lines = counted(merchandiser, fabric)
    assert [line.shortage for line in lines] == [Decimal(0), Decimal(20), Decimal(0)]
    assert [line.is_width_short for line in lines] == [False, True, False]
    assert lines[1].defects == "两处抽纱"


def test_d4_1_the_merchandiser_confirms_and_qc_manager_and_sales_are_told_exactly_once(
    merchandiser, fabric, channels, django_capture_on_commit_callbacks
):
    counted(merchandiser, fabric)
    with django_capture_on_commit_callbacks(execute=False):
        count = followup_services.confirm_fabric_count(actor=merchandiser, inspection=fabric)
    assert count.sent_to == "质检经理、销售部"
    messages = NotificationMessage.objects.order_by("id")
    assert [m.channel.name for m in messages] == ["质检经理", "销售部"]
    assert "里布" in messages[0].body and "20" in messages[0].body
    with pytest.raises(InvalidTransition):
        followup_services.confirm_fabric_count(actor=merchandiser, inspection=fabric)
    assert NotificationMessage.objects.count() == 2  # once, not again
    assert FabricCount.objects.count() == 1
    assert AuditEvent.objects.filter(action="inspection.fabric_confirm").count() == 1


def test_d4_1_once_confirmed_the_packing_list_and_count_cannot_change(
    merchandiser, fabric, channels
):
    counted(merchandiser, fabric)
    followup_services.confirm_fabric_count(actor=merchandiser, inspection=fabric)
    with pytest.raises(InvalidTransition):
        followup_services.record_count(actor=merchandiser, inspection=fabric,
                                       counts={2: {"counted_quantity": "1500"}})  # fmt: skip
    with pytest.raises(InvalidTransition):
        followup_services.save_packing_list(actor=merchandiser, inspection=fabric, lines=LINES[:1])
    assert PackingListLine.objects.get(inspection=fabric, position=2).counted_quantity == 1480
    assert PackingListLine.objects.filter(inspection=fabric).count() == 3


def test_d4_1_only_the_merchandiser_confirms_and_a_refusal_sends_nothing(
    qc, merchandiser, factory_user, fabric, channels
):
    counted(merchandiser, fabric)
    with pytest.raises(PermissionDenied):
        followup_services.confirm_fabric_count(actor=qc, inspection=fabric)
    with pytest.raises(PermissionDenied):
        followup_services.confirm_fabric_count(actor=factory_user, inspection=fabric)
    assert not FabricCount.objects.exists() and not NotificationMessage.objects.exists()


def test_d4_1_a_line_not_counted_or_no_channel_refuses_the_confirmation(
    merchandiser, fabric, channels
):
    followup_services.save_packing_list(actor=merchandiser, inspection=fabric, lines=LINES)
    with pytest.raises(DomainError) as refused:
        followup_services.confirm_fabric_count(actor=merchandiser, inspection=fabric)
    assert "1、2、3" in str(refused.value)
    counted(merchandiser, fabric)
    NotificationChannel.objects.update(is_active=False)
    with pytest.raises(DomainError):
        followup_services.confirm_fabric_count(actor=merchandiser, inspection=fabric)
    assert not FabricCount.objects.exists() and not NotificationMessage.objects.exists()


def test_d4_1_a_bad_line_saves_nothing_and_names_the_line(merchandiser, fabric):
    bad = [LINES[0], {**LINES[1], "expected_quantity": "一千五"}]
    with pytest.raises(DomainError) as refused:
        followup_services.save_packing_list(actor=merchandiser, inspection=fabric, lines=bad)
    assert "2" in str(refused.value) and refused.value.field == "lines[2]"
    assert not PackingListLine.objects.exists()


def _xlsx(rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


HEADER = ["面辅料", "颜色/缸号", "装箱单数量", "单位", "要求门幅"]


def test_d4_1_the_packing_list_is_imported_from_xlsx(merchandiser, fabric):
    data = _xlsx([HEADER, ["面料", "藏青", 1500, "米", 148], ["里布", "黑", 1500, "米", 150]])
    lines = followup_services.import_packing_list(
        actor=merchandiser, inspection=fabric, file_bytes=data, filename="装箱单.xlsx"
    )
    assert [(line.material, line.expected_quantity) for line in lines] == [
        ("面料", Decimal(1500)), ("里布", Decimal(1500))
    ]  # fmt: skip


def test_d4_1_an_import_with_a_bad_row_imports_nothing_and_names_the_row(merchandiser, fabric):
    data = _xlsx([HEADER, ["面料", "藏青", 1500, "米", 148], ["里布", "黑", "很多", "米", 150]])
    with pytest.raises(ImportRejected) as refused:
        followup_services.import_packing_list(
            actor=merchandiser, inspection=fabric, file_bytes=data, filename="装箱单.xlsx"
        )
    assert [problem.row for problem in refused.value.problems] == [3]
    assert not PackingListLine.objects.exists()


def test_d4_1_only_a_fabric_inspection_has_a_packing_list_and_only_writers_enter_it(
    merchandiser, factory_user, factory_order, fabric
):
    mid = record(merchandiser, factory_order, "mid_production")
    with pytest.raises(InvalidTransition):
        followup_services.save_packing_list(actor=merchandiser, inspection=mid, lines=LINES)
    with pytest.raises(PermissionDenied):
        followup_services.save_packing_list(actor=factory_user, inspection=fabric, lines=LINES)
    assert not PackingListLine.objects.exists()


def test_d4_1_the_phone_page_counts_and_confirms(merchandiser, fabric, channels, outsider,
                                                 other_factory_user):  # fmt: skip
    client = client_for(merchandiser)
    url = f"/quality/inspections/{fabric.pk}/packing-list/"
    post = {f"line-{i}-{key}": value for i, row in enumerate(LINES, start=1)
            for key, value in row.items()}  # fmt: skip
    assert client.post(url + "save/", post).status_code == 302
    counts = {"count-1-counted_quantity": "1500", "count-2-counted_quantity": "1480",
              "count-3-counted_quantity": "3200"}  # fmt: skip
    client.post(url + "count/", counts)
    page = client.get(url).content.decode()
    assert 'data-testid="shortage-2"' in page and 'data-short="yes"' in page
    assert client.post(url + "confirm/").status_code == 302
    assert FabricCount.objects.filter(inspection=fabric).exists()
    assert 'data-testid="count-confirmed"' in client.get(url).content.decode()
    for user in (outsider, other_factory_user):
        assert client_for(user).get(url).status_code == 404


def test_d4_1_the_api_enters_counts_and_confirms(merchandiser, fabric, channels):
    client = client_for(merchandiser)
    base = f"/api/v1/quality/inspections/{fabric.pk}/packing-list"
    answer = client.put(base, {"lines": LINES}, content_type="application/json")
    assert answer.status_code == 200 and len(answer.json()["lines"]) == 3
    answer = client.post(base + "/count", {"counts": [
        {"position": 1, "counted_quantity": "1500"}, {"position": 2, "counted_quantity": "1480"},
        {"position": 3, "counted_quantity": "3200"}]}, content_type="application/json")  # fmt: skip
    assert answer.json()["lines"][1]["shortage"] == "20"
    answer = client.post(base + "/confirm")
    assert answer.status_code == 200 and answer.json()["is_confirmed"]
    assert client.post(base + "/confirm").status_code == 409
    assert NotificationMessage.objects.count() == 2


# ---------------------------------------------------------------- D4-6
def open_problem(merchandiser, factory_order, inspection=None, **extra):
    return followup_services.open_problem(
        actor=merchandiser, factory_order=factory_order, process=extra.pop("process", "绱袖"),
        description=extra.pop("description", "袖窿起皱"), responsible="车间主任王强",
        due_on=extra.pop("due_on", TODAY + datetime.timedelta(days=2)), inspection=inspection,
        **extra,
    )  # fmt: skip


def test_d4_6_a_problem_goes_open_resolved_closed_and_closing_needs_a_note(
    merchandiser, qc, factory_user, factory_order
):
    early = record(merchandiser, factory_order, "early_production")
    problem = open_problem(merchandiser, factory_order, early, photos=[photo()])
    followup_services.resolve_problem(actor=factory_user, problem=problem, resolution="已换针")
    assert problem.state == "resolved"
    with pytest.raises(DomainError):
        followup_services.close_problem(actor=qc, problem=problem, note="  ")
    problem.refresh_from_db()
    assert problem.state == "resolved" and problem.closed_at is None
    followup_services.close_problem(actor=qc, problem=problem, note="复查 20 件，已无起皱",
                                    photos=[photo("after.png")])  # fmt: skip
    problem.refresh_from_db()
    assert (problem.state, problem.closed_by, problem.close_note) == (
        "closed", qc, "复查 20 件，已无起皱")  # fmt: skip
    assert Attachment.objects.count() == 2
    assert AuditEvent.objects.filter(action="production_problem.close").count() == 1


def test_d4_6_refused_moves_change_nothing(merchandiser, factory_user, other_factory_user,
                                           factory_order):  # fmt: skip
    problem = open_problem(merchandiser, factory_order)
    with pytest.raises(InvalidTransition):  # open → closed skips the fix
        followup_services.close_problem(actor=merchandiser, problem=problem, note="ok")
    with pytest.raises(PermissionDenied):  # another factory
        followup_services.resolve_problem(actor=other_factory_user, problem=problem,
                                          resolution="done")  # fmt: skip
    followup_services.resolve_problem(actor=factory_user, problem=problem, resolution="已改")
    with pytest.raises(PermissionDenied):  # the factory does not verify its own fix
        followup_services.close_problem(actor=factory_user, problem=problem, note="ok",
                                        photos=[photo()])  # fmt: skip
    problem.refresh_from_db()
    assert problem.state == "resolved" and not Attachment.objects.exists()


def test_d4_6_a_resolved_problem_not_really_fixed_is_reopened_with_a_reason(
    merchandiser, factory_user, factory_order
):
    problem = open_problem(merchandiser, factory_order)
    followup_services.resolve_problem(actor=factory_user, problem=problem, resolution="已改")
    followup_services.reopen_problem(actor=merchandiser, problem=problem, reason="仍有起皱")
    problem.refresh_from_db()
    assert problem.state == "open" and problem.resolved_at is None


def test_d4_6_problems_not_closed_are_carried_onto_the_next_report_the_factory_signs(
    merchandiser, qc, factory_user, factory_order
):
    early = record(merchandiser, factory_order, "early_production")
    kept = open_problem(merchandiser, factory_order, early)
    closed = open_problem(merchandiser, factory_order, early, process="锁眼", description="眼位偏")
    followup_services.resolve_problem(actor=factory_user, problem=closed, resolution="已改")
    followup_services.close_problem(actor=qc, problem=closed, note="复查合格")
    nxt = record(merchandiser, factory_order, "first_piece", TODAY + datetime.timedelta(days=1))
    assert [row.problem for row in CarriedProblem.objects.filter(inspection=nxt)] == [kept]
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(nxt))
    page = client_for(factory_user).get(f"/quality/inspections/{nxt.pk}/").content.decode()
    assert 'data-testid="paper-carried-problems"' in page and "袖窿起皱" in page
    assert (
        "眼位偏" not in page.split('data-testid="paper-carried-problems"')[1].split("</table>")[0]
    )
    printed = client_for(qc).get(f"/quality/inspections/{nxt.pk}/print/").content.decode()
    assert "袖窿起皱" in printed


def test_d4_6_the_list_shows_open_problems_per_factory_with_ages(
    merchandiser, factory_user, other_factory_user, factory_order, django_assert_max_num_queries
):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        old = open_problem(merchandiser, factory_order, due_on=datetime.date(2026, 3, 5))
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0), tick=False):
        open_problem(merchandiser, factory_order, process="整烫", description="极光")
        rows = followup_queries.with_ages(followup_queries.problems(merchandiser))
        assert [(r.problem.pk == old.pk, r.age_days, r.is_overdue) for r in rows] == [
            (True, 8, True), (False, 0, False)]  # fmt: skip
        assert followup_queries.per_factory(rows)[0]["oldest"] == 8
        with django_assert_max_num_queries(50):  # the page frame included; not per row
            page = client_for(merchandiser).get("/quality/problems/?q=zt").content.decode()
    assert "极光" in page and "袖窿起皱" not in page  # pinyin initials of 整烫
    export = client_for(merchandiser).get("/quality/problems/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_for(factory_user).get("/quality/problems/").content.decode().count("data-state=")
        == 2
    )
    assert (
        "袖窿起皱" not in client_for(other_factory_user).get("/quality/problems/").content.decode()
    )


def test_d4_6_the_phone_pages_open_and_close_a_problem(merchandiser, qc, factory_user,
                                                       factory_order, outsider):  # fmt: skip
    early = record(merchandiser, factory_order, "early_production")
    client = client_for(merchandiser)
    answer = client.post("/quality/problems/new/", {
        "inspection": early.pk, "factory_order": factory_order.pk, "process": "绱袖",
        "description": "袖窿起皱", "responsible": "王强", "due_on": "2026-03-12",
        "photo": photo()})  # fmt: skip
    problem = ProductionProblem.objects.get()
    assert answer.status_code == 302 and problem.inspection == early
    url = f"/quality/problems/{problem.pk}/"
    assert client_for(outsider).get(url).status_code == 404
    client_for(factory_user).post(url + "resolve/", {"resolution": "已换压脚"})
    client_for(qc).post(url + "close/", {"note": ""})
    problem.refresh_from_db()
    assert problem.state == "resolved"  # no note: refused
    client_for(qc).post(url + "close/", {"note": "复查合格"})
    problem.refresh_from_db()
    assert problem.state == "closed"


def test_d4_6_the_api_follows_a_problem(merchandiser, qc, factory_user, factory_order):
    answer = client_for(merchandiser).post("/api/v1/quality/problems", {
        "factory_order": factory_order.pk, "process": "绱袖", "description": "袖窿起皱",
        "responsible": "王强", "due_on": "2026-03-12"}, content_type="application/json")  # fmt: skip
    assert answer.status_code == 201
    pk = answer.json()["id"]
    base = f"/api/v1/quality/problems/{pk}"
    assert client_for(qc).post(base + "/close", {"note": "x"},
                               content_type="application/json").status_code == 409  # fmt: skip
    client_for(factory_user).post(base + "/resolve", {"note": "已改"},
                                  content_type="application/json")  # fmt: skip
    answer = client_for(qc).post(base + "/close", {"note": "复查合格"},
                                 content_type="application/json")  # fmt: skip
    assert answer.json()["state"] == "closed"


# ---------------------------------------------------------------- D4-12
def test_d4_12_a_customer_complaint_is_traced_back_to_the_inspections(
    merchandiser, qc, factory_order
):
    """A complaint about workmanship: the mid inspection found the same kind (not
    followed), the first piece and the final inspected without finding it (missed)."""
    record(merchandiser, factory_order, "first_piece", TODAY - datetime.timedelta(days=15))
    mid = record(merchandiser, factory_order, "mid_production", TODAY - datetime.timedelta(days=8),
                 defects=[{"defect_class": "major", "category": "workmanship",
                           "description": "袖口跳线", "count": 1}])  # fmt: skip
    final = record(qc, factory_order, "final", TODAY, lot_size=3200, packed_quantity=2600)
    complaint = followup_services.record_complaint(
        actor=merchandiser, order=factory_order.order, received_on=TODAY + datetime.timedelta(30),
        description="客户反馈袖口开线", defect_class="major", category="workmanship",
        photos=[photo()],
    )  # fmt: skip
    trace = followup_queries.complaint_traces(factory_order.order_id,
                                              list(services.Inspection.objects.all()))[0]  # fmt: skip
    outcomes = {check["step"]: check["outcome"] for check in trace["checks"]}
    assert outcomes["mid_production"] == "found" and outcomes["first_piece"] == "missed"
    assert outcomes["final"] == "missed" and outcomes["pre_production_sample"] == "not_inspected"
    page = client_for(qc).get(f"/quality/orders/{factory_order.order_id}/").content.decode()
    assert "客户反馈袖口开线" in page.split('data-testid="complaints"')[1]
    page = client_for(qc).get(f"/quality/inspections/{mid.pk}/").content.decode()
    assert 'data-testid="inspection-complaints"' in page
    answer = client_for(qc).get(f"/api/v1/quality/orders/{factory_order.order_id}/complaints")
    assert answer.json()[0]["checks"][-2]["inspections"] == [final.document.number]
    assert complaint.recorded_by == merchandiser


def test_d4_12_a_complaint_refused_keeps_nothing(merchandiser, factory_user, outsider,
                                                 factory_order):  # fmt: skip
    for user in (factory_user, outsider):
        with pytest.raises(PermissionDenied):
            followup_services.record_complaint(
                actor=user, order=factory_order.order, received_on=TODAY, description="x",
                defect_class="major", category="workmanship")  # fmt: skip
    with pytest.raises(DomainError):
        followup_services.record_complaint(
            actor=merchandiser, order=factory_order.order, received_on=TODAY, description="",
            defect_class="major", category="workmanship", photos=[photo()])  # fmt: skip
    assert not CustomerComplaint.objects.exists() and not Attachment.objects.exists()


def test_d4_12_the_complaint_page_records_and_returns_to_the_order(merchandiser, qc,
                                                                    factory_order):  # fmt: skip
    record(merchandiser, factory_order, "first_piece", TODAY - datetime.timedelta(days=15))
    url = f"/quality/orders/{factory_order.order_id}/complaints/new/"
    assert client_for(qc).get(url).status_code == 200
    answer = client_for(qc).post(
        url,
        {
            "received_on": "2026-04-20",
            "description": "胸围偏小",
            "defect_class": "major",
            "category": "measurement",
        },
    )
    assert answer.status_code == 302
    assert CustomerComplaint.objects.get().category == "measurement"
