"""xlsx downloads in exactly the column layout the imports read, so a downloaded file
can be edited and imported again."""

from gendan.catalog import queries
from gendan.catalog.item_import import item_headers
from gendan.catalog.process_import import process_columns
from gendan.catalog.variant_import import VARIANT_COLUMNS


def _number(value):
    return None if value is None else float(value)


def item_table(item_query):
    rows = (
        [
            item.code,
            item.name,
            item.get_kind_display(),
            item.spec,
            item.grade,
            item.model_series,
            item.unit.code,
            _number(item.weight_per_unit),
            item.confusion_group.name if item.confusion_group_id else "",
        ]
        for item in item_query.iterator(chunk_size=2000)
    )
    return item_headers(), rows


def variant_table(item_query):
    rows = (
        [variant.item.code, variant.colour, variant.size, variant.code]
        for variant in queries.variants_for_export(item_query).iterator(chunk_size=2000)
    )
    return [column.headers[0] for column in VARIANT_COLUMNS], rows


def process_table(item_query):
    rows = (
        [step.sheet.item.code, step.sequence, step.name, step.workshop.code]
        for step in queries.process_steps_for_export(item_query).iterator(chunk_size=2000)
    )
    return [column.headers[0] for column in process_columns({})], rows


TABLES = {"items": item_table, "variants": variant_table, "process_sheets": process_table}
