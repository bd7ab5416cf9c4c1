"""List-page filters from the query string, checked before they reach a query: a value
that is not what the filter takes (`?workshop=abc`, `?date_from=2026-13-45`) is left
out and the person is told which filter was ignored and why — never a server error."""

import datetime

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a person calls each filter: the message never shows the query string's name.
LABELS = {
    "q": gettext_lazy("Search"),
    "state": gettext_lazy("State"),
    "status": gettext_lazy("Status"),
    "kind": gettext_lazy("Kind"),
    "date_from": gettext_lazy("Start date"),
    "date_to": gettext_lazy("End date"),
    "month": gettext_lazy("Month"),
    "workshop": gettext_lazy("Workshop"),
    "factory": gettext_lazy("Factory"),
    "order": gettext_lazy("Order"),
    "customer": gettext_lazy("Customer"),
    "merchandiser": gettext_lazy("Merchandiser"),
    "person": gettext_lazy("Person"),
    "target": gettext_lazy("Target"),
    "reason": gettext_lazy("Reason"),
    "channel": gettext_lazy("Channel"),
    "book": gettext_lazy("Document book"),
    "slip_type": gettext_lazy("Paper"),
    "followed": gettext_lazy("Followed up"),
    "left": gettext_lazy("Left the company"),
}

ID = "id"
DATE = "date"
TEXT = "text"
MAX_TEXT = 100


def cleaned(request, spec):
    """{name: value} for the filters of `spec` ({name: ID | DATE | TEXT | iterable of
    allowed values}) that are given and valid; each invalid one is reported once."""
    values = {}
    for name, kind in spec.items():
        raw = request.GET.get(name, "")
        if raw == "":
            continue
        value = _clean(raw, kind)
        if value is None:
            messages.warning(
                request,
                _("The filter “%(name)s” was ignored: “%(value)s” is not %(expected)s.")
                % {"name": LABELS.get(name, name), "value": raw[:40], "expected": _expected(kind)},
            )
            continue
        values[name] = value
    return values


def _clean(raw, kind):
    if kind == ID:
        return raw if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
    if kind == DATE:
        try:
            value = datetime.date.fromisoformat(raw)
        except ValueError:
            return None
        return raw if 1900 <= value.year <= 2200 else None
    if kind == TEXT:
        return raw[:MAX_TEXT] if "\x00" not in raw else None
    return raw if raw in kind else None


def _expected(kind):
    if kind == ID:
        return _("a number from the list")
    if kind == DATE:
        return _("a date such as 2026-11-30")
    if kind == TEXT:
        return _("text without control characters")
    return _("one of the listed choices")
