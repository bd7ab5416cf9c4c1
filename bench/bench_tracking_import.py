"""Tracking-sheet import benchmark (issue 13): a 100,000-row xlsx sheet read, normalised,
matched against 200,000 orders and stored, end to end, against python-calamine's bare
read of the same file.

    GENDAN_HOME=/tmp/gd-bench-tracking python bench/bench_tracking_import.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gendan_bench python bench/bench_tracking_import.py

A fixed data generator (seed 13): 200,000 orders in a fresh database (SQLite under
GENDAN_HOME, or the PostgreSQL database of DATABASE_URL — it is flushed); a 淘宝-like
sheet whose rows carry `="…"`-wrapped ids, masked and whole phones and a status; 60 % of
the rows name an existing order. Each run imports the sheet into an empty waybill table
(the same file: its digest is forgotten between runs) and the figures printed are the
median of the runs, with the load average at the start so a busy machine is visible.
Prints rows/s for: calamine's bare read, the reader alone (parse + normalise), and the
import end to end (read + refuse-check + store + events + match) by the wall clock and
per CPU second (this process, plus the PostgreSQL backend's CPU read from /proc when the
server is on this machine: a loaded machine stretches the wall time, not the CPU time),
and the peak RSS during the runs (Linux: the set-up's peak is forgotten first). The
orders and the sheet are made by a child process, so the RSS is Django, the file and
the import, not the set-up's leftovers.
"""

import argparse
import gc
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-tracking")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django

django.setup()

import xlsxwriter  # noqa: E402
from bench_board import Inserter, reset_database  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from gendan.core.models import Document, DocumentBook  # noqa: E402
from gendan.logistics import importing  # noqa: E402
from gendan.logistics.models import (  # noqa: E402
    Handover,
    TrackingEvent,
    TrackingImport,
    Waybill,
)
from gendan.logistics.sheets.reader import read_tracking_sheet  # noqa: E402
from gendan.sales.models import Customer, Order  # noqa: E402

HEADER = ["订单编号", "买家会员名", "收货人姓名", "收货地址 ", "联系手机", "物流单号 ",
          "物流公司", "物流状态", "发货时间", "商品标题", "购买数量", "实付金额"]  # fmt: skip
