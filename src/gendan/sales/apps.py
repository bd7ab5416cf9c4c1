from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "gendan.sales"
    label = "sales"
    verbose_name = _("Sales: customers and orders")

    def ready(self):
        from gendan.core import integrity, scopes
        from gendan.core import papers as core_papers
        from gendan.sales import (
            checks,
            menus,  # noqa: F401  (registers its menu entries)
            papers,  # noqa: F401  (declares orders and delivery notes)
            search_providers,  # noqa: F401  (registers order search)
        )
        from gendan.sales.models import Customer

        integrity.register("voided sales papers carry nothing", checks.voided_papers_out_of_force)

        scopes.register_namer(
            scopes.CUSTOMER,
            lambda pks: dict(Customer.objects.filter(pk__in=pks).values_list("pk", "name")),
        )
        core_papers.register_scope_codes(
            scopes.CUSTOMER,
            lambda pks: dict(Customer.objects.filter(pk__in=pks).values_list("pk", "code")),
        )
