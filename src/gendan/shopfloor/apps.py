from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopfloorConfig(AppConfig):
    """The shop floor (车间现场). For now only its papers are declared, so a fresh install
    can number and sign transfer slips; its models come with the shop floor module."""

    name = "gendan.shopfloor"
    label = "shopfloor"
    verbose_name = _("Shop floor")

    def ready(self):
        from gendan.shopfloor import papers  # noqa: F401  (declares the transfer slip)
