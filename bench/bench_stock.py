"""Stock ledger benchmarks: 5,000 moves in one call, a purchased receipt of 5,000 lines
(written, then posted by its last signature; the posting's time is also printed as a
multiple of the bare 5,000-move write of the same run), a 5,000-line count, a balance
lookup with 2,000,000 moves in the ledger, and a 100,000-row opening stock import.

    GENDAN_HOME=/tmp/gd-bench-stock python bench/bench_stock.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_stock.py
    python bench/bench_stock.py --ledger-moves 0 --skip count import   # receipt only

The database (SQLite under GENDAN_HOME, or PostgreSQL at DATABASE_URL) is flushed first.
Each figure is the median of 5 runs; peak memory is measured by tracemalloc in a sixth.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-stock")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gendan.catalog.models import Item, Unit  # noqa: E402
from gendan.core import audit_chain, chains  # noqa: E402
from gendan.org.models import Role, RoleGrant, Site, Warehouse  # noqa: E402
from gendan.org.roles import SEED_ROLES  # noqa: E402
from gendan.stock import checks, counts, ledger  # noqa: E402
from gendan.stock.locations import ensure_standard_locations  # noqa: E402
from gendan.stock.models import Location, OpeningImport, StockMove  # noqa: E402
from gendan.stock.opening import HEADERS, import_opening_stock  # noqa: E402

RUNS = 5
LINES = 5_000
PLACES = 20


def setup():
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    Role.objects.bulk_create(
        Role(code=code, name=name, name_en=name_en) for code, name, name_en in SEED_ROLES
    )
    unit = Unit.objects.create(code="pcs", name="件", decimals=0)
    Item.objects.bulk_create(
        Item(code=f"P{n:06d}", name=f"零件{n}", kind=Item.Kind.PART, unit=unit)
        for n in range(LINES)
    )
    site = Site.objects.create(code="PLANT", name="工厂", kind=Site.Kind.OWN_PLANT)
    warehouse = Warehouse.objects.create(site=site, code="WH1", name="一号库")
    Location.objects.bulk_create(
        Location(code=f"WH1-{n:02d}", name=f"货位{n}", kind="warehouse", warehouse=warehouse)
        for n in range(PLACES)
    )
    ensure_standard_locations()
    actor = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-pass")
    chief = get_user_model().objects.create_user("chief", password="bench-pass")
    for user, role in ((actor, "storekeeper"), (chief, "chief_storekeeper")):
        RoleGrant.objects.create(
            user=user,
            role=Role.objects.get(code=role),
            warehouse=warehouse,
            scope_key=warehouse.scope_key,
        )
    chains.define_chain(
        actor=actor,
        slip_type=counts.COUNT_SLIP_TYPE,
        name="盘点单",
        steps=[
            {"name": "保管员盘点", "role_code": "storekeeper"},
            {"name": "总保管审批", "role_code": "chief_storekeeper"},
        ],
    )
    return actor, chief


def median_line(label, seconds, unit=""):
    median = statistics.median(seconds)
    runs = ", ".join(f"{s:.3f}" for s in seconds)
    print(f"{label}: median {median:.3f} s{unit} (runs {runs})")
    return median


def peak_of(function):
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def bench_moves(actor):
    items = list(Item.objects.select_related("unit").order_by("pk"))
    supplier = Location.objects.get(code="SUPPLIER-IN")
    shelf = Location.objects.get(code="WH1-00")

    def run():
        moves = [ledger.Move(item, Decimal(5), supplier, shelf) for item in items]
        start = time.perf_counter()
        ledger.post_moves(actor=actor, moves=moves)
        return time.perf_counter() - start

    seconds = [run() for _ in range(RUNS)]
    median = median_line(f"post {LINES:,} moves in one call (receipt-like)", seconds)
    print(f"  peak memory {peak_of(run):.0f} MB (tracemalloc)")
    return median


def bench_count(actor, chief):
    shelf = Location.objects.get(code="WH1-01")
    items = list(Item.objects.select_related("unit").order_by("pk"))
    opening = Location.objects.get(code="OPENING")
    ledger.load_moves(
        actor=actor, rows=[(item.pk, None, Decimal(100), opening.pk, shelf.pk) for item in items]
    )

    rounds = iter(range(100))

    def run():
        sheet = counts.open_count(actor=actor, location=shelf)
        shift = next(rounds)  # a different count each run, so every line has a variance
        entries = [(item, None, 90 + (n + shift) % 21, False) for n, item in enumerate(items)]
        counts.record_counted(actor=actor, sheet=sheet, entries=entries)
        counts.submit_count(actor=actor, sheet=sheet)
        chains.sign(actor=actor, document=sheet.document)
        start = time.perf_counter()
        chains.sign(actor=chief, document=sheet.document)  # the last signature posts it
        return time.perf_counter() - start

    seconds = [run() for _ in range(RUNS)]
    median_line(f"post a count with {LINES:,} lines", seconds)
    print(f"  peak memory {peak_of(run):.0f} MB (tracemalloc)")


def bench_receipt(actor):
    """A purchased receipt with 5,000 lines, each with its own batch (D1-3.6): written,
    signed by the inspector and the storekeeper, and posted by the purchaser's signature
    — the last signature is timed (it validates, creates the batches and posts)."""
    from gendan.core.models import ChainDefinition, ChainStep
    from gendan.stock.models import WarehouseItem
    from gendan.stock.slips import services
    from gendan.stock.slips.kinds import seed_default_chains
    from gendan.stock.slips.models import SlipKind

    seed_default_chains(ChainDefinition, ChainStep)
    warehouse = Warehouse.objects.get(code="WH1")
    items = list(Item.objects.select_related("unit").order_by("pk"))
    WarehouseItem.objects.bulk_create(
        [WarehouseItem(warehouse=warehouse, item=item) for item in items], ignore_conflicts=True
    )
    supplier = Site.objects.create(code="SUP", name="轴承厂", kind=Site.Kind.SUPPLIER)
    users = get_user_model().objects
    signers = {}
    for role in ("inspector", "storekeeper", "purchaser"):
        signers[role] = users.create_user(f"r-{role}", password="bench-pass")
        RoleGrant.objects.create(user=signers[role], role=Role.objects.get(code=role), scope_key="")
    rounds = iter(range(100))

    def run():
        lot = next(rounds)
        lines = [
            {"item": item, "quantity": Decimal(3), "batch_number": f"B{lot}-{n}"}
            for n, item in enumerate(items)
        ]
        started = time.perf_counter()
        slip = services.write_slip(
            actor=signers["storekeeper"],
            kind=SlipKind.PURCHASED_RECEIPT,
            warehouse=warehouse,
            lines=lines,
            partner=supplier,
        )
        written = time.perf_counter() - started
        slip = services.submit_slip(actor=signers["storekeeper"], slip=slip)
        slip = services.sign_slip(actor=signers["inspector"], slip=slip)
        slip = services.sign_slip(actor=signers["storekeeper"], slip=slip)
        started = time.perf_counter()
        slip = services.sign_slip(actor=signers["purchaser"], slip=slip)
        assert slip.document.status == "posted", slip.document.status
        return written, time.perf_counter() - started

    results = [run() for _ in range(RUNS)]
    median_line(f"write a receipt with {LINES:,} lines", [w for w, _p in results])
    posted = median_line(
        f"post a receipt with {LINES:,} lines (last signature)", [p for _w, p in results]
    )
    print(f"  peak memory {peak_of(run):.0f} MB (tracemalloc)")
    return posted


def fill_ledger(actor, total):
    """`total` moves from the supplier to the storage places, appended through the
    ledger's bulk path (COPY on PostgreSQL) in chunks of 200,000."""
    item_ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    places = list(Location.objects.filter(kind="warehouse").values_list("pk", flat=True))
    supplier = Location.objects.get(code="SUPPLIER-IN").pk
    one = Decimal(1)
    start = time.perf_counter()
    for first in range(0, total, 200_000):
        rows = [
            (item_ids[n % len(item_ids)], None, one, supplier, places[n % len(places)])
            for n in range(first, min(first + 200_000, total))
        ]
        ledger.load_moves(actor=actor, rows=rows)
    print(f"  appended {total:,} moves in {time.perf_counter() - start:.1f} s")


