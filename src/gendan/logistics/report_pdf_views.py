"""The desk's reports as PDF downloads (D3-7, D3-8, D3-10), each gated exactly like its
page and its xlsx: the lead and those who read the whole desk, for the month chosen
(`?month=2026-10`) or the week (`?week=2026-W48`). Thin: gate, call
gendan.logistics.report_pdf, respond."""

from urllib.parse import quote

from django.http import HttpResponse

from gendan.logistics import problems, report_pdf
from gendan.logistics.desk_views import chosen_week
from gendan.logistics.views import chosen_month, desk_member, lead_or_reader


def _pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@desk_member
def report_pdf_download(request):
    lead_or_reader(request)
    first = chosen_month(request)
    return _pdf_response(report_pdf.month_pdf(first), f"快递跟单月报-{first:%Y-%m}.pdf")


@desk_member
def week_report_pdf_download(request):
    lead_or_reader(request)
    monday = chosen_week(request)
    label = problems.week_label(monday)
    return _pdf_response(report_pdf.week_pdf(monday), f"快递跟单周报-{label}.pdf")
