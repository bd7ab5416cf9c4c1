"""Company policies as rows an administrator edits (issue 8 item 4): declared defaults,
typed values, an audited change, one read per request, and a page in the product."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from gendan.core import policies
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent, Policy
from gendan.sales.policies import WAREHOUSE_CHANNEL
from gendan.stock import batches
from gendan.stock.policies import NEAR_EXPIRY_DAYS
from tests.factories import UserFactory
from tests.stock.factories import ItemFactory, WarehouseLocationFactory, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def storekeeper(db):
    """赵强 keeps the warehouse: he may read stock, not change company policies."""
    return UserFactory(username="zhaoqiang", first_name="赵强")


@pytest.fixture
def office_manager(db):
    """刘敏 is not a superuser but was given the right to change policies."""
    user = UserFactory(username="liumin", first_name="刘敏")
    user.user_permissions.add(Permission.objects.get(codename="change_policy"))
    return user


def test_a_policy_without_a_row_has_its_declared_default():
    assert policies.get(NEAR_EXPIRY_DAYS) == 30
    assert batches.near_expiry_days() == 30
    assert policies.get(WAREHOUSE_CHANNEL) == ""


def test_an_administrator_changes_a_policy_and_the_change_is_audited(admin_user):
    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value="45")

    assert batches.near_expiry_days() == 45
    row = Policy.objects.get(key="stock.near_expiry_days")
    assert (row.value, row.updated_by) == (45, admin_user)
    event = AuditEvent.objects.get(action="policy.changed")
    assert (event.actor, event.before, event.after) == (admin_user, {"value": 30}, {"value": 45})


def test_a_second_change_records_the_previous_company_value(admin_user):
    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=45)
    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=60)

    assert Policy.objects.get().value == 60
    last = AuditEvent.objects.filter(action="policy.changed").last()
    assert (last.before, last.after) == ({"value": 45}, {"value": 60})


def test_someone_without_the_right_cannot_change_a_policy_and_nothing_changes(storekeeper):
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        policies.set_policy(actor=storekeeper, declared_policy=NEAR_EXPIRY_DAYS, value=5)

    assert Policy.objects.count() == 0
    assert AuditEvent.objects.filter(action="policy.changed").count() == 0
    assert batches.near_expiry_days() == 30


def test_the_change_policy_permission_is_enough_without_being_a_superuser(office_manager):
    policies.set_policy(actor=office_manager, declared_policy=WAREHOUSE_CHANNEL, value=" 成品库 ")

    assert policies.get(WAREHOUSE_CHANNEL) == "成品库"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "thirty",
            "Days before its expiry date a batch is listed as near expiry must be a whole "
            "number, not “thirty”.",
        ),
        (
            "4000",
            "Days before its expiry date a batch is listed as near expiry must be between 0 "
            "and 3650 (got 4000).",
        ),
        (
            "-1",
            "Days before its expiry date a batch is listed as near expiry must be between 0 "
            "and 3650 (got -1).",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_the_label_and_nothing_changes(
    admin_user, value, message
):
    with pytest.raises(DomainError) as refused:
        policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=value)

    assert str(refused.value) == message
    assert refused.value.field == "stock.near_expiry_days"
    assert Policy.objects.count() == 0


def test_a_stored_value_that_no_longer_fits_its_declaration_reads_as_the_default():
    Policy.objects.create(key="stock.near_expiry_days", value="many")

    assert policies.get(NEAR_EXPIRY_DAYS) == 30


def test_a_request_reads_each_policy_once_and_sees_its_own_change(admin_user):
    # What the request_started / request_finished signals call (sending the real
    # signals would also close the test's database connection).
    policies._start_request()
    try:
        with CaptureQueriesContext(connection) as queries:
            assert [policies.get(NEAR_EXPIRY_DAYS) for _ in range(5)] == [30] * 5
        assert len(queries) == 1
        policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=7)
        assert policies.get(NEAR_EXPIRY_DAYS) == 7
    finally:
        policies._finish_request()


def test_every_apps_policies_are_declared_with_a_label_and_a_default_of_their_type():
    declared = policies.declared()

    assert {
        "core.attachment_max_megabytes",
        "core.notify_retry_delay_seconds",
        "sales.warehouse_channel",
        "stock.near_expiry_days",
    } <= set(declared)
    for item in declared.values():
        assert str(item.label)
        assert isinstance(item.default, item.type)
        assert item.clean(item.default) == item.default


def test_near_expiry_list_follows_the_company_policy(admin_user):
    """D5-2.1: the near-expiry window is the company's, not a programmer's setting."""
    shelf = WarehouseLocationFactory(code="WH1-A01")
    milk = ItemFactory(code="NF-01")
    today = datetime.date(2027, 1, 1)
    in_60_days = batches.batch_for(milk, "B60", today + datetime.timedelta(days=60))
    receive(admin_user, milk, shelf, 3, batch=in_60_days)
    assert list(batches.near_expiry(today=today)) == []

    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=90)

    assert [row.batch for row in batches.near_expiry(today=today)] == [in_60_days]


# ---------------------------------------------------------------- the page
@pytest.fixture
def english_client(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_policy_page_lists_every_policy_with_its_value_and_default(english_client, admin_user):
    english_client.force_login(admin_user)
    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=14)

    page = english_client.get("/settings/policies/")

    assert page.status_code == 200
    text = page.content.decode()
    for item in policies.declared().values():
        assert escape(str(item.label)) in text
    assert 'value="14"' in text
    assert 'stock.near_expiry_days"' not in text.replace("/settings/policies/stock", "")


def test_an_administrator_saves_a_policy_from_the_page(english_client, admin_user):
    english_client.force_login(admin_user)

    response = english_client.post("/settings/policies/stock.near_expiry_days/", {"value": "21"})

    assert response.status_code == 302
    assert policies.get(NEAR_EXPIRY_DAYS) == 21
    followed = english_client.get(response.url)
    assert "was saved" in followed.content.decode()


def test_a_bad_value_on_the_page_is_shown_beside_the_policy_and_nothing_is_saved(
    english_client, admin_user
):
    english_client.force_login(admin_user)

    response = english_client.post("/settings/policies/stock.near_expiry_days/", {"value": "abc"})

    assert response.status_code == 400
    assert "must be a whole number, not “abc”" in response.content.decode()
    assert Policy.objects.count() == 0


def test_the_policy_page_is_closed_to_people_without_the_right(english_client, storekeeper):
    english_client.force_login(storekeeper)

    assert english_client.get("/settings/policies/").status_code == 403
    response = english_client.post("/settings/policies/stock.near_expiry_days/", {"value": "1"})
    assert response.status_code == 403
    assert Policy.objects.count() == 0


def test_an_unknown_policy_key_is_not_found(english_client, admin_user):
    english_client.force_login(admin_user)

    response = english_client.post("/settings/policies/no.such_policy/", {"value": "1"})

    assert response.status_code == 404


def test_policies_are_listed_in_the_django_admin_too(english_client, admin_user):
    english_client.force_login(admin_user)
    policies.set_policy(actor=admin_user, declared_policy=NEAR_EXPIRY_DAYS, value=14)

    page = english_client.get("/admin/core/policy/")

    assert page.status_code == 200
    assert str(NEAR_EXPIRY_DAYS.label) in page.content.decode()