def bench_lookup(actor, total):
    fill_ledger(actor, total - StockMove.objects.count())
    item_ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    places = list(Location.objects.filter(kind="warehouse").values_list("pk", flat=True))
    medians = []
    for _ in range(RUNS):
        seconds = []
        for n in range(1000):
            start = time.perf_counter()
            ledger.balance(item_ids[(n * 7) % len(item_ids)], places[n % len(places)])
            seconds.append(time.perf_counter() - start)
        medians.append(statistics.median(seconds))
    print(
        f"balance lookup with {StockMove.objects.count():,} moves: median "
        f"{statistics.median(medians) * 1000:.3f} ms (medians of 1,000 lookups, {RUNS} runs)"
    )


def opening_file(rows):
    codes = list(Item.objects.order_by("pk").values_list("code", flat=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for n in range(rows):
        place = f"WH1-{(n // len(codes)) % PLACES:02d}"
        batch = f"L{n // len(codes)}" if n % 3 == 0 else ""
        writer.writerow([codes[n % len(codes)], place, batch, "2027-06-30" if batch else "", 7])
    return buffer.getvalue().encode("utf-8")


def bench_import(actor, rows):
    content = opening_file(rows)

    def run():
        OpeningImport.objects.all().delete()  # bench only: the same file imports again
        start = time.perf_counter()
        _record, created = import_opening_stock(
            actor=actor, file_bytes=content, filename="opening.csv"
        )
        assert created
        return time.perf_counter() - start

    seconds = [run() for _ in range(RUNS)]
    median = median_line(f"import {rows:,} opening rows", seconds)
    print(f"  {rows / median:,.0f} rows/s; peak memory {peak_of(run):.0f} MB (tracemalloc)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger-moves", type=int, default=2_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["count", "import"],
        help="leave out these parts (--ledger-moves 0 leaves out the balance lookup)",
    )
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    actor, chief = setup()
    moves = bench_moves(actor)
    receipt = bench_receipt(actor)
    print(
        f"receipt posting / bare write of the same {LINES:,} moves: {receipt / moves:.1f}× "
        f"({receipt:.3f} s / {moves:.3f} s, medians of this run)"
    )
    if "count" not in arguments.skip:
        bench_count(actor, chief)
    if "import" not in arguments.skip:
        bench_import(actor, arguments.import_rows)
    if arguments.ledger_moves:
        bench_lookup(actor, arguments.ledger_moves)
    problems = list(checks.balances_match_ledger())
    print(f"ledger check: {len(problems)} differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
