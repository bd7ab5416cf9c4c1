"""Foundation benchmarks: taking numbers, signing, the inbox page, `gendan check`.

    GENDAN_HOME=/tmp/gd-bench python bench/bench_foundation.py [--documents 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_foundation.py

Builds a fixed data set in a fresh database (SQLite under GENDAN_HOME, or the
PostgreSQL database named by DATABASE_URL — it is flushed), then prints the median of
several runs of each measurement.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from gendan.core import audit_chain, chains, integrity, numbering  # noqa: E402
from gendan.org.models import Role, RoleGrant, Site, Workshop  # noqa: E402
from gendan.org.roles import SEED_ROLES  # noqa: E402

STEPS = [
    {"name": "转序员", "role_code": "clerk"},
    {"name": "检查员", "role_code": "inspector"},
    {"name": "操作者", "role_code": "operator"},
]


def median_ms(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(documents):
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    for code, name, name_en in SEED_ROLES:  # flush removed the seeded roles
        Role.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "a@example.com", "x")
    site = Site.objects.create(code="P", name="厂", kind="own_plant")
    workshop = Workshop.objects.create(site=site, code="JJ", name="机加车间")
    people = {}
    for code in ("clerk", "inspector", "operator"):
        people[code] = User.objects.create_user(f"bench-{code}", password="x")
        RoleGrant.objects.create(
            user=people[code],
            role=Role.objects.get(code=code),
            workshop=workshop,
            scope_key=workshop.scope_key,
        )
    chains.define_chain(actor=admin, slip_type="bench", name="bench", steps=STEPS)
    book = numbering.create_book(
        actor=admin,
        code="B",
        name="bench",
        slip_type="bench",
        scope_key=workshop.scope_key,
        prefix="ZX",
        year=2026,
    )
    start = time.perf_counter()
    for index in range(documents):
        document = numbering.open_document(actor=people["clerk"], book=book, title=f"半轴 {index}")
        if index % 10 == 0:  # one in ten waits for the inspector
            chains.submit(actor=people["clerk"], document=document)
            chains.sign(actor=people["clerk"], document=document)
    seconds = time.perf_counter() - start
    return people, book, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; documents: {args.documents}")
    people, book, build_seconds = build(args.documents)
    print(
        f"open_document (number + document + audit), incl. 10% submit+sign: "
        f"{args.documents / build_seconds:,.0f} documents/s"
    )

    take = median_ms(lambda: numbering.open_document(actor=people["clerk"], book=book), args.runs)
    print(f"take one number (open_document):     median {take:6.2f} ms of {args.runs}")

    pending = list(book.documents.filter(status="pending").order_by("id")[: args.runs])
    it = iter(pending)
    sign = median_ms(
        lambda: chains.sign(actor=people["inspector"], document=next(it)), len(pending)
    )
    print(f"sign one step:                       median {sign:6.2f} ms of {len(pending)}")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(people["inspector"])
    inbox_size = len(client.get("/inbox/").content)
    inbox = median_ms(lambda: client.get("/inbox/"), args.runs)
    from django.conf import settings

    settings.DEBUG = True
    reset_queries()
    client.get("/inbox/")
    queries = len(connection.queries)
    settings.DEBUG = False
    pending_count = book.documents.filter(status="pending").count()
    print(
        f"inbox page ({pending_count} waiting, {inbox_size // 1024} KiB): median {inbox:6.1f} ms, "
        f"{queries} queries"
    )

    check = median_ms(lambda: [list(p) for _n, p in integrity.run_all()], 3)
    print(f"gendan check (all integrity checks): median {check:6.0f} ms of 3")
    return 0


if __name__ == "__main__":
    sys.exit(main())
