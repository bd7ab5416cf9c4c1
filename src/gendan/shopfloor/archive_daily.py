"""The statistician's daily list (D1-1.7): the transfer slips registered on a day, per
workshop, each line with its quantities, its scrap — explained (the inspector's, and the
differences explained as scrapped) and unexplained (booked as scrap at registration,
D1-5.4) — and its rework; with the workshop's totals."""

from decimal import Decimal

from gendan.shopfloor import archive_rows

ZERO = Decimal(0)
TOTAL_KEYS = ("quantity", "passed", "rework", "explained", "unexplained", "received")


def daily_list(workshops, day):
    """[{workshop, rows, totals}] for the workshops with a slip registered on `day`."""
    start, end = archive_rows.day_bounds(day)
    by_workshop = {workshop.pk: [] for workshop in workshops}
    for slip in archive_rows.registered_between(workshops, start, end):
        for line in slip.lines.all():
            by_workshop[slip.workshop_id].append(_row(slip, line))
    result = []
    for workshop in workshops:
        rows = by_workshop[workshop.pk]
        if rows:
            totals = {key: sum((row[key] for row in rows), ZERO) for key in TOTAL_KEYS}
            result.append({"workshop": workshop, "rows": rows, "totals": totals})
    return result


def _row(slip, line):
    explained, unexplained = archive_rows.scrap_of(line)
    return {
        "slip": slip,
        "line": line,
        "registered_at": slip.document.posted_at,
        "destination": archive_rows.destination_text(slip, line),
        "quantity": line.quantity,
        "passed": line.passed or ZERO,
        "rework": line.rework or ZERO,
        "explained": explained,
        "unexplained": unexplained,
        "received": line.received or ZERO,
    }


def export_rows(groups):
    """Rows for the xlsx: one per line, the workshop first."""
    return [
        [
            group["workshop"].name,
            row["slip"].document.number,
            row["registered_at"],
            row["line"].lot.document.number,
            f"{row['line'].lot.item.code} {row['line'].lot.item.name}",
            row["line"].from_step.name,
            row["destination"],
            float(row["quantity"]),
            float(row["passed"]),
            float(row["rework"]),
            float(row["explained"]),
            float(row["unexplained"]),
            float(row["received"]),
        ]
        for group in groups
        for row in group["rows"]
    ]
