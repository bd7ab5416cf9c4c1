"""Batches and expiry (D5-2.1): batch numbers on receipt, first-expiry-first-out, near expiry."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.stock.models import Batch, StockBalance


def batch_for(item, number, expires_on=None, received_on=None):
    """The batch `number` of `item`, created on its first receipt. A batch keeps the expiry
    date it was first received with; a different date on a later receipt is refused."""
    number = (number or "").strip()
    if not number:
        raise DomainError(_("A batch number is required."), field="batch")
    batch = Batch.objects.filter(item=item, number=number).first()
    if batch is None:
        try:
            with transaction.atomic():
                batch = Batch.objects.create(
                    item=item,
                    number=number,
                    expires_on=expires_on,
                    received_on=received_on or timezone.localdate(),
                )
        except IntegrityError:  # created at the same moment by another receipt
            batch = Batch.objects.get(item=item, number=number)
    if expires_on is not None and batch.expires_on not in (None, expires_on):
        raise DomainError(
            _("Batch %(batch)s of %(item)s expires on %(stored)s, not %(given)s.")
            % {"batch": number, "item": item.code, "stored": batch.expires_on, "given": expires_on},
            field="expires_on",
        )
    return batch


def fefo_suggestion(item, location, quantity):
    """[(batch, quantity)] to issue `quantity` first-expiry-first-out: batches expiring soonest
    first, undated batches and unbatched stock last. Short when there is not enough."""
    wanted = Decimal(quantity)
    balances = (
        StockBalance.objects.filter(item=item, location=location, quantity__gt=0)
        .select_related("batch")
        .order_by(F("batch__expires_on").asc(nulls_last=True), "batch__number", "batch_key")
    )
    suggestion = []
    for row in balances:
        if wanted <= 0:
            break
        take = min(wanted, row.quantity)
        suggestion.append((row.batch, take))
        wanted -= take
    return suggestion


def near_expiry_days():
    return getattr(settings, "STOCK_NEAR_EXPIRY_DAYS", 30)


def near_expiry(days=None, today=None):
    """Balances on hand whose batch expires within `days` (already expired included)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=near_expiry_days() if days is None else days)
    return (
        StockBalance.objects.filter(
            quantity__gt=0, batch__isnull=False, batch__expires_on__lte=horizon
        )
        .select_related("item__unit", "location", "batch")
        .order_by("batch__expires_on", "item__code", "location__code")
    )
