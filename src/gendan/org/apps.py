from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gendan.org"
    label = "org"
    verbose_name = _("People and organisation")

    def ready(self):
        from gendan.core.roles import register_directory
        from gendan.org import (
            menus,  # noqa: F401  (registers its menu entries)
            search_providers,  # noqa: F401  (registers people search)
        )
        from gendan.org.directory import OrgRoleDirectory

        register_directory(OrgRoleDirectory())
        _register_scope_namers()
        _register_scope_codes()


def _namer(model):
    def names(pks):
        return dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))

    return names


def _register_scope_namers():
    from gendan.core import scopes
    from gendan.org.models import Site, Warehouse, Workshop

    scopes.register_namer(scopes.WORKSHOP, _namer(Workshop))
    scopes.register_namer(scopes.WAREHOUSE, _namer(Warehouse))
    scopes.register_namer(scopes.SUPPLIER, _namer(Site))


def _register_scope_codes():
    """Book codes and number prefixes carry the code a person knows (SR-JJ-2026-…)."""
    from gendan.core import papers, scopes
    from gendan.org.models import Site, Warehouse, Workshop

    for kind, model in ((scopes.WORKSHOP, Workshop), (scopes.WAREHOUSE, Warehouse)):
        papers.register_scope_codes(kind, _coder(model))
    papers.register_scope_codes(scopes.SUPPLIER, _coder(Site))


def _coder(model):
    def codes(pks):
        return dict(model.objects.filter(pk__in=pks).values_list("pk", "code"))

    return codes
