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

from gendan.logistics import report_pdf, reports, services
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
    month = client.get(reverse("logistics:report")).content.decode()
    assert reverse("logistics:report-pdf") in month
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


def test_a_follower_gets_the_months_pdf_like_the_months_page(zhang, rendered):
    """The monthly report (page and xlsx) opens for every member of the desk; its PDF
    the same."""
    client = _client(zhang)
    assert client.get(reverse("logistics:report-export")).status_code == 200
    response = client.get(reverse("logistics:report-pdf"))
    assert response.status_code == 200 and rendered == ["month_pdf"]
