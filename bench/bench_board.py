"""Order board benchmarks: the board's first page and a large order page.

    GENDAN_HOME=/tmp/gd-bench-board python bench/bench_board.py [--orders 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_board.py

Builds a fixed data set in a fresh database (SQLite under GENDAN_HOME, or the
PostgreSQL database named by DATABASE_URL — it is flushed): 100,000 orders with their
book documents, lines and progress rows, 10 milestones each (1,000,000), one order
with 200 lines and 2,000 timeline events. Rows go in with executemany in batches.
Then it prints the median server time of 20 requests of each page and their queries.
"""

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-board")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from gendan.catalog.models import Item, Unit  # noqa: E402
from gendan.core import audit_chain  # noqa: E402
from gendan.core.models import AuditEvent, Document, DocumentBook  # noqa: E402
from gendan.followup.models import Milestone, OrderProgress  # noqa: E402
from gendan.org.models import Role  # noqa: E402
from gendan.org.roles import SEED_ROLES  # noqa: E402
from gendan.sales.models import Customer, Order, OrderLine  # noqa: E402

BATCH = 20_000
MILESTONES = 10
STEP_NAMES = [
    "订单确认",
    "面辅料到厂查验",
    "产前样确认",
    "产前会",
    "开始生产",
    "首件首扎检验",
    "中期检验",
    "尾期检验",
    "出货",
    "回款",
]
STEP_OFFSETS = [60, 50, 42, 40, 38, 35, 20, 5, 0, -30]
SHOWCASE_LINES = 200
SHOWCASE_EVENTS = 2_000


class Inserter:
    """executemany INSERT of dict rows into one model's table, every column listed."""

    def __init__(self, model, with_pk=True):
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
        self.prepare = [self._converter(f) for f in self.fields]
        self.defaults = [f.get_default() for f in self.fields]
        self.names = [f.attname for f in self.fields]
        self.model = model

    @staticmethod
    def _converter(field):
        if isinstance(field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return lambda v: connection.ops.adapt_decimalfield_value(
                v, field.max_digits, field.decimal_places
            )
        if isinstance(field, models.JSONField):
            return lambda v: json.dumps(v, ensure_ascii=False)
        return None

    def row(self, values):
        out = []
        for name, default, prepare in zip(self.names, self.defaults, self.prepare, strict=True):
            value = values.get(name, default)
            out.append(prepare(value) if prepare and value is not None else value)
        return out

    def insert(self, rows):
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        pk_name = self.model._meta.pk.attname
        if pk_name not in first and "pk" not in first and self.fields[0].primary_key:
            return Inserter(self.model, with_pk=False).insert(itertools.chain([first], rows))
        rows = itertools.chain([first], rows)
        count = 0
        batch = []
        with connection.cursor() as cursor:
            for values in rows:
                batch.append(self.row(values))
                if len(batch) >= BATCH:
                    cursor.executemany(self.sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
                count += len(batch)
            # explicit ids leave PostgreSQL's sequence behind; move it past them
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)
        return count


def reset_database():
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    for code, name, name_en in SEED_ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


def people():
    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "a@example.com", "x")
    merchandisers = [
        User.objects.create_user(f"gd{n:02d}", first_name=f"跟单员{n:02d}") for n in range(20)
    ]
    return admin, merchandisers


def customers(count=2_000):
    Customer.objects.bulk_create(
        Customer(code=f"K{n:05d}", name=f"客户{n:05d}", search_text=f"客户{n:05d} kh{n:05d}")
        for n in range(count)
    )
    return list(Customer.objects.values_list("pk", flat=True))


