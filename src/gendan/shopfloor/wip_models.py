"""Models of the shop floor's counts of work in progress (在产品盘点, D1-1.5).

A WIP count sheet snapshots, for one workshop, how many parts of each lot the ledger
holds at each of its operations, its waiting area and its rework area (`expected`); the
clerk or team leader enters what was counted there; every difference is explained —
found elsewhere on the sheet (moved to the place where it was found) or scrapped (to the
workshop's scrap place) — and the workshop director's signature posts the differences
through the stock ledger. Parts never appear from nowhere: a surplus of a lot must be
matched by a shortfall of the same lot at another place of the sheet.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WipCount(models.Model):
    """在产品盘点单: one numbered paper from the workshop's book (ZP-JJ-2026-000001)."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="wip_count"
    )
    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("WIP count")
        verbose_name_plural = _("WIP counts")
        ordering = ["-id"]

    def __str__(self):
        return self.document.number


class WipCountLine(models.Model):
    """One lot at one place: the books' figure when the sheet was opened, the counted
    quantity, and how a shortfall is explained (`scrapped` of it booked as scrap, the
    rest found elsewhere on the sheet)."""

    sheet = models.ForeignKey(WipCount, on_delete=models.CASCADE, related_name="lines")
    lot = models.ForeignKey(
        "shopfloor.Lot", on_delete=models.PROTECT, related_name="+", verbose_name=_("lot")
    )
    place = models.ForeignKey(
        "stock.Location", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    expected = models.DecimalField(_("expected"), max_digits=16, decimal_places=4)
    counted = models.DecimalField(
        _("counted"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    scrapped = models.DecimalField(
        _("of the shortfall, scrapped"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The rest of the shortfall was found elsewhere on the sheet."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_found = models.BooleanField(
        _("found here"),
        default=False,
        help_text=_("Added while counting: parts found at a place the sheet did not list."),
    )

    class Meta:
        verbose_name = _("WIP count line")
        verbose_name_plural = _("WIP count lines")
        ordering = ["sheet", "place", "lot"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "lot", "place"], name="wip_line_once"),
            models.CheckConstraint(
                condition=Q(counted__isnull=True) | Q(counted__gte=0),
                name="wip_line_counted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(scrapped__isnull=True) | Q(scrapped__gte=0),
                name="wip_line_scrapped_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.lot_id}@{self.place_id}: {self.expected} → {self.counted}"

    @property
    def difference(self):
        return None if self.counted is None else self.counted - self.expected

    @property
    def shortfall(self):
        difference = self.difference
        return -difference if difference is not None and difference < 0 else 0

    @property
    def surplus(self):
        difference = self.difference
        return difference if difference is not None and difference > 0 else 0

    @property
    def found_elsewhere(self):
        """Of the shortfall, what was found at another place of the sheet."""
        if not self.shortfall or self.scrapped is None:
            return 0
        return self.shortfall - self.scrapped
