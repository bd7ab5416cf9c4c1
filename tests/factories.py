"""factory-boy factories: no fixture files, no magic primary keys."""

import factory
from django.contrib.auth import get_user_model

from gendan.core.models import DocumentBook
from gendan.org.models import Employee, Role, RoleGrant, Site, Warehouse, Workshop
from gendan.org.roles import SEED_ROLES

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password(PASSWORD)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("code",)

    code = "PLANT"
    name = "丰收农机厂"
    kind = Site.Kind.OWN_PLANT


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        django_get_or_create = ("code",)

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"WS{n}")
    name = factory.Sequence(lambda n: f"车间{n}")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse
        django_get_or_create = ("code",)

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"WH{n}")
    name = factory.Sequence(lambda n: f"库房{n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    code = factory.Sequence(lambda n: f"E{n:04d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    site = factory.SubFactory(SiteFactory)


class BookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentBook

    code = factory.Sequence(lambda n: f"BOOK-{n}")
    name = factory.Sequence(lambda n: f"测试单簿{n}")
    slip_type = "test.slip"
    prefix = "TS"
    year = 2026


def seed_role(code):
    """The seeded role; recreated when a flushing (transactional) test removed it."""
    names = {role_code: (name, name_en) for role_code, name, name_en in SEED_ROLES}
    name, name_en = names[code]
    return Role.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]


def grant(user, role_code, *, workshop=None, warehouse=None):
    place = workshop or warehouse
    return RoleGrant.objects.create(
        user=user,
        role=seed_role(role_code),
        workshop=workshop,
        warehouse=warehouse,
        scope_key=place.scope_key if place else "",
    )
