"""D3-7, D3-8, D3-10: the desk's monthly and weekly reports to the team lead as PDF —
the title with the team and the period, this period against the last with anomalies
shaded and marked, errors per person, a bar chart of the headline figures; gated like
the report pages, a refused person gets no file."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from gendan.logistics import meetings, report_pdf, reports, services
from gendan.logistics.models import DailySnapshot
from tests.core.test_pdf import page_streams, page_texts, rectangles
from tests.factories import UserFactory
from tests.logistics.conftest import DAY
from tests.logistics.more import at, imported_and_handed_out

ANOMALY_COLOUR = " ".join(f"{level:g}" for level in report_pdf.ANOMALY_FILL)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _label(key):
    return str(reports.FIGURES[key])


def _row_texts(texts, key):
    """The texts of a figure's row in the figures table: its label and the four after."""
    index = texts.index(_label(key))
    return texts[index : index + 5]


@pytest.fixture
def figures(db):
    """March (today the 10th) received 20 + 4 and February 6: +300 %, an anomaly (policy
    30 %); signed for 5 against 5, no change. Week 11 (from the 9th) received 20, week 10
    (the 4th) 4."""
    for day, received, signed in ((datetime.date(2026, 3, 9), 20, 5),
                                  (datetime.date(2026, 2, 20), 6, 5),
                                  (datetime.date(2026, 3, 4), 4, 0)):  # fmt: skip
        DailySnapshot.objects.create(day=day, figures={"received": received, "signed": signed})


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_8_the_lead_downloads_the_months_report_as_pdf_with_the_anomaly_marked(lead, figures):
    """D3-7, D3-8: 唐伟's March PDF: the title names the desk and 2026年3月; received
    24 against 6 is marked ↑ 异常 on a shaded row; signed for 5 against 5 is not."""
    response = _client(lead).get(reverse("logistics:report-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    texts = [text for page in page_texts(response.content) for text in page]
    title = texts[0]
    assert "快递跟单" in title and "2026年3月" in title
    assert any("2026年3月1日" in text and "2026年3月31日" in text for text in texts)
    received = _row_texts(texts, "received")
    assert received[1:4] == ["24", "6", "+300%"]
    assert received[4] == "↑ " + _("anomaly")
    assert _row_texts(texts, "signed")[1:4] == ["5", "5", "+0%"]
    assert _row_texts(texts, "signed")[4] != received[4]
    shaded = [r for s in page_streams(response.content) for r in rectangles(s)
              if r[0] == ANOMALY_COLOUR]  # fmt: skip
    anomalies = [row for row in reports.compare_months(DAY) if row.is_anomaly]
    assert len(shaded) == 5 * len(anomalies) and len(anomalies) >= 1


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_7_the_pdf_shows_local_dates_and_times_and_no_raw_codes(lead, figures):
    """Made at 10:00 in Shanghai (02:00 UTC): the PDF says 10:00, in Chinese date style,
    and no figure's code (received, pickup_waiting) is shown."""
    data = _client(lead).get(reverse("logistics:report-pdf")).content
    text = " ".join(text for page in page_texts(data) for text in page)
    assert "2026年3月10日 10:00" in text
    assert "02:00" not in text and "UTC" not in text and "2026-03" not in text
    for key in reports.FIGURES:
        assert key not in text.split()


@time_machine.travel(at(DAY, 18), tick=False)
def test_d3_8_errors_per_person_and_the_chart_of_headline_figures(lead, zhang, liu, auditor):
    """The day's audit finds 张伟's and 刘敏's unfollowed waybills: the PDF lists each with
    their count, and draws two bars for each headline figure."""
    imported_and_handed_out(lead)
    services.run_audit(actor=auditor, day=DAY)
    errors = reports.errors_per_person(*reports.month_bounds(DAY))
    assert errors
    data = report_pdf.month_pdf(DAY)
    texts = [text for page in page_texts(data) for text in page]
    for row in errors:
        index = texts.index(row["person__first_name"])
        assert texts[index + 1] == str(row["count"])
    this_colour = " ".join(f"{level:g}" for level in report_pdf.THIS_FILL)
    bars = [r for s in page_streams(data) for r in rectangles(s) if r[0] == this_colour]
    received = next(row for row in reports.compare_months(DAY) if row.key == "received")
    assert received.this_month > 0
    assert len(bars) >= 2  # the legend's swatch and at least the received bar
    widest = max(width for _colour, _x, _y, width, _height in bars)
    assert widest > 100  # the largest figure's bar spans most of the chart


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_10_the_weeks_report_as_pdf_for_the_chosen_week(lead, figures):
    """Week 11 of 2026 (9–15 March) against week 10: received 20 against 4, marked."""
    response = _client(lead).get(reverse("logistics:week-report-pdf") + "?week=2026-W11")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "2026-W11" in response["Content-Disposition"]
    texts = [text for page in page_texts(response.content) for text in page]
    assert "快递跟单" in texts[0] and "11" in texts[0] and "2026" in texts[0]
    assert any("2026年3月9日" in text and "2026年3月15日" in text for text in texts)
    received = _row_texts(texts, "received")
    assert received[1:4] == ["20", "4", "+400%"] and received[4].startswith("↑ ")


def test_the_report_pages_link_their_pdf(lead):
    client = _client(lead)
    month = client.get(reverse("logistics:report") + "?month=2026-02").content.decode()
    assert f"{reverse('logistics:report-pdf')}?month=2026-02" in month
    week = client.get(reverse("logistics:week-report") + "?week=2026-W11").content.decode()
    assert f"{reverse('logistics:week-report-pdf')}?week=2026-W11" in week


@pytest.fixture
def rendered(monkeypatch):
    """Records every PDF the desk's reports render."""
    calls = []
    for name in ("month_pdf", "week_pdf"):
        original = getattr(report_pdf, name)
        monkeypatch.setattr(report_pdf, name,
                            lambda day, _o=original, _n=name: calls.append(_n) or _o(day))  # fmt: skip
    return calls


def test_a_follower_may_not_have_the_weeks_pdf_and_none_is_made(zhang, rendered):
    """D3-7: the weekly report is the lead's (and the readers'): 张伟, who follows up,
    gets 403 — as on the week's page and its xlsx — and no PDF is rendered."""
    client = _client(zhang)
    assert client.get(reverse("logistics:week-report-export")).status_code == 403
    response = client.get(reverse("logistics:week-report-pdf") + "?week=2026-W11")
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF") and rendered == []


@pytest.mark.parametrize("name", ["report-pdf", "week-report-pdf"])
def test_an_outsider_and_a_stranger_get_no_pdf(db, name, rendered):
    """Someone outside the desk gets 403; someone not logged in is sent to log in."""
    outsider = UserFactory(username="lu", first_name="路人")
    refused = _client(outsider).get(reverse(f"logistics:{name}"))
    assert refused.status_code == 403
    anonymous = Client().get(reverse(f"logistics:{name}"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert rendered == []


@pytest.mark.parametrize("name", ["report", "report-export", "report-pdf"])
def test_d3_7_a_follower_may_not_have_the_months_report_in_any_form(zhang, rendered, name):
    """D3-7: the monthly report is the lead's (and the readers'), like the week's: 张伟,
    who follows up, gets 403 for its page, its xlsx and its PDF — none is made."""
    response = _client(zhang).get(reverse(f"logistics:{name}") + "?month=2026-02")
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF") and rendered == []


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_8_the_lead_downloads_the_pdf_of_the_month_she_chose(lead, figures):
    """唐伟 chooses February 2026 (?month=2026-02): the PDF is February's — received 6
    against January's none — named so, and the March anomaly is not in it."""
    response = _client(lead).get(reverse("logistics:report-pdf") + "?month=2026-02")
    assert response.status_code == 200 and "2026-02" in response["Content-Disposition"]
    texts = [text for page in page_texts(response.content) for text in page]
    assert "2026年2月" in texts[0]
    assert any("2026年2月1日" in text and "2026年2月28日" in text for text in texts)
    assert _row_texts(texts, "received")[1:4] == ["6", "0", _("none before")]


@time_machine.travel(at(DAY, 10), tick=False)
def test_d3_8_a_bad_month_gives_this_months_pdf(lead, figures):
    response = _client(lead).get(reverse("logistics:report-pdf") + "?month=2026-13")
    assert "2026-03" in response["Content-Disposition"]
    texts = [text for page in page_texts(response.content) for text in page]
    assert _row_texts(texts, "received")[1:3] == ["24", "6"]


def _week_texts(monday):
    return [text for page in page_texts(report_pdf.week_pdf(monday)) for text in page]


@time_machine.travel(at(DAY, 18), tick=False)
def test_d3_10_the_weeks_pdf_carries_the_team_meetings_notes(lead, zhang, liu):
    """D3-10: 唐伟 wrote the notes of Friday 13 March's meeting (张伟 and 刘敏 came): the
    week's PDF shows the day in Chinese style, who came, what was reported and decided."""
    friday = datetime.date(2026, 3, 13)
    meetings.save_meeting(actor=lead, held_on=friday, attendees=[zhang, liu],
                          notes="顺丰延误 3 单，已催", decisions="周五前清完问题件")  # fmt: skip
    texts = _week_texts(datetime.date(2026, 3, 9))
    heading = texts.index(_("Team meeting"))
    after = " ".join(texts[heading:])
    assert "2026年3月13日" in after
    assert "刘敏、张伟" in after or "张伟、刘敏" in after
    assert "顺丰延误 3 单，已催" in after and "周五前清完问题件" in after


@time_machine.travel(at(DAY, 18), tick=False)
def test_d3_10_a_week_without_a_meeting_or_new_regulars_says_so(db):
    texts = _week_texts(datetime.date(2026, 3, 9))
    assert _("No notes for this week's meeting yet.") in texts
    assert _("None this week.") in texts


@time_machine.travel(at(DAY, 18), tick=False)
def test_d3_9_the_weeks_pdf_lists_the_new_regular_customers(lead, zhang, order_of_zhang):
    """D3-9: 张伟 found 陈小红's parcel signed on 10 March: she is a new regular customer of
    week 11 at the policy's 5 % — in that week's PDF, not in the week after's."""
    waybill = imported_and_handed_out(lead, order_of_zhang.number)
    services.record_followup(actor=zhang, waybill=waybill, status="signed")
    texts = _week_texts(datetime.date(2026, 3, 9))
    heading = texts.index(_("New regular customers"))
    assert texts[heading + 4 : heading + 7] == ["陈小红", "5%", "2026年3月10日"]
    later = _week_texts(datetime.date(2026, 3, 16))
    assert "陈小红" not in later and _("None this week.") in later
