"""Issue 13 (D3-1): the bulk import — rows written without a model object per row —
keeps what the import always did: the match, one event per status a sheet set, a
second reading that changes nothing, one audit row per sheet, and all or nothing even
when the process is killed half-way."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gendan.core.models import AuditEvent
from gendan.logistics import importing
from gendan.logistics.models import TrackingEvent, TrackingImport, Waybill
from tests.logistics.sheets import csv_bytes, write_xlsx
from tests.sales.factories import CustomerFactory, make_order

HEADER = ["订单编号", "收货人姓名", "联系手机", "收货地址", "物流单号", "物流公司", "物流状态"]
ROWS = 2_500  # more than one write batch (2,000)


def _rows(order_numbers, status=lambda n: "运输中"):
    """Plain cells (no `="…"` wrappers: the bulk path): the first rows name the known
    orders, row 100 has only the phone of 陈小红, row 101 a masked phone, her name and
    address (a candidate), every tenth row has no status yet."""
    rows = [HEADER]
    for n in range(ROWS):
        order = order_numbers[n] if n < len(order_numbers) else f"9{n:012d}"
        phone, name, address = f"139{n:08d}", f"顾客{n % 97}", f"浙江省杭州市余杭区{n}号"
        if n == 100:
            order, phone = "", "13912345678"
        if n == 101:
            order, phone, name, address = "", "139****5678", "陈小红", "浙江省杭州市西湖区文三路"
        text = "" if n % 10 == 9 else status(n)
        rows.append([order, name, phone, address, f"SF{n:013d}", "顺丰速运", text])
    return rows


def _state():
    return (
        list(
            Waybill.objects.order_by("key").values_list(
                "key", "status", "status_text", "status_changed_at", "order_id", "customer_id",
                "matched_by", "candidate_order_id", "last_import_id", "is_self_pickup",
            )
        ),
        list(TrackingEvent.objects.order_by("id").values_list("waybill__key", "status")),
    )  # fmt: skip


def test_a_big_sheet_is_matched_stored_and_read_again_without_change(lead, zhang):
    """D3-1: 唐伟 imports 2,500 rows: three by order number, one by 陈小红's phone, one
    candidate for her masked phone; an event per row with a status; one audit row. The
    same rows in another file change nothing."""
    customer = CustomerFactory(
        name="陈小红", phone="13912345678", address="浙江省杭州市西湖区文三路 1 号"
    )
    orders = [make_order(zhang, customer=customer) for _ in range(3)]
    latest = max(orders, key=lambda order: (order.order_date, order.pk))
    rows = _rows([order.number for order in orders])

    result = importing.import_sheet(actor=lead, file_bytes=csv_bytes(rows), file_name="a.csv")

    assert (result.created, result.updated, result.unchanged) == (ROWS, 0, 0)
    by_order = Waybill.objects.filter(matched_by="order_number")
    assert sorted(by_order.values_list("order_number", flat=True)) == sorted(
        order.number for order in orders
    )
    by_phone = Waybill.objects.get(tracking_number=f"SF{100:013d}")
    assert (by_phone.matched_by, by_phone.customer, by_phone.order) == ("phone", customer, latest)
    candidate = Waybill.objects.get(tracking_number=f"SF{101:013d}")
    assert (candidate.matched_by, candidate.candidate_order) == ("", latest)
    assert TrackingEvent.objects.count() == ROWS - ROWS // 10
    assert Waybill.objects.filter(status="", status_changed_at__isnull=True).count() == ROWS // 10
    assert AuditEvent.objects.filter(action="tracking.import").count() == 1

    before = _state()
    again = importing.import_sheet(
        actor=lead, file_bytes=csv_bytes(rows, encoding="gb18030"), file_name="b.csv"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, ROWS)
    assert _state() == before


def test_a_later_big_sheet_moves_only_the_changed_rows(lead, zhang):
    """D3-1: the next day's sheet signs every other row and brings the order number of
    a row that had none: those rows change, with one new event each; the rest keep
    their time of last change."""
    importing.import_sheet(actor=lead, file_bytes=csv_bytes(_rows([])), file_name="day1.csv")
    first_events = TrackingEvent.objects.count()
    unmoved = Waybill.objects.get(tracking_number=f"SF{1:013d}")
    order = make_order(zhang)
    later = _rows([], status=lambda n: "已签收" if n % 2 == 0 else "运输中")
    later[1 + 101][0] = order.number  # row 101 now names its order

    result = importing.import_sheet(actor=lead, file_bytes=csv_bytes(later), file_name="d2.csv")

    signed = len([n for n in range(ROWS) if n % 2 == 0 and n % 10 != 9])
    assert (result.created, result.updated) == (0, signed + 1)
    assert TrackingEvent.objects.count() == first_events + signed
    assert Waybill.objects.filter(status="signed").count() == signed
    matched = Waybill.objects.get(tracking_number=f"SF{101:013d}")
    assert (matched.matched_by, matched.order) == ("order_number", order)
    unmoved.refresh_from_db()
    assert Waybill.objects.get(pk=unmoved.pk).status_changed_at == unmoved.status_changed_at
    assert unmoved.last_import_id != result.tracking_import.pk


def _child(mode, path, flag, env):
    script = Path(__file__).with_name("killed_import.py")
    return subprocess.Popen(
        [sys.executable, str(script), mode, str(path), str(flag)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _counts(database):
    with sqlite3.connect(database) as connection:
        return tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                TrackingImport._meta.db_table,
                Waybill._meta.db_table,
                TrackingEvent._meta.db_table,
            )
        )


def test_an_import_killed_half_way_leaves_nothing_and_the_rerun_finishes_it(tmp_path):
    """D3-1 / issue 13: kill -9 after the waybills are written, before the commit: no
    sheet, waybill or event is left; importing the file again stores all of it."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["GENDAN_HOME"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "gendan", "migrate", "-v0"], env=env, check=True)
    path = write_xlsx(tmp_path, _rows([]))
    flag = tmp_path / "stalled"

    child = _child("stall", path, flag, env)
    deadline = time.monotonic() + 300
    while not flag.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert flag.exists(), child.communicate()[0] if child.poll() is not None else "no flag"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)

    database = tmp_path / "gendan.sqlite3"
    assert _counts(database) == (0, 0, 0)
    rerun = _child("finish", path, flag, env)
    output = rerun.communicate(timeout=300)[0]
    assert rerun.returncode == 0, output
    assert output.split()[-3:] == [str(ROWS), "0", "0"]
    assert _counts(database) == (1, ROWS, ROWS - ROWS // 10)


def test_a_waybill_known_by_its_order_number_takes_the_tracking_number_a_later_row_brings(
    lead, zhang
):
    """D3-1 (issue 13 gap): the morning's ERP sheet lists 陈小红's order with no
    tracking number yet; the evening's carrier sheet brings it with the order number.
    The one waybill gets the number (matched, its status moved), no second waybill; a
    second parcel of the same order is a waybill of its own."""
    order = make_order(zhang)
    morning = [HEADER, [order.number, "陈小红", "13912345678", "杭州", "", "", "已发货"]]
    importing.import_sheet(actor=lead, file_bytes=csv_bytes(morning), file_name="erp.csv")
    waiting = Waybill.objects.get()
    assert (waiting.key, waiting.order) == (f"O:{order.number}", order)

    evening = [
        HEADER,
        [order.number, "陈小红", "13912345678", "杭州", "SF1234567890123", "顺丰速运", "运输中"],
        [order.number, "陈小红", "13912345678", "杭州", "SF1234567890124", "顺丰速运", "已揽收"],
    ]  # fmt: skip
    result = importing.import_sheet(actor=lead, file_bytes=csv_bytes(evening), file_name="sf.csv")

    assert (result.created, result.updated) == (1, 1)
    waiting.refresh_from_db()
    assert (waiting.key, waiting.tracking_number) == ("T:SF1234567890123", "SF1234567890123")
    assert (waiting.order, waiting.matched_by, waiting.status) == (
        order,
        "order_number",
        "in_transit",
    )
    assert list(waiting.events.values_list("status", flat=True)) == ["collected", "in_transit"]
    assert not Waybill.objects.filter(key__startswith="O:").exists()
    second = Waybill.objects.get(tracking_number="SF1234567890124")
    assert (second.order, second.pk != waiting.pk) == (order, True)
