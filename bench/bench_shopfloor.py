"""Shop-floor benchmarks (issue 11): a 200-line transfer slip (转序单) signed through its
five chain steps — each signature timed, target ≤ 300 ms; the WIP pages with 10,000 open
lots — the lot list (`/shopfloor/lots/`) and the waiting area (`/shopfloor/waiting/<id>/`),
target ≤ 150 ms with a number of queries that does not grow with the lots (printed, and
compared with the same page over 100 lots); and a WIP count (在产品盘点, D1-1.5) of the
workshop: opened over every lot, counted, signed off and posted.

    GENDAN_HOME=/tmp/gd-bench-shopfloor python bench/bench_shopfloor.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_shopfloor.py
    python bench/bench_shopfloor.py --lots 2000 --skip count

The database (SQLite under GENDAN_HOME, or PostgreSQL at DATABASE_URL) is flushed first.
The data are fixed: 50 items routed 车 → 铣 → 钻 → 热处理 → 磨 → 装配 in 机加车间, the
open lots bulk-loaded (each a numbered lot paper, a batch, its route and its parts at
车, one in ten with some in the waiting area), and 200 more lots, one per line, started
through the service for the transfer. Each figure is the median of 5 runs.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-shopfloor")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from gendan.catalog import services as catalog  # noqa: E402
from gendan.catalog.models import Item, Unit  # noqa: E402
from gendan.core import audit_chain, papers  # noqa: E402
from gendan.core.models import ChainDefinition, ChainStep, Document  # noqa: E402
from gendan.core.pinyin import search_key  # noqa: E402
from gendan.core.scopes import Scope  # noqa: E402
from gendan.org.models import Role, RoleGrant, Site, Workshop  # noqa: E402
from gendan.org.roles import SEED_ROLES  # noqa: E402
from gendan.shopfloor import (  # noqa: E402
    places,
    queries,
    services,
    wip_queries,
    wip_services,
)
from gendan.shopfloor.models import Lot, LotStep  # noqa: E402
from gendan.shopfloor.papers import LOT_TYPE  # noqa: E402
from gendan.stock import checks, ledger  # noqa: E402
from gendan.stock.models import Batch  # noqa: E402

RUNS = 5
ITEMS = 50
LINES = 200
ROUTE = ["车", "铣", "钻", "热处理", "磨", "装配"]  # 5 transfers: one per run
STAFF = [
    ("wangfang", "clerk"),
    ("lijun", "inspector"),
    ("zhoujie", "operator"),
    ("sunli", "team_leader"),
    ("chenjing", "statistician"),
    ("zhaogang", "workshop_director"),
]


def setup():
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    Role.objects.bulk_create(
        Role(code=code, name=name, name_en=name_en) for code, name, name_en in SEED_ROLES
    )
    papers.install_default_chains(ChainDefinition, ChainStep)
    site = Site.objects.create(code="PLANT", name="工厂", kind=Site.Kind.OWN_PLANT)
    workshop = Workshop.objects.create(site=site, code="JJ", name="机加车间")
    users = get_user_model().objects
    admin = users.create_superuser("bench", "bench@example.com", "bench-pass")
    people = {}
    for username, role in STAFF:
        people[role] = users.create_user(username, password="bench-pass")
        RoleGrant.objects.create(
            user=people[role],
            role=Role.objects.get(code=role),
            workshop=workshop,
            scope_key=workshop.scope_key,
        )
    unit = Unit.objects.create(code="pcs", name="件", decimals=0)
    Item.objects.bulk_create(
        Item(code=f"BZ-{n:03d}", name=f"半轴{n}", kind=Item.Kind.PART, unit=unit)
        for n in range(ITEMS)
    )
    steps = [
        {"sequence": 10 * (n + 1), "name": name, "workshop": workshop}
        for n, name in enumerate(ROUTE)
    ]
    for item in Item.objects.order_by("pk"):
        catalog.define_process_sheet(actor=admin, item=item, steps=steps)
    return workshop, people


def load_open_lots(workshop, statistician, count):
    """`count` lots of 40, bulk-loaded as `start_lot` would leave them: a numbered lot
    paper, a batch, the route, and the parts at 车 — one in ten with 5 in the waiting area."""
    items = list(Item.objects.order_by("pk"))
    book = papers.book_for(LOT_TYPE, Scope.workshop(workshop), actor=statistician)
    now = timezone.now()
    first = book.next_number
    with transaction.atomic():
        documents = Document.objects.bulk_create(
            (
                Document(
                    book=book,
                    sequence=first + n,
                    number=(number := book.format_number(first + n)),
                    slip_type=LOT_TYPE,
                    scope_key=workshop.scope_key,
                    title=f"{items[n % ITEMS].code} × 40",
                    author=statistician,
                    created_at=now,
                    search_text=search_key(number, ""),
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        type(book).objects.filter(pk=book.pk).update(next_number=first + count)
        batches = Batch.objects.bulk_create(
            (
                Batch(item=items[n % ITEMS], number=document.number)
                for n, document in enumerate(documents)
            ),
            batch_size=2000,
        )
        lots = Lot.objects.bulk_create(
            (
                Lot(
                    document=document,
                    item=batch.item,
                    batch=batch,
                    quantity=Decimal(40),
                    workshop=workshop,
                    started_by=statistician,
                    started_at=now,
                )
                for document, batch in zip(documents, batches, strict=True)
            ),
            batch_size=2000,
        )
        locations = [places.operation_place(workshop, name) for name in ROUTE]
        LotStep.objects.bulk_create(
            (
                LotStep(
                    lot=lot,
                    sequence=10 * (n + 1),
                    name=name,
                    workshop=workshop,
                    location=locations[n],
                )
                for lot in lots
                for n, name in enumerate(ROUTE)
            ),
            batch_size=5000,
        )
        start, lathe = places.start_place(workshop), locations[0]
        waiting = places.waiting_area(workshop)
        rows = []
        for n, lot in enumerate(lots):
            held = Decimal(5) if n % 10 == 0 else Decimal(0)
            rows.append((lot.item_id, lot.batch_id, Decimal(40) - held, start.pk, lathe.pk))
            if held:
                rows.append((lot.item_id, lot.batch_id, held, start.pk, waiting.pk))
        ledger.load_moves(actor=statistician, rows=rows)
    return lots


def median_line(label, seconds):
    median = statistics.median(seconds)
    runs = ", ".join(f"{s * 1000:.0f}" for s in seconds)
    print(f"{label}: median {median * 1000:.0f} ms (runs {runs})")
    return median


# ---------------------------------------------------------------- the transfer slip
def bench_transfer(workshop, people):
    items = list(Item.objects.order_by("pk"))
    lots = [
        services.start_lot(
            actor=people["statistician"], item=items[n % ITEMS], quantity=Decimal(40)
        )
        for n in range(LINES)
    ]
    timings = {
        step: []
        for step in ("write + clerk", "inspector", "operator", "receiver", "statistician (posts)")
    }
    for run in range(RUNS):
        from_step = 10 * (run + 1)
        lines = [{"lot": lot, "quantity": Decimal(40), "from_step": from_step} for lot in lots]
        started = time.perf_counter()
        slip = services.write_transfer(actor=people["clerk"], destination="operation", lines=lines)
        timings["write + clerk"].append(time.perf_counter() - started)
        for step, role, data in (
            ("inspector", "inspector", {}),
            ("operator", "operator", {}),
            ("receiver", "team_leader", {"place": "A 区 3 号架"}),
            ("statistician (posts)", "statistician", {}),
        ):
            started = time.perf_counter()
            slip = services.sign_transfer(actor=people[role], slip=slip, **data)
            timings[step].append(time.perf_counter() - started)
        assert slip.document.status == "posted", slip.document.status
    print(f"transfer slip of {LINES} lines, signed through its five steps:")
    medians = {step: median_line(f"  {step}", seconds) for step, seconds in timings.items()}
    worst = max(medians.values())
    verdict = "met" if worst <= 0.300 else "MISSED"
    print(f"  slowest signature: {worst * 1000:.0f} ms (target ≤ 300 ms: {verdict})")
    return lots


# ---------------------------------------------------------------- the WIP pages
def _page(client, url):
    seconds = []
    client.get(url)  # warm up
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return seconds, len(captured)


def bench_pages(workshop, people, label):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(people["statistician"])
    open_lots = Lot.objects.count()
    results = {}
    for name, url in (
        ("lot list /shopfloor/lots/", "/shopfloor/lots/"),
        ("waiting area /shopfloor/waiting/<id>/", f"/shopfloor/waiting/{workshop.pk}/"),
        (
            "WIP now /shopfloor/wip-counts/now/",
            f"/shopfloor/wip-counts/now/?workshop={workshop.pk}",
        ),
    ):
        seconds, count = _page(client, url)
        median = median_line(f"{name} with {open_lots:,} lots ({label})", seconds)
        print(f"  {count} queries")
        results[name] = (median, count)
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        queries.waiting_area(workshop)
        seconds.append(time.perf_counter() - started)
    median_line("  read: queries.waiting_area (fixed queries)", seconds)
    user = people["statistician"]

    def lot_list_read():
        lots = list(queries.lot_list(user)[:200])
        found = queries.quantities(lots)
        return [(lot, queries.group_by_place(found[lot.pk])) for lot in lots]

    for label, read in (
        ("  read: the lot list's rows (queries.lot_list + quantities)", lot_list_read),
        ("  read: wip_queries.lot_rows (plain rows)", lambda: wip_queries.lot_rows(user)),
    ):
        seconds = []
        for _ in range(RUNS):
            started = time.perf_counter()
            read()
            seconds.append(time.perf_counter() - started)
        median_line(label, seconds)
    return results


def bench_wip_count(workshop, people):
    lines = []
    started = time.perf_counter()
    sheet = wip_services.open_wip_count(actor=people["statistician"], workshop=workshop)
    opened = time.perf_counter() - started
    lines = list(sheet.lines.all())
    entries = [
        {"line": line, "counted": line.expected - 1, "explanation": "scrap"}
        if n % 50 == 0
        else {"line": line, "counted": line.expected}
        for n, line in enumerate(lines)
    ]
    started = time.perf_counter()
    wip_services.record_counts(actor=people["clerk"], sheet=sheet, entries=entries)
    recorded = time.perf_counter() - started
    sheet = wip_services.sign_wip_count(actor=people["clerk"], sheet=sheet)
    started = time.perf_counter()
    sheet = wip_services.sign_wip_count(actor=people["workshop_director"], sheet=sheet)
    posted = time.perf_counter() - started
    assert sheet.document.status == "posted"
    print(
        f"WIP count of {len(lines):,} lines: open {opened * 1000:.0f} ms, record every count "
        f"{recorded * 1000:.0f} ms, sign off and post {posted * 1000:.0f} ms (one run)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=10_000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["transfer", "pages", "count"])
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    workshop, people = setup()
    if "transfer" not in arguments.skip:
        bench_transfer(workshop, people)
    load_open_lots(workshop, people["statistician"], 100 - Lot.objects.count() % 100 or 100)
    if "pages" not in arguments.skip:
        small = bench_pages(workshop, people, "few")
    load_open_lots(workshop, people["statistician"], arguments.lots - Lot.objects.count())
    if "pages" not in arguments.skip:
        large = bench_pages(workshop, people, "many")
        for name, (median, count) in large.items():
            grows = "constant" if count == small[name][1] else f"GROWS from {small[name][1]}"
            verdict = "met" if median <= 0.150 else "MISSED"
            print(f"{name}: {median * 1000:.0f} ms (target ≤ 150 ms: {verdict}); queries {grows}")
    if "count" not in arguments.skip:
        bench_wip_count(workshop, people)
    problems = list(checks.balances_match_ledger()) + list(queries.lot_problems())
    print(f"ledger and lot check: {len(problems)} differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
