"""`gendan tracking inspect FILE --json` and `gendan tracking carrier NUMBER… --json`.

Both read only: nothing is stored (D3-1). `inspect` prints what the importer would see
in a day's tracking sheet; `carrier` tells the carrier of tracking numbers, null
unless the number's format is certain.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from gendan.core.errors import DomainError
from gendan.logistics import carriers
from gendan.logistics.sheets.reader import inspect


class Command(BaseCommand):
    help = "Read express tracking sheets and numbers without storing anything."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        inspect_parser = actions.add_parser("inspect", help="read a tracking sheet")
        inspect_parser.add_argument("file")
        inspect_parser.add_argument("--json", action="store_true", dest="as_json")
        carrier_parser = actions.add_parser("carrier", help="detect the carrier of numbers")
        carrier_parser.add_argument("numbers", nargs="+")
        carrier_parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, as_json, **options):
        if action == "inspect":
            result = self._inspect(options["file"])
        else:
            result = [carriers.from_number(number).as_dict() for number in options["numbers"]]
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_as_text(action, result))

    def _inspect(self, path):
        try:
            return inspect(path)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except DomainError as error:
            raise CommandError(f"{path}: {error.message}") from None


def _as_text(action, result):
    if action == "carrier":
        return "\n".join(
            f"{entry['number']}\t{entry['carrier'] or '?'}\t{' '.join(entry['candidates'])}"
            for entry in result
        )
    lines = [
        f"encoding: {result['encoding'] or '-'}   header row: {result['header_row']}",
        "columns: "
        + ", ".join(f"{key}={value.strip()}" for key, value in result["columns"].items()),
        f"rows: {result['rows']}   accepted: {result['accepted']}   skipped: {len(result['skipped'])}",
        "carriers: " + ", ".join(f"{code} {count}" for code, count in result["carriers"].items()),
    ]
    lines += [f"  row {entry['row']}: {entry['reason']}" for entry in result["skipped"]]
    return "\n".join(lines)
