"""Company policies: values an administrator may change without a programmer.

Each policy is declared once in code, in its app's `policies.py`, with its type, default,
bounds and a label (Chinese in the product)::

    NEAR_EXPIRY_DAYS = policies.declare(
        "stock.near_expiry_days", default=30, type=int, minimum=0, maximum=3650,
        label=_("Days before expiry a batch counts as near expiry"),
    )
    days = policies.get(NEAR_EXPIRY_DAYS)

A policy without a row has its default. `set_policy` checks the value against the
declaration and writes the audit row in the same transaction. Values are read once per
request (and on every call outside a request: tasks, commands), so a change is seen by
the next request in every process.
"""

import threading
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import audit
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import Policy

CHANGE_PERMISSION = "core.change_policy"
_REGISTRY = {}
_request_memo = threading.local()


@dataclass(frozen=True)
class Declared:
    key: str
    default: object
    type: type
    label: str
    help_text: str = ""
    minimum: int | None = None
    maximum: int | None = None

    @property
    def kind(self):
        """The type's name (int, str or bool): the page picks its input by this."""
        return self.type.__name__

    def clean(self, raw):
        """The value in the declared type, or a DomainError saying what was expected."""
        if self.type is bool:
            return _clean_bool(raw, self)
        if self.type is int:
            return _clean_int(raw, self)
        text = str(raw if raw is not None else "").strip()
        if self.maximum is not None and len(text) > self.maximum:
            raise DomainError(
                _("%(label)s: at most %(maximum)s characters.")
                % {"label": self.label, "maximum": self.maximum},
                field=self.key,
            )
        return text


def _clean_int(raw, declared):
    text = str(raw if raw is not None else "").strip()
    if isinstance(raw, bool) or not text.lstrip("-").isdigit():
        raise DomainError(
            _("%(label)s must be a whole number, not “%(value)s”.")
            % {"label": declared.label, "value": text},
            field=declared.key,
        )
    value = int(text)
    low, high = declared.minimum, declared.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise DomainError(
            _("%(label)s must be between %(minimum)s and %(maximum)s (got %(value)s).")
            % {"label": declared.label, "minimum": low, "maximum": high, "value": value},
            field=declared.key,
        )
    return value


TRUE_WORDS = {"1", "true", "yes", "on", "是"}
FALSE_WORDS = {"0", "false", "no", "off", "否", ""}


def _clean_bool(raw, declared):
    if isinstance(raw, bool):
        return raw
    text = str(raw if raw is not None else "").strip().lower()
    if text in TRUE_WORDS | FALSE_WORDS:
        return text in TRUE_WORDS
    raise DomainError(
        _("%(label)s must be yes or no, not “%(value)s”.")
        % {"label": declared.label, "value": text},
        field=declared.key,
    )


def declare(key, *, default, type, label, help_text="", minimum=None, maximum=None):
    """Declare a policy. Declaring the same key twice is a programming error."""
    if type not in (int, str, bool):
        raise TypeError(f"policy {key}: type must be int, str or bool")
    if key in _REGISTRY:
        raise ValueError(f"policy {key} is declared twice")
    declared = Declared(key, default, type, label, help_text, minimum, maximum)
    _REGISTRY[key] = declared
    return declared


def declared():
    """Every declared policy by key. Each app declares its policies in `<app>/policies.py`;
    those modules are imported here the first time, so none is missing from the page."""
    autodiscover_modules("policies")
    return dict(sorted(_REGISTRY.items()))


def get(declared_policy):
    """The company's value for a declared policy, or its default when none is set. A
    stored value that no longer fits the declaration (the type changed) gives the default."""
    memo = getattr(_request_memo, "values", None)
    if memo is not None and declared_policy.key in memo:
        return memo[declared_policy.key]
    row = Policy.objects.filter(key=declared_policy.key).values_list("value", flat=True).first()
    value = declared_policy.default
    if row is not None:
        try:
            value = declared_policy.clean(row)
        except DomainError:
            value = declared_policy.default
    if memo is not None:
        memo[declared_policy.key] = value
    return value


def set_policy(*, actor, declared_policy, value, origin=None):
    """Set a company policy. Only superusers or holders of `core.change_policy` may; the
    value is checked against its declaration; the change is audited with before/after."""
    if not actor.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(_("Only an administrator may change company policies."))
    cleaned = declared_policy.clean(value)
    with transaction.atomic():
        row = Policy.objects.select_for_update().filter(key=declared_policy.key).first()
        before = row.value if row is not None else declared_policy.default
        if row is None:
            row = Policy(key=declared_policy.key)
        row.value = cleaned
        row.updated_by = actor
        row.save()
        audit.record(
            actor=actor,
            action="policy.changed",
            obj=row,
            before={"value": before},
            after={"value": cleaned},
            origin=origin,
        )
    forget_cached()
    return row


def forget_cached(**_kwargs):
    """Drop the values read in this request (a fresh memo starts for the rest of it)."""
    if getattr(_request_memo, "values", None) is not None:
        _request_memo.values = {}


def _start_request(**_kwargs):
    _request_memo.values = {}


def _finish_request(**_kwargs):
    _request_memo.values = None


request_started.connect(_start_request, dispatch_uid="gendan.core.policies.start")
request_finished.connect(_finish_request, dispatch_uid="gendan.core.policies.finish")


# ---------------------------------------------------------------- core's own policies
NOTIFY_RETRY_DELAY_SECONDS = declare(
    "core.notify_retry_delay_seconds",
    default=30,
    type=int,
    minimum=0,
    maximum=3600,
    label=gettext_lazy("Seconds between tries to deliver a notification"),
)
ATTACHMENT_MAX_MEGABYTES = declare(
    "core.attachment_max_megabytes",
    default=20,
    type=int,
    minimum=1,
    maximum=200,
    label=gettext_lazy("Largest attachment (photo, scan, PDF) in megabytes"),
)
UPLOAD_MAX_MEGABYTES = declare(
    "core.upload_max_megabytes",
    default=20,
    type=int,
    minimum=1,
    maximum=200,
    label=gettext_lazy("Largest spreadsheet or csv upload in megabytes"),
)
UPLOAD_MAX_ROWS = declare(
    "core.upload_max_rows",
    default=200_000,
    type=int,
    minimum=100,
    maximum=2_000_000,
    label=gettext_lazy("Most rows read from one uploaded spreadsheet or csv file"),
)
