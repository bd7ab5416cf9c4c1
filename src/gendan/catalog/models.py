"""Items of every kind the seed names, their colour × size variants, units, groups of
easily confused items (D1-3.3), process sheets (工艺状态明细表, D1-4.2, D1-6) and BOMs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, help_text=_("件 0, 米 2, 千克 3")
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ConfusionGroup(models.Model):
    """Items of near-identical spec that must never be transferred together (D1-3.3)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("group of easily confused items")
        verbose_name_plural = _("groups of easily confused items")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Item(models.Model):
    class Kind(models.TextChoices):
        MACHINE = "machine", _("whole machine")
        PRODUCT = "product", _("product")
        PART = "part", _("part")
        RAW_MATERIAL = "raw_material", _("steel and raw material")
        PURCHASED_PART = "purchased_part", _("purchased part")
        OUTSOURCED_PART = "outsourced_part", _("outsourced part")
        BLANK = "blank", _("blank")
        SEMI_FINISHED = "semi_finished", _("semi-finished part")
        FINISHED_PART = "finished_part", _("finished part")
        STANDARD_PART = "standard_part", _("standard part")
        KIT = "kit", _("kit")
        AUXILIARY = "auxiliary", _("auxiliary material")
        HARDWARE = "hardware", _("hardware")
        GARMENT = "garment", _("garment")
        PRINTED = "printed", _("printed matter")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    spec = models.CharField(_("spec"), max_length=120, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    model_series = models.CharField(_("model / series"), max_length=60, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unit"))
    weight_per_unit = models.DecimalField(
        _("weight per unit (kg)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    confusion_group = models.ForeignKey(
        ConfusionGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("easily confused with"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "code"], name="catalog_item_kind_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class ItemVariant(models.Model):
    """A colour × size of a garment (D5-3.1, D5-3.2)."""

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="variants", verbose_name=_("item")
    )
    code = models.CharField(_("code"), max_length=60, unique=True)
    colour = models.CharField(_("colour"), max_length=40, blank=True)
    size = models.CharField(_("size"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["item", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "colour", "size"], name="variant_colour_size_unique"
            ),
        ]

    def __str__(self):
        return f"{self.item.name} {self.colour} {self.size}".strip()


class ProcessSheet(models.Model):
    """工艺状态明细表: the ordered processes of one product."""

    item = models.OneToOneField(
        Item, on_delete=models.PROTECT, related_name="process_sheet", verbose_name=_("item")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("process sheet")
        verbose_name_plural = _("process sheets")

    def __str__(self):
        return str(self.item)


class ProcessStep(models.Model):
    sheet = models.ForeignKey(
        ProcessSheet,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("process sheet"),
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    name = models.CharField(_("process"), max_length=60)
    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, verbose_name=_("workshop")
    )
    is_outside = models.BooleanField(_("processed outside"), default=False)
    is_skippable = models.BooleanField(_("may be skipped"), default=False)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["sheet", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "sequence"], name="process_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.sequence}. {self.name}"


class BomLine(models.Model):
    parent = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="bom_lines", verbose_name=_("product")
    )
    component = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="used_in", verbose_name=_("component")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("bill of materials line")
        verbose_name_plural = _("bill of materials")
        ordering = ["parent", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "component"], name="bom_component_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="bom_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("component")), name="bom_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.parent.code} ← {self.component.code} × {self.quantity}"
