"""Personas: one person per role, as the seed documents name them.

The generic test slip type `test.slip` has the D1-3.2 shape: clerk → inspector →
operator → receiver (team leader), all in one workshop (机加车间).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.backends.signals import connection_created

from gendan.core import chains, numbering
from tests.factories import SiteFactory, UserFactory, WorkshopFactory, grant


def _allow_flushing_the_audit_tables(sender, connection, **kwargs):
    """Transactional tests flush the test database with TRUNCATE, which PostgreSQL
    refuses on the append-only audit tables unless the session allows it."""
    from gendan.core.audit_chain import allow_truncate

    allow_truncate(connection)


connection_created.connect(_allow_flushing_the_audit_tables)


TEST_CHAIN = [
    {"name": "转序员签字", "role_code": "clerk"},
    {"name": "检查员签质量", "role_code": "inspector"},
    {"name": "操作者签字", "role_code": "operator"},
    {"name": "接收工序签收", "role_code": "team_leader"},
]


@pytest.fixture
def site(db):
    return SiteFactory()


@pytest.fixture
def machining(db, site):
    return WorkshopFactory(code="JJ", name="机加车间", site=site)


@pytest.fixture
def welding(db, site):
    return WorkshopFactory(code="HJ", name="焊接车间", site=site)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "admin-pass-123")


def _persona(username, name, role_code, workshop):
    user = UserFactory(username=username, first_name=name)
    grant(user, role_code, workshop=workshop)
    return user


@pytest.fixture
def clerk(machining):
    return _persona("wangfang", "王芳", "clerk", machining)


@pytest.fixture
def inspector(machining):
    return _persona("lijun", "李军", "inspector", machining)


@pytest.fixture
def welding_inspector(welding):
    return _persona("caolei", "曹磊", "inspector", welding)


@pytest.fixture
def operator(machining):
    return _persona("zhoujie", "周杰", "operator", machining)


@pytest.fixture
def receiver(machining):
    return _persona("sunli", "孙丽", "team_leader", machining)


@pytest.fixture
def director(machining):
    return _persona("zhaogang", "赵刚", "workshop_director", machining)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", first_name="路人")


@pytest.fixture
def test_chain(admin_user):
    return chains.define_chain(
        actor=admin_user, slip_type="test.slip", name="测试单", steps=TEST_CHAIN
    )


@pytest.fixture
def book(test_chain, machining, admin_user):
    return numbering.create_book(
        actor=admin_user,
        code="TS-JJ-2026",
        name="机加车间测试单 2026",
        slip_type="test.slip",
        scope_key=machining.scope_key,
        prefix="TS-机加",
        year=2026,
    )


@pytest.fixture
def submitted(book, clerk):
    """A slip written and submitted by the clerk, waiting for its first step."""
    document = numbering.open_document(actor=clerk, book=book, title="半轴 BZ-120 × 40")
    return chains.submit(actor=clerk, document=document)


@pytest.fixture
def signed_by_clerk(submitted, clerk):
    return chains.sign(actor=clerk, document=submitted)


@pytest.fixture(autouse=True)
def huey_immediate():
    """Huey runs tasks inline in tests; a test of the real queue switches it off."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    tests/core/test_auth.py checks that production uses Argon2."""
    from gendan import settings as production

    settings.PRODUCTION_PASSWORD_HASHERS = production.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language(settings):
    """Every test starts in the default language (zh-hans), whatever the last one left."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
