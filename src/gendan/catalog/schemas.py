"""API schemas of the catalog router. Inputs are bounded by their columns
(`core.schemas`); names are unique across the whole API."""

from decimal import Decimal

from ninja import Schema

from gendan.catalog import queries
from gendan.catalog.models import ConfusionGroup, Item, Unit
from gendan.core.schemas import column_decimal, column_text, linked, text


class ItemFilter(Schema):
    q: text(200) = ""
    kind: column_text(Item, "kind") = ""


class ItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    spec: str
    grade: str
    model_series: str
    unit: str
    weight_per_unit: Decimal | None
    confusion_group: str | None
    is_active: bool

    @staticmethod
    def resolve_unit(item):
        return item.unit.code

    @staticmethod
    def resolve_confusion_group(item):
        return linked(item, "confusion_group", "name")


class ItemVariantOut(Schema):
    id: int
    code: str
    colour: str
    size: str


class ProcessStepOut(Schema):
    sequence: int
    name: str
    workshop: str


class BomLineOut(Schema):
    component: str
    quantity: Decimal


class ItemDetailOut(ItemOut):
    variants: list[ItemVariantOut]
    process_steps: list[ProcessStepOut]
    bom_lines: list[BomLineOut]
    confused_with: list[str]

    @staticmethod
    def resolve_variants(item):
        return list(item.variants.all())

    @staticmethod
    def resolve_process_steps(item):
        sheet = getattr(item, "process_sheet", None)
        steps = sheet.steps.all() if sheet else []
        return [
            {"sequence": s.sequence, "name": s.name, "workshop": s.workshop.code} for s in steps
        ]

    @staticmethod
    def resolve_bom_lines(item):
        return [
            {"component": line.component.code, "quantity": line.quantity}
            for line in item.bom_lines.all()
        ]

    @staticmethod
    def resolve_confused_with(item):
        return [other.code for other in queries.confused_with(item)]


class ItemIn(Schema):
    code: column_text(Item, "code")
    name: column_text(Item, "name")
    kind: Item.Kind
    unit: column_text(Unit, "code")
    spec: column_text(Item, "spec") = ""
    grade: column_text(Item, "grade") = ""
    model_series: column_text(Item, "model_series") = ""
    weight_per_unit: column_decimal(Item, "weight_per_unit") | None = None
    confusion_group: column_text(ConfusionGroup, "name") | None = None


class ImportResultOut(Schema):
    created: int
    updated: int
    unchanged: int