def order_rows(count, merchandisers, customer_ids, book):
    rng = random.Random(7)
    now = timezone.now()
    for pk in range(1, count + 1):
        order_date = date(2025, 6, 1) + timedelta(days=rng.randrange(200))
        delivery = order_date + timedelta(days=45 + rng.randrange(60))
        roll = rng.random()
        status = "unconfirmed" if roll < 0.08 else "closed" if roll < 0.13 else "confirmed"
        number = f"HT-2025-{pk:06d}"
        yield {
            "pk": pk,
            "number": number,
            "book": book,
            "merchandiser": merchandisers[pk % len(merchandisers)],
            "customer_id": customer_ids[rng.randrange(len(customer_ids))],
            "order_date": order_date,
            "delivery_date": delivery,
            "status": status,
            "now": now,
            "done": rng.randrange(MILESTONES + 1) if status == "confirmed" else 0,
        }


def insert_orders(specs):
    documents = Inserter(Document).insert(
        {
            "id": s["pk"],
            "book_id": s["book"].pk,
            "sequence": s["pk"],
            "number": s["number"],
            "slip_type": "sales.order",
            "title": "客户",
            "status": "draft",
            "author_id": s["merchandiser"].pk,
            "created_at": s["now"],
        }
        for s in specs
    )
    orders = Inserter(Order).insert(
        {
            "id": s["pk"],
            "document_id": s["pk"],
            "number": s["number"],
            "customer_id": s["customer_id"],
            "channel": "phone",
            "order_type": "garment",
            "status": s["status"],
            "merchandiser_id": s["merchandiser"].pk,
            "order_date": s["order_date"],
            "delivery_date": s["delivery_date"],
            "total_amount": Decimal("1250.00"),
            "paid_amount": Decimal("0"),
            "created_at": s["now"],
            "search_text": s["number"].lower(),
        }
        for s in specs
    )
    return documents, orders


def insert_lines(specs, item, showcase):
    def rows():
        for s in specs:
            for position in range(1, (SHOWCASE_LINES if s["pk"] == showcase else 1) + 1):
                yield {
                    "order_id": s["pk"],
                    "position": position,
                    "item_id": item.pk,
                    "quantity": Decimal("100"),
                    "unit_price": Decimal("12.5"),
                    "amount": Decimal("1250.00"),
                }

    return Inserter(OrderLine).insert(rows())


def milestone_values(spec, index):
    planned = spec["delivery_date"] - timedelta(days=STEP_OFFSETS[index])
    done = index < spec["done"]
    return {
        "id": (spec["pk"] - 1) * MILESTONES + index + 1,
        "order_id": spec["pk"],
        "position": index + 1,
        "name": STEP_NAMES[index],
        "offset_days": STEP_OFFSETS[index],
        "duration_days": 2,
        "is_delivery": index == 8,
        "owner_id": spec["merchandiser"].pk,
        "planned_date": planned,
        "status": "done" if done else "open",
        "actual_date": planned if done else None,
        "completed_how": "manual" if done else "",
        "evidence_url": "/documents/1/" if done else "",
    }


def progress_values(spec):
    done, merchandiser = spec["done"], spec["merchandiser"]
    stage = "待确认" if spec["status"] == "unconfirmed" else STEP_NAMES[min(done, MILESTONES - 1)]
    next_index = done if done < MILESTONES and spec["status"] != "unconfirmed" else None
    return {
        "order_id": spec["pk"],
        "order_number": spec["number"],
        "order_type": "garment",
        "order_status": spec["status"],
        "is_open": spec["status"] != "closed" and done < MILESTONES,
        "customer_id": spec["customer_id"],
        "customer_name": f"客户{spec['customer_id']:05d}",
        "merchandiser_id": merchandiser.pk,
        "merchandiser_name": merchandiser.first_name,
        "delivery_date": spec["delivery_date"],
        "current_stage": stage,
        "next_milestone_id": (spec["pk"] - 1) * MILESTONES + next_index + 1
        if next_index is not None
        else None,
        "next_milestone_name": STEP_NAMES[next_index] if next_index is not None else "",
        "next_planned_date": spec["delivery_date"] - timedelta(days=STEP_OFFSETS[next_index])
        if next_index is not None
        else None,
        "owner_id": merchandiser.pk,
        "owner_name": merchandiser.first_name,
        "milestones_done": done,
        "milestones_total": MILESTONES,
        "forecast_date": spec["delivery_date"],
        "search_text": spec["number"].lower(),
        "updated_at": spec["now"],
    }


