"""xlsx downloads for every list page (xlsxwriter, in memory)."""

import io
from datetime import datetime

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone


def xlsx_response(filename, headers, rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True, "bg_color": "#E9ECEF"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for column, header in enumerate(headers):
        sheet.write(0, column, str(header), bold)
        sheet.set_column(column, column, max(12, len(str(header)) * 2))
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(
                    row_number, column, timezone.localtime(value).replace(tzinfo=None), when
                )
            elif value is None:
                sheet.write_blank(row_number, column, None)
            elif isinstance(value, (int, float)):
                sheet.write_number(row_number, column, value)
            else:
                sheet.write_string(row_number, column, str(value))
    sheet.freeze_panes(1, 0)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename)
