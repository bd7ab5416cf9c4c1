"""D3-3: problems logged per waybill from a controlled list, with a note and an
optional photo, open until closed; the ISO week's summary as a page and an xlsx, and
sent to the team lead's channel by the periodic task exactly once per week."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import Attachment, AuditEvent, NotificationMessage
from gendan.core.spreadsheets import read_sheet
from gendan.logistics import problems, tasks
from gendan.logistics.models import DeskDispatch, Problem
from tests.logistics.conftest import DAY
from tests.logistics.more import at, channel, imported_and_handed_out

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_3_the_holder_logs_a_problem_with_a_photo_and_the_lead_closes_it(lead, zhang,
                                                                           order_of_zhang):  # fmt: skip
    """D3-3: 张伟 logs 破损 with a photo from his phone page; 唐伟 closes it."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    assert waybill.assignee == zhang
    response = _client(zhang).post(
        reverse("logistics:waybill-problem", args=[waybill.pk]),
        {"kind": "damaged", "problem_note": "外箱压坏", "photo": SimpleUploadedFile("p.png", PNG)},
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.waybill, problem.kind, problem.note, problem.state, problem.reported_by) == (
        waybill,
        "damaged",
        "外箱压坏",
        "open",
        zhang,
    )
    assert Attachment.objects.get().object_id == str(problem.pk)
    page = _client(lead).get(reverse("logistics:problems") + "?state=open&q=SF12")
    assert [p.pk for p in page.context["problems"]] == [problem.pk]
    problems.close_problem(actor=lead, problem=problem, closing_note="快递公司已赔付")
    problem.refresh_from_db()
    assert (problem.state, problem.closed_by, problem.closing_note) == (
        "closed",
        lead,
        "快递公司已赔付",
    )
    with pytest.raises(DomainError):
        problems.close_problem(actor=lead, problem=problem)


def test_d3_3_a_problem_outside_the_list_or_on_anothers_waybill_is_refused(lead, zhang, liu,
                                                                          order_of_zhang):  # fmt: skip
    """D3-3: the kind must come from the list; 刘敏 may not log on 张伟's waybill; an
    other problem needs a note; nothing is stored for any of them."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        problems.record_problem(actor=zhang, waybill=waybill, kind="stolen")
    with pytest.raises(DomainError):
        problems.record_problem(actor=zhang, waybill=waybill, kind="other", note=" ")
    with pytest.raises(PermissionDenied):
        problems.record_problem(actor=liu, waybill=waybill, kind="lost")
    assert not Problem.objects.exists() and AuditEvent.objects.count() == audits
    response = _client(liu).post(reverse("logistics:waybill-problem", args=[waybill.pk]),
                                 {"kind": "lost"})  # fmt: skip
    assert response.status_code == 404 and not Problem.objects.exists()


def test_d3_3_only_the_lead_or_the_reporter_closes(lead, zhang, liu, order_of_zhang):
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    problem = problems.record_problem(actor=zhang, waybill=waybill, kind="lost", note="查无此件")
    with pytest.raises(PermissionDenied):
        problems.close_problem(actor=liu, problem=problem)
    problem.refresh_from_db()
    assert problem.state == "open" and problem.closed_by is None


def test_d3_3_the_weekly_summary_counts_the_week_by_kind_and_exports(lead, zhang, order_of_zhang):
    """D3-3: the ISO week 2026-W11 (9–15 March) has two problems; one from the week
    before is still open; the page and the xlsx show them."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    with time_machine.travel(at(DAY - datetime.timedelta(days=7), 11), tick=False):
        problems.record_problem(actor=zhang, waybill=waybill, kind="lost", note="上周")
    with time_machine.travel(at(DAY, 11), tick=False):
        problems.record_problem(actor=zhang, waybill=waybill, kind="damaged", note="压坏")
        problems.record_problem(actor=zhang, waybill=waybill, kind="wrong_address", note="地址错")
    summary = problems.week_summary(datetime.date(2026, 3, 9))
    counts = dict((str(label), count) for label, count in summary.by_kind)
    assert summary.label == "2026-W11" and len(summary.problems) == 2
    assert sum(counts.values()) == 2 and summary.still_open_before == 1
    client = _client(lead)
    page = client.get(reverse("logistics:problem-week") + "?week=2026-W11")
    assert page.status_code == 200 and len(page.context["summary"].problems) == 2
    export = client.get(reverse("logistics:problem-week-export") + "?week=2026-W11")
    rows = read_sheet(export.content, "week.xlsx").rows
    assert len(rows) == 3  # the header and two problems
    assert {row[0] for row in rows[1:]} == {"SF1234567890123"}
    assert _client(zhang).get(reverse("logistics:problem-week")).status_code == 403


