"""The daily archive's benchmark (D1-4.6): one workshop's day of 2,000 registered
transfer slips (one line each) archived as an xlsx and a PDF with their SHA-256.
Target ≤ 10 s.

    GENDAN_HOME=/tmp/gd-bench-archive python bench/bench_shopfloor_archive.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_shopfloor_archive.py
    python bench/bench_shopfloor_archive.py --slips 200     # a smaller day
    python bench/bench_shopfloor_archive.py --reuse         # the day generated last time

The database (SQLite under GENDAN_HOME, or PostgreSQL at DATABASE_URL) is flushed first,
then filled by a fixed generator through the shop floor's own services: 2,000 lots of
半轴 started on a fixed working day (2025-06-10), each moved 车 → 热处理 by one slip
written, signed through its five steps and registered that day. Each figure is the
median of 5 runs; between runs the archive (rows and files) is removed.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime
from datetime import time as clock_time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-archive")

import django

django.setup()

import time_machine  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from gendan.catalog import services as catalog  # noqa: E402
from gendan.catalog.models import Item, Unit  # noqa: E402
from gendan.core import audit_chain  # noqa: E402
from gendan.org.models import Role, RoleGrant, Site, Workshop  # noqa: E402
from gendan.org.roles import SEED_ROLES  # noqa: E402
from gendan.shopfloor import archive_services, services  # noqa: E402
from gendan.shopfloor.archive_models import ArchivedSlip, DailyArchive  # noqa: E402
from gendan.shopfloor.models import TransferSlip  # noqa: E402

RUNS = 5
DAY = date(2025, 6, 10)  # a Tuesday, a working day
SIGNERS = ("inspector", "operator", "team_leader", "statistician")


def at(hour, minute=0):
    return timezone.make_aware(datetime.combine(DAY, clock_time(hour, minute)))


def setup():
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    Role.objects.bulk_create(
        Role(code=code, name=name, name_en=name_en) for code, name, name_en in SEED_ROLES
    )
    site = Site.objects.create(code="PLANT", name="工厂", kind=Site.Kind.OWN_PLANT)
    workshop = Workshop.objects.create(site=site, code="JJ", name="机加车间")
    people = {}
    for role_code in ("clerk", *SIGNERS):
        user = get_user_model().objects.create_user(username=f"bench-{role_code}")
        RoleGrant.objects.create(
            user=user,
            role=Role.objects.get(code=role_code),
            workshop=workshop,
            scope_key=workshop.scope_key,
        )
        people[role_code] = user
    admin = get_user_model().objects.create_superuser(username="bench-admin", password=None)
    unit = Unit.objects.create(code="pcs", name="件", decimals=0)
    item = Item.objects.create(code="BZ-120", name="半轴", kind=Item.Kind.PART, unit=unit)
    catalog.define_process_sheet(
        actor=admin,
        item=item,
        steps=[
            {"sequence": sequence, "name": name, "workshop": workshop}
            for sequence, name in ((10, "车"), (20, "热处理"), (30, "磨"))
        ],
    )
    return workshop, item, people


def generate(workshop, item, people, slips):
    """`slips` lots started and transferred 车 → 热处理, all on DAY (fixed data)."""
    started = time.perf_counter()
    for number in range(slips):
        moment = at(8) + (at(17) - at(8)) * number / max(slips, 1)
        with time_machine.travel(moment, tick=False), transaction.atomic():
            lot = services.start_lot(actor=people["statistician"], item=item, quantity=Decimal(4))
            slip = services.write_transfer(
                actor=people["clerk"],
                destination="operation",
                lines=[{"lot": lot, "quantity": Decimal(4), "from_step": 10}],
            )
            for role_code in SIGNERS:
                data = {"place": "热处理炉旁"} if role_code == "team_leader" else {}
                slip = services.sign_transfer(actor=people[role_code], slip=slip, **data)
        if number and number % 500 == 0:
            print(
                f"  generated {number:,} slips ({time.perf_counter() - started:.0f} s)", flush=True
            )
    print(f"  generated {slips:,} slips in {time.perf_counter() - started:.0f} s", flush=True)


def forget_archives():
    for archive in DailyArchive.objects.all():
        for name in (archive.xlsx.name, archive.pdf.name):
            path = default_storage.path(name)
            os.chmod(path, 0o644)
            default_storage.delete(name)
    ArchivedSlip.objects.all().delete()
    DailyArchive.objects.all().delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slips", type=int, default=2_000)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the slips generated by an earlier run"
    )
    args = parser.parse_args()
    engine = connection.vendor
    workshop = Workshop.objects.filter(code="JJ").first()
    if not (args.reuse and workshop and TransferSlip.objects.count() == args.slips):
        workshop, item, people = setup()
        generate(workshop, item, people, args.slips)
    registered = TransferSlip.objects.filter(document__status="posted").count()
    print(f"daily archive of {registered:,} registered transfer slips ({engine})")
    seconds, sizes = [], None
    for _run in range(RUNS):
        forget_archives()
        started = time.perf_counter()
        with time_machine.travel(at(18, 30), tick=True):
            archive = archive_services.archive_day(workshop=workshop, day=DAY)
        seconds.append(time.perf_counter() - started)
        sizes = (archive.xlsx.size, archive.pdf.size)
        assert archive.registered_count == registered
    median = statistics.median(seconds)
    runs = ", ".join(f"{value:.2f}" for value in seconds)
    print(f"archive one day: median {median:.2f} s (runs {runs}); target ≤ 10 s")
    print(f"  xlsx {sizes[0] / 1024:.0f} KiB, PDF {sizes[1] / 1024:.0f} KiB")
    return 0 if median <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
