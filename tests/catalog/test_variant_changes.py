"""One variant corrected or removed on the item page (issue 10: master data without the
admin; D5-3.2 colours and sizes): a typing slip is corrected and audited; a variant an
order already names cannot be removed (it is refused naming the order, nothing changes);
an unused one is removed; a clash with another variant is refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from gendan.catalog import services
from gendan.catalog.models import ItemVariant
from gendan.core.models import AuditEvent
from tests.catalog.factories import ItemFactory
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def jacket(admin_user):
    item = ItemFactory(code="JK-M01", name="男式夹克", kind="garment")
    services.create_variants(actor=admin_user, item=item, colours=["大红", "藏青"], sizes=["M"])
    return item


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_d5_3_2_a_colour_typed_wrong_is_corrected_and_the_code_stays(admin_user, jacket):
    variant = jacket.variants.get(colour="大红")
    code = variant.code
    _client(admin_user).post(f"/catalog/variants/{variant.pk}/", {"colour": "大红色", "size": "M"})
    variant.refresh_from_db()
    assert (variant.colour, variant.code) == ("大红色", code)
    assert AuditEvent.objects.filter(action="variant.change").exists()


def test_a_correction_that_clashes_with_another_variant_is_refused(admin_user, jacket):
    variant = jacket.variants.get(colour="大红")
    response = _client(admin_user).post(
        f"/catalog/variants/{variant.pk}/", {"colour": "藏青", "size": "M"}, follow=True
    )
    variant.refresh_from_db()
    assert variant.colour == "大红"
    assert "藏青" in response.content.decode()


def test_an_unused_variant_is_removed(admin_user, jacket):
    variant = jacket.variants.get(colour="藏青")
    _client(admin_user).post(f"/catalog/variants/{variant.pk}/", {"remove": "1"})
    assert not ItemVariant.objects.filter(pk=variant.pk).exists()
    assert AuditEvent.objects.filter(action="variant.remove").exists()


def test_a_variant_an_order_names_is_not_removed_and_the_order_is_named(admin_user, jacket):
    from gendan.sales import services as sales
    from gendan.sales.models import Order
    from tests.sales.factories import CustomerFactory, merchandiser_user

    variant = jacket.variants.get(colour="大红")
    merchandiser = merchandiser_user("zhangwei", "张伟")
    order = sales.create_order(
        actor=merchandiser,
        customer=CustomerFactory(merchandiser=merchandiser),
        channel=Order.Channel.PHONE,
        order_type=Order.OrderType.GARMENT,
        order_date=date(2026, 11, 2),
        delivery_date=date(2027, 1, 15),
        lines=[{"item": jacket, "variant": variant, "quantity": Decimal(10), "unit_price": "168"}],
    )
    response = _client(admin_user).post(
        f"/catalog/variants/{variant.pk}/", {"remove": "1"}, follow=True
    )
    assert ItemVariant.objects.filter(pk=variant.pk).exists()
    assert order.number in response.content.decode()


def test_someone_who_may_not_keep_the_catalog_gets_403_and_nothing_changes(jacket, machining):
    clerk = UserFactory(username="wangfang")
    grant(clerk, "clerk", workshop=machining)
    variant = jacket.variants.get(colour="大红")
    response = _client(clerk).post(f"/catalog/variants/{variant.pk}/", {"remove": "1"})
    assert response.status_code == 403
    assert ItemVariant.objects.filter(pk=variant.pk).exists()
