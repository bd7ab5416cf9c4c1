"""The desk's reports as PDF downloads (D3-7, D3-8, D3-10), each gated exactly like its
page and its xlsx: the month for the desk's members, the week for the lead and those who
read the whole desk. Thin: gate, call gendan.logistics.report_pdf, respond."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from gendan.logistics import problems, report_pdf
from gendan.logistics.desk_views import _chosen_week, _lead_or_reader
from gendan.logistics.views import desk_member


def _pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@desk_member
def report_pdf_download(request):
    day = timezone.localdate()
    return _pdf_response(report_pdf.month_pdf(day), f"快递跟单月报-{day:%Y-%m}.pdf")


@desk_member
def week_report_pdf_download(request):
    _lead_or_reader(request)
    monday = _chosen_week(request)
    label = problems.week_label(monday)
    return _pdf_response(report_pdf.week_pdf(monday), f"快递跟单周报-{label}.pdf")
