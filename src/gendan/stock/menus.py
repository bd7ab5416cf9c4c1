"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, register

register(Entry("stock-on-hand", _("Stock on hand"), "stock:balance-list", order=70))