def test_d3_3_the_periodic_task_sends_last_weeks_summary_to_the_lead_exactly_once(
    lead, zhang, order_of_zhang
):
    """D3-3: from Monday 16 March 09:00 the task sends week 11's summary to the lead's
    channel; running again that day or later in the week sends nothing more; before
    09:00 on Monday nothing is sent."""
    channel("核单组长", "logistics.lead_channel")
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    with time_machine.travel(at(DAY, 11), tick=False):
        problems.record_problem(actor=zhang, waybill=waybill, kind="refused", note="客户拒收")
    monday = datetime.date(2026, 3, 16)
    summaries = DeskDispatch.objects.filter(kind="weekly_problems")
    assert tasks.send_due_messages(at(monday, 8, 50))["weekly"] is None
    assert not summaries.exists()
    sent = tasks.send_due_messages(at(monday, 9, 0))["weekly"]
    assert (sent.kind, sent.period, sent.item_count) == ("weekly_problems", "2026-W11", 1)
    message = NotificationMessage.objects.get(subject=sent.subject)
    assert "2026-W11" in message.subject and "SF1234567890123" in message.body
    for moment in (at(monday, 9, 10), at(monday, 15), at(monday + datetime.timedelta(days=3), 9)):
        assert tasks.send_due_messages(moment)["weekly"] is None
    assert NotificationMessage.objects.filter(subject=sent.subject).count() == 1
    assert summaries.count() == 1


def test_d3_3_without_a_channel_nothing_is_recorded_so_it_goes_once_one_is_set(lead):
    monday = datetime.date(2026, 3, 16)
    assert tasks.send_due_messages(at(monday, 10))["weekly"] is None
    assert not DeskDispatch.objects.exists()
    channel("核单组长", "logistics.lead_channel")
    assert tasks.send_due_messages(at(monday, 10, 10))["weekly"] is not None


def test_d3_3_the_api_logs_and_lists_problems_and_refuses_anothers_waybill(lead, zhang, liu,
                                                                          order_of_zhang):  # fmt: skip
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    url = f"/api/v1/logistics/waybills/{waybill.pk}/problems"
    made = _client(zhang).post(url, {"kind": "lost", "note": "查无此件"},
                               content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["kind"] == "lost"
    refused = _client(liu).post(url, {"kind": "lost"}, content_type="application/json")
    assert refused.status_code == 404 and Problem.objects.count() == 1
    listed = _client(lead).get("/api/v1/logistics/problems?state=open").json()
    assert [row["waybill"] for row in listed] == ["SF1234567890123"]
    week = _client(lead).get("/api/v1/logistics/reports/week?day=2026-03-10").json()
    assert {row["key"] for row in week} >= {"problems", "received"}


def test_d3_3_the_problem_list_reads_in_a_fixed_number_of_queries(
    lead, zhang, order_of_zhang, django_assert_max_num_queries
):
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    for index in range(6):
        problems.record_problem(actor=zhang, waybill=waybill, kind="lost", note=f"第{index}件")
    client = _client(lead)
    with django_assert_max_num_queries(32):  # menu and role checks; none per problem
        page = client.get(reverse("logistics:problems"))
    assert len(page.context["problems"]) == 6
