"""Catalog factories and helpers that build import files in memory."""

import csv
import io

import factory
import xlsxwriter

from gendan.catalog.keys import item_search_text
from gendan.catalog.models import ConfusionGroup, Item, ItemVariant, Unit

ITEM_HEADER = ["编码", "名称", "类别", "规格", "牌号", "型号系列", "单位", "单件重量", "易混组"]


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = "pcs"
    name = "件"
    decimals = 0


class ConfusionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfusionGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"易混组{n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Sequence(lambda n: f"零件{n}")
    kind = Item.Kind.PART
    spec = ""
    unit = factory.SubFactory(UnitFactory)
    search_text = factory.LazyAttribute(
        lambda item: item_search_text(item.code, item.name, item.spec)
    )


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemVariant

    item = factory.SubFactory(ItemFactory, kind=Item.Kind.GARMENT)
    colour = "红"
    size = factory.Sequence(lambda n: f"S{n}")
    code = factory.LazyAttribute(lambda v: f"{v.item.code}-{v.colour}-{v.size}")


def xlsx_bytes(rows):
    """A one-sheet workbook; numbers stay numbers, as a person typing in Excel makes them."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row_number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(row_number, column, value)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def units():
    return [
        UnitFactory(code="pcs", name="件", decimals=0),
        UnitFactory(code="kg", name="千克", decimals=3),
        UnitFactory(code="m", name="米", decimals=2),
    ]
