"""Run by test_speed_import in a child process: import a sheet as a superuser; with
`stall`, stop for good after the waybills are written and before the import commits,
so the test can kill -9 the process there."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from gendan.logistics import importing  # noqa: E402


def main(mode, path, flag):
    users = get_user_model().objects
    lead = users.filter(username="tangwei").first() or users.create_superuser(
        "tangwei", "tw@example.com", "x"
    )
    if mode == "stall":

        def stall(record, now):
            with open(flag, "w") as mark:
                mark.write(str(record.pk))
            time.sleep(600)

        importing._insert_events = stall
    with open(path, "rb") as sheet:
        result = importing.import_sheet(actor=lead, file_bytes=sheet.read(), file_name="day.xlsx")
    print(result.created, result.updated, result.unchanged)


if __name__ == "__main__":
    main(*sys.argv[1:4])
