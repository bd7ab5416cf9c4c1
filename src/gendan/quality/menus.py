"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, register

register(
    Entry(
        "sampling-calculator",
        _("Sampling plan calculator"),
        "quality:sampling-calculator",
        order=90,
    )
)
