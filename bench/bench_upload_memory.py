"""Peak memory of refusing a 20 MB csv upload whose every row is bad (issue 9: a 50 MB csv
once used 3.6 GB and answered with a 304 MB error listing).

Each run is a fresh process (peak RSS is per process): it builds a ~20 MB GBK-free UTF-8
csv of item rows with an unknown unit on every row, imports it through the catalog's
import service, and prints the peak RSS, the seconds, the problems listed and the size
of the refusal as JSON. Median of --runs. SQLite under GENDAN_HOME, or PostgreSQL at
DATABASE_URL (the database is flushed).

    GENDAN_HOME=/tmp/gd-bench-upload python bench/bench_upload_memory.py
"""

import argparse
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gendan.settings")
os.environ.setdefault("GENDAN_HOME", "/tmp/gd-bench-upload")

TARGET_BYTES = 20 * 1024 * 1024 - 200_000  # just under the 20 MB default limit


def build_csv(item_headers):
    """The file as the upload's bytes (built line by line into one buffer)."""
    buffer = io.BytesIO()
    buffer.write((",".join(item_headers) + "\n").encode())
    number = 0
    while buffer.tell() < TARGET_BYTES:
        number += 1
        line = (
            f"WL{number:07d},前半轴{number} 左侧加强型,零件,Φ40×{number % 700} 调质 HB220-250,"
            f"40Cr,4LZ-2.5 旋耕机,箱子,1.25,"
        )
        buffer.write((line + "\n").encode())
    return buffer.getvalue(), number


def _status_kb(name):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise RuntimeError(name)


def _reset_peak():
    """Linux: start the peak (VmHWM) afresh from here, so migrate and building the file
    do not count; the process's RSS at this point (Django loaded, the upload's bytes in
    memory) is returned, as a web worker holds it when the upload arrives."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    return _status_kb("VmRSS")


def one_run():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from gendan.catalog import services
    from gendan.catalog.item_import import item_headers
    from gendan.catalog.models import Unit
    from gendan.core import audit_chain
    from gendan.core.errors import DomainError
    from gendan.core.import_errors import ImportRejected

    call_command("migrate", verbosity=0)
    audit_chain.allow_truncate(connection)
    call_command("flush", interactive=False, verbosity=0)
    Unit.objects.create(code="pcs", name="件", decimals=0)
    actor = get_user_model().objects.create_superuser("bench", "b@example.com", "bench-pass-1")
    content, rows = build_csv(item_headers())
    del call_command
    gc.collect()  # the lines the file was built from are gone, as in a worker
    before = _reset_peak()
    start = time.perf_counter()
    try:
        services.import_items(actor=actor, file_bytes=content, filename="bench.csv")
        listed, answer = 0, b""
    except ImportRejected as refused:
        listed = len(refused.problems)
        answer = json.dumps([problem.as_dict() for problem in refused.problems]).encode()
        message = str(refused)
    except DomainError as refused:  # the whole file refused: too large, too many rows
        listed, answer, message = 0, str(refused).encode(), str(refused)
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "mb": len(content) / 1024 / 1024,
                "rows": rows,
                "seconds": seconds,
                "peak_rss_mb": peak / 1024,
                "rss_before_import_mb": before / 1024,
                "listed": listed,
                "answer_kb": len(answer) / 1024,
                "message": message,
            },
            ensure_ascii=False,
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        return one_run()
    results = []
    for _ in range(arguments.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--one"], capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    first = results[0]
    print(f"file: {first['mb']:.1f} MB, {first['rows']:,} rows, every row bad")
    print(f"refusal message: {first['message']}")
    print(f"problems listed: {first['listed']}, answer {first['answer_kb']:.0f} KB")
    peaks = [result["peak_rss_mb"] for result in results]
    before = statistics.median(result["rss_before_import_mb"] for result in results)
    runs = ", ".join(f"{peak:.0f}" for peak in peaks)
    print(
        f"peak RSS of the process: median {statistics.median(peaks):.0f} MB "
        f"(runs {runs}; {before:.0f} MB held when the upload arrives, Django and the file)"
    )
    print(f"refused in: median {statistics.median(r['seconds'] for r in results):.2f} s")


if __name__ == "__main__":
    main()
