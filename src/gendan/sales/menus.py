"""This module's entries in the main menu (gendan.core.menu)."""

from django.utils.translation import gettext_lazy as _

from gendan.core.menu import Entry, register

register(Entry("orders", _("Orders"), "sales:order-list", order=20))
register(Entry("customers", _("Customers"), "sales:customer-list", order=30))
register(Entry("sales-todo", _("To do"), "sales:todo", order=40))
