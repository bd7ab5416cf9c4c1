"""Leave, delegation and a partner's own login are kept on pages, not in the admin
(issue 10: "people and their role grants … shown by name"; the follow-up desk hands
work around leave, D3-2; signatures by delegation keep both names)."""

import datetime

import pytest
from django.test import Client

from gendan.core import chains
from gendan.org.models import Delegation, Leave, RoleGrant, Site
from tests.factories import EmployeeFactory, SiteFactory, UserFactory, grant, seed_role

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def factory_site(db):
    return SiteFactory(code="F-YX", name="宜兴华美服装厂", kind=Site.Kind.CONTRACTED_FACTORY)


@pytest.fixture
def dengfang(factory_site):
    """邓芳, the contracted factory's own login, with no role yet."""
    user = UserFactory(username="dengfang", first_name="邓芳")
    return EmployeeFactory(user=user, name="邓芳", site=factory_site)


def test_administrator_grants_the_factory_role_for_one_contracted_factory_by_name(
    admin_user, dengfang, factory_site
):
    """The factory login is tied to its own factory through the grant form (D4: the
    factory signs its own reports), named on the page, never as a scope key."""
    client = _client(admin_user)
    page = client.get(f"/people/{dengfang.pk}/").content.decode()
    assert f'value="supplier-{factory_site.pk}"' in page
    assert "宜兴华美服装厂（" in page  # named, with its kind

    client.post(
        f"/people/{dengfang.pk}/grants/add/",
        {"role": seed_role("factory").pk, "place": f"supplier-{factory_site.pk}"},
    )

    grant_row = RoleGrant.objects.get(user=dengfang.user)
    assert grant_row.scope_key == f"supplier:{factory_site.pk}"
    assert grant_row.scope_label == "宜兴华美服装厂"
    page = client.get(f"/people/{dengfang.pk}/").content.decode()
    assert "supplier:" not in page


def test_a_grant_for_our_own_plant_as_a_partner_is_refused_and_nothing_is_granted(
    admin_user, dengfang, site
):
    client = _client(admin_user)
    response = client.post(
        f"/people/{dengfang.pk}/grants/add/",
        {"role": seed_role("factory").pk, "place": f"supplier-{site.pk}"},
        follow=True,
    )
    assert not RoleGrant.objects.filter(user=dengfang.user).exists()
    assert "车间" in response.content.decode()  # told to grant it for a workshop instead


def test_a_person_records_their_own_leave_and_an_overlapping_one_is_refused(machining):
    """李军 enters his own leave; a second leave over the same days is refused, naming
    the days already taken, and nothing is added."""
    user = UserFactory(username="lijun", first_name="李军")
    grant(user, "inspector", workshop=machining)
    lijun = EmployeeFactory(user=user, name="李军", site=machining.site)
    client = _client(user)

    client.post(
        f"/people/{lijun.pk}/leave/",
        {"starts_on": "2026-12-07", "ends_on": "2026-12-09", "reason": "年假"},
    )
    assert list(lijun.leaves.values_list("starts_on", "ends_on")) == [
        (MONDAY, MONDAY + datetime.timedelta(days=2))
    ]

    response = client.post(
        f"/people/{lijun.pk}/leave/",
        {"starts_on": "2026-12-08", "ends_on": "2026-12-10"},
        follow=True,
    )
    assert lijun.leaves.count() == 1
    assert "2026-12-07" in response.content.decode()
    page = client.get(f"/people/{lijun.pk}/").content.decode()
    assert "年假" in page


def test_a_colleague_cannot_record_or_take_back_someone_elses_leave(machining):
    """王芳 (a clerk, no people rights) gets 404 on 李军's page and his leave stays."""
    lijun = EmployeeFactory(user=UserFactory(username="lijun"), name="李军", site=machining.site)
    leave = Leave.objects.create(employee=lijun, starts_on=MONDAY, ends_on=MONDAY)
    wangfang = UserFactory(username="wangfang")
    grant(wangfang, "clerk", workshop=machining)
    client = _client(wangfang)

    assert (
        client.post(
            f"/people/{lijun.pk}/leave/", {"starts_on": "2026-12-10", "ends_on": "2026-12-10"}
        ).status_code
        == 404
    )
    assert client.post(f"/people/leave/{leave.pk}/cancel/").status_code == 404
    assert client.get("/people/").status_code == 404
    assert list(lijun.leaves.all()) == [leave]


def test_administrator_takes_back_a_leave_entered_by_mistake_and_the_history_keeps_it(
    admin_user, machining
):
    lijun = EmployeeFactory(user=UserFactory(username="lijun"), name="李军", site=machining.site)
    leave = Leave.objects.create(employee=lijun, starts_on=MONDAY, ends_on=MONDAY, reason="病假")
    client = _client(admin_user)
    client.post(f"/people/leave/{leave.pk}/cancel/")
    assert not lijun.leaves.exists()
    page = client.get(f"/people/{lijun.pk}/").content.decode()
    assert "撤回了请假" in page


def test_an_inspector_on_leave_lets_a_colleague_sign_for_him_from_the_delegation_page(
    signed_by_clerk, inspector, machining
):
    """李军 hands 检查员 to 曹磊 for today on 我的代理; 曹磊 then signs step 2 and the
    signature keeps both names."""
    caolei = UserFactory(username="caolei", first_name="曹磊")
    EmployeeFactory(user=caolei, name="曹磊", site=machining.site)
    client = _client(inspector)
    today = datetime.date.today().isoformat()
    page = client.get("/people/delegations/").content.decode()
    assert "曹磊" in page

    response = client.post(
        "/people/delegations/",
        {
            "role": seed_role("inspector").pk,
            "delegate": caolei.employee.pk,
            "starts_on": today,
            "ends_on": today,
            "reason": "出差",
        },
    )
    assert response.status_code == 302
    chains.sign(actor=caolei, document=signed_by_clerk)
    signature = signed_by_clerk.signatures.order_by("-pk").first()
    assert signature.signer == caolei
    assert signature.on_behalf_of == inspector


def test_a_role_one_does_not_hold_cannot_be_handed_on_and_nothing_is_delegated(clerk, machining):
    colleague = UserFactory(username="colleague")
    EmployeeFactory(user=colleague, site=machining.site)
    response = _client(clerk).post(
        "/people/delegations/",
        {
            "role": seed_role("inspector").pk,
            "delegate": colleague.employee.pk,
            "starts_on": "2026-12-07",
            "ends_on": "2026-12-08",
        },
    )
    assert response.status_code == 400
    assert not Delegation.objects.exists()


def test_only_the_delegator_ends_a_delegation(inspector, clerk):
    colleague = UserFactory(username="colleague")
    delegation = Delegation.objects.create(
        delegator=inspector,
        delegate=colleague,
        role=seed_role("inspector"),
        starts_on=MONDAY,
        ends_on=MONDAY,
    )
    assert _client(clerk).post(f"/people/delegations/{delegation.pk}/revoke/").status_code == 404
    delegation.refresh_from_db()
    assert delegation.revoked_at is None
    _client(inspector).post(f"/people/delegations/{delegation.pk}/revoke/")
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
