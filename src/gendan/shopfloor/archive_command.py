"""`gendan shopfloor archive [--date YYYY-MM-DD] [--workshop CODE]`: archive a day's
transfer slips now (D1-4.6); without --date, every day due (as the background task does).
A day already archived is left as it is."""

import argparse
import datetime
import sys

from gendan.org.models import Workshop
from gendan.shopfloor import archive_services
from gendan.shopfloor.models import TransferSlip


def main(argv):
    parser = argparse.ArgumentParser(prog="gendan shopfloor")
    commands = parser.add_subparsers(dest="command", required=True)
    archive = commands.add_parser("archive", help="archive the transfer slips of a day")
    archive.add_argument("--date", type=datetime.date.fromisoformat, default=None)
    archive.add_argument("--workshop", default=None, help="a workshop's code (default: all)")
    args = parser.parse_args(argv)
    workshops = Workshop.objects.filter(pk__in=TransferSlip.objects.values("workshop_id")).order_by(
        "code"
    )
    if args.workshop:
        workshops = Workshop.objects.filter(code=args.workshop)
        if not workshops.exists():
            print(f"没有此车间 / no workshop {args.workshop}.", file=sys.stderr)
            return 2
    if args.date is None:
        made = archive_services.archive_due()
    else:
        made = [archive_services.archive_day(workshop=w, day=args.date) for w in workshops]
    for found in made:
        print(
            f"{found.day} {found.workshop.code} {found.workshop.name}: "
            f"{found.registered_count}+{found.late_count}+{found.in_chain_count}  "
            f"xlsx {found.xlsx_sha256}  pdf {found.pdf_sha256}"
        )
    return 0
