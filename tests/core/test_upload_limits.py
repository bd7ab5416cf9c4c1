"""Uploads are bounded (issue 9): a file over the company's size or row limit is refused
before it is read, naming the limit, and nothing is imported; a file full of bad rows
answers with the first 200 problems and the count of the rest."""

import pytest

from gendan.catalog import services
from gendan.catalog.item_import import item_headers
from gendan.catalog.models import Item
from gendan.core import policies
from gendan.core.errors import DomainError
from gendan.core.import_errors import MAX_LISTED, ImportRejected, Problems, RowProblem
from gendan.core.spreadsheets import read_sheet
from tests.catalog.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _csv(rows):
    lines = [",".join(item_headers())]
    lines += [f"WL{n:05d},半轴{n},零件,Φ40,40Cr,,{rows[n]},1.25," for n in range(len(rows))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def company_limits(admin_user):
    def set_limits(megabytes=20, rows=200_000):
        policies.set_policy(
            actor=admin_user, declared_policy=policies.UPLOAD_MAX_MEGABYTES, value=megabytes
        )
        policies.set_policy(actor=admin_user, declared_policy=policies.UPLOAD_MAX_ROWS, value=rows)

    return set_limits


def test_a_file_over_the_size_limit_is_refused_naming_both_sizes(admin_user, company_limits):
    UnitFactory(code="pcs", name="件")
    company_limits(megabytes=1)
    content = _csv(["件"] * 40_000)  # about 1.8 MB
    assert len(content) > 1024 * 1024
    with pytest.raises(DomainError, match="文件有 1.8 MB，最多只能读取 1 MB") as refused:
        services.import_items(actor=admin_user, file_bytes=content, filename="items.csv")
    assert refused.value.field == "file"
    assert not Item.objects.exists()


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_imported(admin_user, company_limits):
    UnitFactory(code="pcs", name="件")
    company_limits(rows=100)
    with pytest.raises(DomainError, match="文件超过 100 行"):
        services.import_items(actor=admin_user, file_bytes=_csv(["件"] * 150), filename="items.csv")
    assert not Item.objects.exists()


def test_a_file_full_of_bad_rows_lists_the_first_200_and_counts_the_rest(admin_user):
    UnitFactory(code="pcs", name="件")
    with pytest.raises(ImportRejected) as refused:
        services.import_items(
            actor=admin_user, file_bytes=_csv(["箱子"] * 1000), filename="items.csv"
        )
    assert len(refused.value.problems) == MAX_LISTED
    assert refused.value.unlisted == 1000 - MAX_LISTED
    assert "有 1000 行存在问题" in str(refused.value)
    assert "另有 800 处未列出" in str(refused.value)
    assert not Item.objects.exists()


def test_the_pure_reader_reads_no_further_than_one_row_past_its_limit():
    content = b"a,b\n" + b"1,2\n" * 50
    assert len(read_sheet(content, "x.csv", max_rows=51).rows) == 51
    with pytest.raises(DomainError, match="文件超过 50 行"):
        read_sheet(content, "x.csv", max_rows=50)


def test_problems_keep_the_first_200_in_row_order_whatever_order_they_come_in():
    """Issue 9, bounded memory: a duplicate found late (row 3) still comes before the cell
    problems of rows 4…; only MAX_LISTED problems are held, the rest are counted."""
    problems = Problems()
    problems += [RowProblem(row=row, column="单位", message="未知") for row in range(4, 1004)]
    problems.append(RowProblem(row=3, column="编码", message="重复"))
    problems.append(RowProblem(row=4, column="编码", message="重复"))
    listed = problems.listed()
    assert len(listed) == MAX_LISTED
    assert [(p.row, p.column) for p in listed[:3]] == [(3, "编码"), (4, "单位"), (4, "编码")]
    assert listed[-1].row == 4 + MAX_LISTED - 3
    assert len(problems) == 1002
    assert problems.row_count == 1001
    refused = ImportRejected(problems)
    assert refused.problems == listed
    assert refused.unlisted == 1002 - MAX_LISTED


def test_a_csv_holds_each_repeated_short_cell_once():
    """Issue 9: 10,000 rows of the unit 箱子 hold one string, not 10,000 copies."""
    content = ("编码,单位\n" + "".join(f"WL{n},箱子\n" for n in range(10_000))).encode()
    rows = read_sheet(content, "x.csv").rows
    assert len({id(row[1]) for row in rows[1:]}) == 1
    assert len({row[0] for row in rows[1:]}) == 10_000


def test_a_gbk_csv_is_decoded_as_it_is_read():
    content = "编码,名称\nWL1,半轴\n".encode("gbk")
    sheet = read_sheet(content, "x.csv")
    assert sheet.encoding == "gbk"
    assert sheet.rows == [["编码", "名称"], ["WL1", "半轴"]]
