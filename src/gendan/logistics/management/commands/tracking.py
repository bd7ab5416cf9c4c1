"""`gendan tracking inspect FILE --json`, `gendan tracking carrier NUMBER… --json` and
`gendan tracking import FILE --as USERNAME [--date YYYY-MM-DD] [--json]`.

`import` stores the day's sheet all or nothing; the same file again changes nothing
(D3-1). The other two read only: nothing is stored (D3-1). `inspect` prints what the importer would see
in a day's tracking sheet; `carrier` tells the carrier of tracking numbers, null
unless the number's format is certain.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gendan.core.errors import DomainError
from gendan.core.import_errors import ImportRejected
from gendan.logistics import carriers, importing
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
        import_parser = actions.add_parser("import", help="store a day's tracking sheet")
        import_parser.add_argument("file")
        import_parser.add_argument("--as", dest="username", required=True, help="who imports")
        import_parser.add_argument("--date", dest="sheet_date", default=None, help="YYYY-MM-DD")
        import_parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, as_json, **options):
        if action == "inspect":
            result = self._inspect(options["file"])
        elif action == "import":
            result = self._import(options["file"], options["username"], options["sheet_date"])
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

    def _import(self, path, username, sheet_date):
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"--as {username}: no such active user")
        try:
            day = datetime.date.fromisoformat(sheet_date) if sheet_date else None
            content = Path(path).read_bytes()
        except ValueError:
            raise CommandError(f"--date {sheet_date}: expected YYYY-MM-DD") from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = importing.import_sheet(
                actor=actor, file_bytes=content, file_name=Path(path).name, sheet_date=day
            )
        except ImportRejected as refused:
            lines = [
                f"  row {p.row} {p.column}: {p.message} {p.expected}" for p in refused.problems
            ]
            raise CommandError("\n".join([f"{path}: {refused.message}", *lines])) from None
        except DomainError as error:
            raise CommandError(f"{path}: {error.message}") from None
        return {
            "import": result.tracking_import.pk,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "repeat": result.is_repeat,
        }


def _as_text(action, result):
    if action == "import":
        return (
            f"created: {result['created']}   updated: {result['updated']}   "
            f"unchanged: {result['unchanged']}"
            + ("   (this file was imported before)" if result["repeat"] else "")
        )
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