CARRIERS = ["顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "极兔速递"]
STATUSES = ["已揽收", "运输中", "快件已到达【杭州转运中心】", "派送中", "已签收，签收人：本人",
            "已由菜鸟驿站代收，请凭取件码取件", "拒收"]  # fmt: skip
LIMITS = {"max_megabytes": 200, "max_rows": 2_000_000}
BENCH_USER = "bench-lead"


def build_orders(count):
    reset_database()
    user = get_user_model().objects.create_superuser(BENCH_USER, "b@example.com", "x")
    Customer.objects.bulk_create(
        Customer(code=f"K{n:05d}", name=f"客户{n:05d}", phone=f"139{n:08d}") for n in range(2_000)
    )
    customer_ids = list(Customer.objects.values_list("pk", flat=True))
    book = DocumentBook.objects.create(code="TB-2026", name="订单 2026", slip_type="sales.order",
                                       prefix="TB", year=2026, next_number=count + 1)  # fmt: skip
    now, today = timezone.now(), timezone.localdate()
    Inserter(Document).insert(
        {"id": pk, "book_id": book.pk, "sequence": pk, "number": _order_number(pk),
         "slip_type": "sales.order", "title": "客户", "status": "draft", "author_id": user.pk,
         "created_at": now}
        for pk in range(1, count + 1)
    )  # fmt: skip
    Inserter(Order).insert(
        {"id": pk, "document_id": pk, "number": _order_number(pk),
         "customer_id": customer_ids[pk % len(customer_ids)], "channel": "platform",
         "order_type": "ecommerce", "status": "shipped", "merchandiser_id": user.pk,
         "order_date": today, "delivery_date": today, "created_at": now}
        for pk in range(1, count + 1)
    )  # fmt: skip
    return user


def _order_number(pk):
    return f"35153131{pk:09d}"


def sheet_bytes(rows, orders):
    rng = random.Random(13)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for index in range(1, rows + 1):
        known = rng.random() < 0.6
        order = _order_number(rng.randrange(1, orders + 1)) if known else f"9{index:016d}"
        phone = f"139{rng.randrange(10**8):08d}"
        if rng.random() < 0.3:
            phone = f"{phone[:3]}****{phone[-4:]}"
        cells = [
            order, f"tb_{index}", f"顾客{index % 997}", f"浙江省杭州市西湖区文三路{index}号",
            phone, f"SF{index:013d}", CARRIERS[index % len(CARRIERS)],
            STATUSES[rng.randrange(len(STATUSES))], "2026-03-10 09:30:00", "旋耕机配件", "1",
            "235.00",
        ]  # fmt: skip
        for column, text in enumerate(cells):  # ids are text cells, never numbers
            sheet.write_string(index, column, text)
    workbook.close()
    return buffer.getvalue()


def clear_waybills():
    Handover.objects.all().delete()
    TrackingEvent.objects.all().delete()
    Waybill.objects.all().delete()
    TrackingImport.objects.all().delete()


def reset_peak_rss():
    """Forget the set-up's peak (Linux: clear_refs 5 resets VmHWM); the current RSS."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    return _status_mb("VmRSS")


def peak_rss():
    """The peak RSS since `reset_peak_rss` (the whole process's when it cannot reset)."""
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(name):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def cpu_timed(function):
    """Wall seconds, CPU seconds and the result. A shared machine inflates the wall
    time, not the CPU time: this process's CPU, plus the PostgreSQL backend's when the
    server runs on this machine (read from /proc; SQLite works inside this process)."""
    server = _server_cpu()
    cpu, start = time.process_time(), time.perf_counter()
    result = function()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, (cpu, _server_cpu() - server), result


def _server_cpu():
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # the server runs elsewhere: its CPU is not counted
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_read(data):
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--set-up-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sheet_path = Path(os.environ["GENDAN_HOME"]) / "bench-tracking-sheet.xlsx"
    if args.set_up_only:  # the child process: its memory is not the import's
        build_orders(args.orders)
        sheet_path.write_bytes(sheet_bytes(args.rows, args.orders))
        return
    print(f"database: {connection.vendor}; rows: {args.rows:,}; orders: {args.orders:,}; "
          f"runs: {args.runs}; load average at start: {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    build_seconds, _done = timed(lambda: subprocess.run(
        [sys.executable, __file__, "--set-up-only", "--rows", str(args.rows),
         "--orders", str(args.orders)], check=True))  # fmt: skip
    data = sheet_path.read_bytes()
    user = get_user_model().objects.get(username=BENCH_USER)
    print(f"set-up (in a child process): {build_seconds:.1f} s; sheet: "
          f"{len(data) / 1024 / 1024:.1f} MB", flush=True)  # fmt: skip
    bare, reader, full, cpu = [], [], [], []
    gc.collect()
    before = reset_peak_rss()
    print(f"RSS before the runs (Django and the file): {before:,.0f} MB")
    for run in range(args.runs):
        bare.append(timed(lambda: bare_read(data))[0])
        reader.append(timed(lambda: read_tracking_sheet(data, **LIMITS))[0])
        clear_waybills()
        seconds, cpu_seconds, result = cpu_timed(lambda: importing.import_sheet(
            actor=user, file_bytes=data, file_name="bench.xlsx", limits=LIMITS))  # fmt: skip
        full.append(seconds)
        cpu.append(sum(cpu_seconds))
        print(f"  run {run + 1}: bare {bare[-1]:.2f} s, reader {reader[-1]:.2f} s, import "
              f"{seconds:.2f} s (CPU {cpu_seconds[0]:.2f} s here + {cpu_seconds[1]:.2f} s in "
              f"the database server; {result.created:,} waybills, "
              f"{Waybill.objects.exclude(matched_by='').count():,} matched, "
              f"{TrackingEvent.objects.count():,} events); "
              f"load {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    _report(args.rows, bare, reader, full, cpu)


def _report(rows, bare, reader, full, cpu):
    bare_s, reader_s, full_s, cpu_s = map(statistics.median, (bare, reader, full, cpu))
    rss = peak_rss()
    print(f"calamine bare read: {rows / bare_s:,.0f} rows/s (median {bare_s:.2f} s)")
    print(f"reader (parse + normalise): {rows / reader_s:,.0f} rows/s (median {reader_s:.2f} s)")
    print(
        f"import end to end: {rows / full_s:,.0f} rows/s (median {full_s:.2f} s); "
        f"target 45,000 rows/s: {'met' if rows / full_s >= 45_000 else 'NOT met'}"
    )
    print(f"import per CPU second (this process + the database backend): "
          f"{rows / cpu_s:,.0f} rows/s (median {cpu_s:.2f} s)")  # fmt: skip
    print(
        f"end to end / bare read time: {full_s / bare_s:.1f}x; peak RSS during the runs: "
        f"{rss:,.0f} MB "
        f"(limit 400 MB: {'met' if rss <= 400 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
