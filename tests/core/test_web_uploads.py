"""Twelve bad files at every web import page (issue 9, "3 of 12 web uploads answer
500"): each is refused with a message in Chinese that says what is wrong, the page
answers 400 (or shows the form again), never 500, and nothing is imported."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gendan.catalog.item_import import item_headers
from gendan.catalog.models import Item, ItemVariant, ProcessSheet
from gendan.core import policies
from gendan.stock.models import OpeningImport, StockMove
from tests.catalog.factories import UnitFactory, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ",".join(item_headers())


# What the merchandiser is told, in Chinese, for each bad file at the item import.
TOLD = {
    "empty": "所提交的是空文件",
    "header only": "新建 0 条",
    "garbage named xlsx": "文件已损坏或不是 Excel 文件",
    "a text file": "请上传 Excel 文件",
    "a 200,000-character cell": "第 2 行有一个单元格超过 131072 个字符",
    "a NUL byte": "未导入任何数据",
    "an unclosed quote": "未导入任何数据",
    "binary named csv": "既不是 UTF-8 编码",
    "ragged rows": "未导入任何数据",
    "a weight of 1e300": "未导入任何数据",
    "an xlsx with a 26-digit number": "未导入任何数据",
    "over the size limit": "最多只能读取 1 MB",
}
MESSAGE = re.compile(
    r'class="[^"]*(?:alert-danger|alert-success|invalid-feedback|errorlist|text-danger)[^"]*"[^>]*>(.*?)<',
    re.S,
)

BAD_FILES = {
    "empty": ("items.csv", b""),
    "header only": ("items.csv", (HEADER + "\n").encode()),
    "garbage named xlsx": ("items.xlsx", b"PK\x03\x04 not really a workbook" * 10),
    "a text file": ("items.txt", b"hello"),
    "a 200,000-character cell": ("items.csv", (HEADER + "\n" + "A" * 200_000 + ",x\n").encode()),
    "a NUL byte": ("items.csv", (HEADER + "\nWL1,半\x00轴,零件,,,,件,,\n").encode()),
    "an unclosed quote": ("items.csv", (HEADER + '\nWL1,"半轴,零件\n').encode()),
    "binary named csv": ("items.csv", bytes(range(256)) * 40),
    "ragged rows": ("items.csv", (HEADER + "\nWL1\nWL2,半轴\n").encode()),
    "a weight of 1e300": ("items.csv", (HEADER + "\nWL1,半轴,零件,,,,件,1e300,\n").encode()),
    "an xlsx with a 26-digit number": (
        "items.xlsx",
        xlsx_bytes([item_headers(), ["WL1", "半轴", "零件", "", "", "", "件", 10**25, ""]]),
    ),
    "over the size limit": ("items.csv", (HEADER + "\n").encode() + b"x" * (2 * 1024 * 1024)),
}


@pytest.fixture
def admin_client(admin_user):
    UnitFactory(code="件", name="件", decimals=0)
    policies.set_policy(actor=admin_user, declared_policy=policies.UPLOAD_MAX_MEGABYTES, value=1)
    client = Client()
    client.force_login(admin_user)
    return client


def _nothing_imported():
    return not (
        Item.objects.exists()
        or ItemVariant.objects.exists()
        or ProcessSheet.objects.exists()
        or OpeningImport.objects.exists()
        or StockMove.objects.exists()
    )


def _post(client, url, name, content, **data):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(url, {"file": upload, **data})


def _told(response):
    assert response.status_code in (200, 400), response.status_code
    return " ".join(MESSAGE.findall(response.content.decode()))


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_at_the_item_import_tells_what_is_wrong_in_chinese(admin_client, case):
    name, content = BAD_FILES[case]
    told = _told(_post(admin_client, "/catalog/import/", name, content, what="items"))
    assert TOLD[case] in told
    assert _nothing_imported()


@pytest.mark.parametrize("case", BAD_FILES)
@pytest.mark.parametrize(
    "url,data",
    [
        ("/catalog/import/", {"what": "variants"}),
        ("/catalog/import/", {"what": "process_sheets"}),
        ("/stock/opening-stock/", {}),
    ],
)
def test_a_bad_file_at_every_other_import_is_refused_in_chinese_and_imports_nothing(
    admin_client, case, url, data
):
    name, content = BAD_FILES[case]
    told = _told(_post(admin_client, url, name, content, **data))
    assert re.search(r"[\u4e00-\u9fff]", told), told
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", told), told  # no English sentence
    assert _nothing_imported()