def insert_plans(specs):
    milestones = Inserter(Milestone).insert(
        milestone_values(s, index) for s in specs for index in range(MILESTONES)
    )
    progress = Inserter(OrderProgress).insert(progress_values(s) for s in specs)
    return milestones, progress


def insert_timeline(specs, showcase, admin):
    order_type = ContentType.objects.get_for_model(Order)
    milestone_type = ContentType.objects.get_for_model(Milestone)
    at = timezone.now()

    def rows():
        for s in specs:  # every order has its creation row, as in production
            yield {
                "action": "order.create",
                "object_type_id": order_type.pk,
                "object_id": str(s["pk"]),
                "object_repr": s["number"],
                "at": at,
                "digest": "bench",
            }
        for n in range(SHOWCASE_EVENTS):
            yield {
                "actor_id": admin.pk,
                "action": "milestone.note",
                "object_type_id": milestone_type.pk,
                "object_id": str((showcase - 1) * MILESTONES + n % MILESTONES + 1),
                "object_repr": f"{showcase} · {STEP_NAMES[n % MILESTONES]}",
                "after": {"name": STEP_NAMES[n % MILESTONES], "n": n},
                "at": at,
                "digest": "bench",
            }

    return Inserter(AuditEvent).insert(rows())


def build(count):
    reset_database()
    admin, merchandisers = people()
    customer_ids = customers()
    unit = Unit.objects.create(code="pcs", name="件")
    item = Item.objects.create(code="SHIRT", name="衬衫", kind="product", unit=unit)
    book = DocumentBook.objects.create(
        code="HT-2025",
        name="订单 2025",
        slip_type="sales.order",
        prefix="HT",
        year=2025,
        next_number=count + 1,
    )
    specs = list(order_rows(count, merchandisers, customer_ids, book))
    showcase = specs[count // 2]
    showcase.update(status="confirmed", done=4)
    timings = {}
    with transaction.atomic():
        for label, step in (
            ("documents+orders", lambda: insert_orders(specs)),
            ("lines", lambda: insert_lines(specs, item, showcase["pk"])),
            ("milestones+progress", lambda: insert_plans(specs)),
            ("audit rows", lambda: insert_timeline(specs, showcase["pk"], admin)),
        ):
            start = time.perf_counter()
            rows = step()
            rows = sum(rows) if isinstance(rows, tuple) else rows
            timings[label] = (rows, time.perf_counter() - start)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Document, Order, OrderLine, Milestone, AuditEvent]
            ):
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return admin, showcase["pk"], timings


def measure(client, url, runs=20):
    client.get(url)  # warm caches
    connection.queries_log.clear()  # a full log (maxlen) would make the capture empty
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # read now: the next request clears the log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _n in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; orders: {args.orders:,}", flush=True)
    start = time.perf_counter()
    admin, showcase, timings = build(args.orders)
    for label, (rows, seconds) in timings.items():
        print(f"  insert {label:<20} {rows:>10,} rows  {seconds:6.1f} s")
    print(f"generation: {time.perf_counter() - start:.1f} s", flush=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    board_ms, board_queries = measure(client, "/followup/")
    late_ms, late_queries = measure(client, "/followup/?late=1&sort=delivery")
    page_ms, page_queries = measure(client, f"/followup/orders/{showcase}/")
    print(
        f"board first page:        {board_ms:7.1f} ms median of 20, {board_queries} queries (target ≤ 150 ms)"
    )
    print(f"board late, by delivery: {late_ms:7.1f} ms median of 20, {late_queries} queries")
    print(
        f"order page ({SHOWCASE_LINES} lines, {SHOWCASE_EVENTS:,} events): {page_ms:7.1f} ms median "
        f"of 20, {page_queries} queries (target ≤ 200 ms)"
    )
    return 0 if board_ms <= 150 and page_ms <= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
