"""Catalog import benchmark: a fixed 20,000-row items xlsx imported into a fresh database.

    GENDAN_HOME=/tmp/gd-bench-cat python bench/bench_catalog_import.py [--rows 20000]

Migrates the SQLite database under GENDAN_HOME (or the PostgreSQL database named by
DATABASE_URL — it is flushed), then imports the file into a flushed database three
times and prints the median rows/s, the time of a second, unchanged run of the same
file (idempotence), and peak memory. The pinyin cache is cleared before each run so
every run converts names from cold.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-cat")

import django

django.setup()

import xlsxwriter  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gendan.catalog import keys, services  # noqa: E402
from gendan.catalog.item_import import item_headers  # noqa: E402
from gendan.catalog.models import Item, Unit  # noqa: E402
from gendan.core import audit_chain  # noqa: E402

PARTS = [
    "半轴",
    "刀轴",
    "半轴壳",
    "齿轮",
    "轴承座",
    "法兰盘",
    "链轮",
    "套筒",
    "销轴",
    "支架",
    "拨叉",
    "皮带轮",
    "连杆",
    "曲轴",
    "凸轮轴",
    "机架",
]
PLACES = ["前", "后", "左", "右", "主", "副", "上", "下", "内", "外", "中", "侧"]
MATERIALS = [("圆钢", "45#"), ("方钢", "Q235"), ("钢板", "Q345"), ("无缝钢管", "20#")]
STANDARD = [("螺栓", "8.8级"), ("螺母", "8级"), ("垫圈", "65Mn"), ("开口销", "Q215")]
KINDS = ["零件", "毛坯", "半成品", "外协件", "外购件"]
CONFUSED = {"半轴": "半轴类", "刀轴": "刀轴类", "半轴壳": "半轴壳类"}


def row(number):
    """One deterministic row: parts mostly, steel and standard parts now and then."""
    code = f"WL{number:06d}"
    if number % 10 == 7:
        name, grade = MATERIALS[number % len(MATERIALS)]
        spec = f"Φ{20 + number % 80}"
        return [code, name, "钢材及原材料", spec, grade, "", "kg", "", ""]
    if number % 10 == 3:
        name, grade = STANDARD[number % len(STANDARD)]
        spec = f"M{6 + 2 * (number % 10)}×{20 + 5 * (number % 16)}"
        return [code, name, "标准件", spec, grade, "", "件", 0.05, ""]
    part = PARTS[number % len(PARTS)]
    name = PLACES[(number // len(PARTS)) % len(PLACES)] + part
    spec = f"Φ{30 + number % 50}×{100 + number % 700}"
    weight = round(0.5 + (number % 997) / 10, 2)
    series = f"4LZ-{2 + number % 5}.{number % 10}"
    kind = KINDS[number % len(KINDS)]
    return [code, name, kind, spec, "40Cr", series, "件", weight, CONFUSED.get(part, "")]


def build_file(rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": False})
    sheet = workbook.add_worksheet("物料")
    sheet.write_row(0, 0, item_headers())
    for number in range(1, rows + 1):
        sheet.write_row(number, 0, row(number))
    workbook.close()
    return buffer.getvalue()


def fresh_database():
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    Unit.objects.create(code="pcs", name="件", decimals=0)
    Unit.objects.create(code="kg", name="千克", decimals=3)
    keys._text_key.cache_clear()
    return get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-pass")


def timed_import(actor, content):
    start = time.perf_counter()
    result = services.import_items(actor=actor, file_bytes=content, filename="bench.xlsx")
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    content = build_file(arguments.rows)
    print(f"file: {arguments.rows} rows, {len(content) / 1e6:.2f} MB")

    seconds = []
    for _ in range(arguments.runs):
        actor = fresh_database()
        elapsed, result = timed_import(actor, content)
        assert result.created == arguments.rows, result
        seconds.append(elapsed)
    median = statistics.median(seconds)
    print(
        f"import into an empty catalog: {arguments.rows / median:,.0f} rows/s (median of "
        f"{arguments.runs}: {median:.2f} s; runs {', '.join(f'{s:.2f}' for s in seconds)})"
    )

    again, result = timed_import(actor, content)
    assert result.unchanged == arguments.rows and Item.objects.count() == arguments.rows
    print(
        f"same file again (nothing changes): {arguments.rows / again:,.0f} rows/s ({again:.2f} s)"
    )

    actor = fresh_database()
    tracemalloc.start()
    timed_import(actor, content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: {peak / 1e6:.0f} MB allocated by Python during one import "
        f"(tracemalloc); process peak RSS {max_rss:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
