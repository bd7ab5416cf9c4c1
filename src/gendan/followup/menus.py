"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, register

register(Entry("order-board", _("Order board"), "followup:board", order=10))
register(Entry("trip-expenses", _("Trip expenses"), "followup:expense-list", order=80))
