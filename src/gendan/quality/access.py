"""Who may record, read and sign inspections — one gate (`access_inspection`).

- QC and merchandisers record inspections (writers of the inspection report);
- QC, merchandisers, the sales manager and marketing read every inspection;
- a contracted factory's login (role 工厂, granted for that factory: scope
  "supplier:<factory>") reads and signs only its own factory's inspections. A factory
  grant for everywhere is tied to no factory and sees none.
"""

from django.utils import timezone

from gendan.core import scopes
from gendan.core.errors import NotFound
from gendan.core.roles import directory

WRITERS = frozenset({"qc", "merchandiser"})
READERS = WRITERS | {"sales_manager", "marketing"}
FACTORY = "factory"


def _grants(user):
    if not user.is_authenticated:
        return []
    return directory().grants_of(user, timezone.localdate())


def can_record(user):
    return user.is_superuser or any(g.role_code in WRITERS for g in _grants(user))


def can_read_all(user):
    return user.is_superuser or any(g.role_code in READERS for g in _grants(user))


def factory_ids(user):
    """The contracted factories (Site pks) this login signs for."""
    ids = set()
    for grant in _grants(user):
        if grant.role_code == FACTORY and grant.scope_key.startswith(scopes.SUPPLIER + ":"):
            ids.add(scopes.Scope.parse(grant.scope_key).pk)
    return ids


def is_factory(user):
    return bool(factory_ids(user))


def can_use_quality(user):
    return can_read_all(user) or is_factory(user)


def visible_inspections(user, queryset):
    if can_read_all(user):
        return queryset
    return queryset.filter(factory_id__in=factory_ids(user))


def access_inspection(user, pk):
    """The inspection `pk` if `user` may see it; missing and forbidden look the same."""
    from gendan.quality import queries

    try:
        inspection = visible_inspections(user, queries.inspections()).get(pk=int(pk))
    except (ValueError, TypeError, queries.Inspection.DoesNotExist):
        raise NotFound() from None
    return inspection


def can_see_defect(user, defect):
    """Gate of a defect's photos (core.attachments): whoever may see its inspection."""
    inspection = defect.inspection
    return can_read_all(user) or inspection.factory_id in factory_ids(user)


def role_codes(user):
    return {grant.role_code for grant in _grants(user)}


def is_qc(user):
    """QC, the responsible authority of GB/T 2828.1 9.3 / 9.4 (approves reduced
    inspection, resumes a discontinued one)."""
    return user.is_superuser or "qc" in role_codes(user)


def can_add_photo(user, inspection):
    """Photos after recording: the inspector who recorded it, QC or a merchandiser —
    while the report is not yet posted (services.attach_photo decides the rest)."""
    return user.is_superuser or inspection.inspector_id == user.pk or can_record(user)


def can_sign_step(user, inspection, role_code):
    """Whether `user` holds the role of the step the report waits for (the chain itself
    checks again when signing). The factory's step: only a login of that factory."""
    if role_code == FACTORY:
        return inspection.factory_id in factory_ids(user)
    return role_code in role_codes(user)


def visible_switching_states(user, queryset):
    if can_read_all(user):
        return queryset
    return queryset.filter(factory_id__in=factory_ids(user))


def access_switching_state(user, pk):
    """The switching state (product × factory) `pk` if `user` may see it: readers see
    every one, a factory login its own factory's; missing and forbidden look the same."""
    from gendan.quality import queries

    try:
        return visible_switching_states(user, queries.switching_states()).get(pk=int(pk))
    except (ValueError, TypeError, queries.SwitchingState.DoesNotExist):
        raise NotFound() from None


def can_see_followup(user, obj):
    """Gate of a problem's or a complaint's photos: readers; a factory login its own
    factory's problems (complaints carry no factory and stay with the readers)."""
    if can_read_all(user):
        return True
    factory_id = getattr(obj, "factory_id", None)
    return factory_id is not None and factory_id in factory_ids(user)


def visible_problems(user, queryset):
    if can_read_all(user):
        return queryset
    return queryset.filter(factory_id__in=factory_ids(user))


def access_problem(user, pk):
    """The production problem `pk` if `user` may see it (readers; a factory its own)."""
    from gendan.quality.followup_models import ProductionProblem

    try:
        return visible_problems(
            user, ProductionProblem.objects.select_related("order", "factory", "factory_order")
        ).get(pk=int(pk))
    except (ValueError, TypeError, ProductionProblem.DoesNotExist):
        raise NotFound() from None
