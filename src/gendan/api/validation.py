"""Input the schemas refuse, answered like any refusal of the API: 400 with
{"detail", "field", "errors"} in the person's language, naming the field and the limit
(`lines[2].quantity: 小数点后最多 3 位。`), instead of pydantic's English list."""

from django.utils.translation import gettext as _

# Where ninja puts the value; the first part of an error's `loc`, not a field name.
SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}

# The names this API gives its operations' schema parameters (`payload: OrderIn`,
# `filters: Query[OrderFilter]`): ninja puts them in `loc`, a caller never sees them.
PARAMETER_NAMES = {"payload", "filters", "params"}


def field_name(loc):
    """("body", "payload", "lines", 2, "quantity") → "lines[2].quantity"."""
    parts = list(loc)
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in PARAMETER_NAMES:
        parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


def describe(error):
    """One pydantic error in words: what the value must be, with the limit."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    words = _messages().get(kind)
    if words is None:
        for prefix, generic in _families().items():
            if kind.startswith(prefix):
                return generic
        return str(error.get("msg", ""))
    return words % {key: _plain(value) for key, value in context.items()}


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _messages():
    return {
        "missing": _("is required"),
        "string_too_long": _("may have at most %(max_length)s characters"),
        "string_too_short": _("must have at least %(min_length)s characters"),
        "nul_character": _("must not contain a NUL character"),
        "decimal_max_digits": _("may have at most %(max_digits)s digits"),
        "decimal_max_places": _("may have at most %(decimal_places)s decimal places"),
        "decimal_whole_digits": _("may have at most %(whole_digits)s digits before the point"),
        "finite_number": _("must be a finite number"),
        "less_than_equal": _("must be at most %(le)s"),
        "less_than": _("must be less than %(lt)s"),
        "greater_than_equal": _("must be at least %(ge)s"),
        "greater_than": _("must be greater than %(gt)s"),
        "date_out_of_range": _("must be a date between %(earliest)s and %(latest)s"),
        "enum": _("must be one of: %(expected)s"),
        "literal_error": _("must be one of: %(expected)s"),
        "too_long": _("may have at most %(max_length)s entries"),
        "extra_forbidden": _("is not a field of this request"),
        "json_invalid": _("is not valid JSON"),
    }


def _families():
    return {
        "int_": _("must be a whole number"),
        "decimal_": _("must be a number, e.g. 12.5"),
        "float_": _("must be a number, e.g. 12.5"),
        "date_": _("must be a date, e.g. 2026-03-31"),
        "datetime_": _("must be a date and time, e.g. 2026-03-31T09:30:00+08:00"),
        "bool_": _("must be true or false"),
        "string_": _("must be text"),
        "list_": _("must be a list"),
        "model_": _("must be an object with named fields"),
        "dict_": _("must be an object with named fields"),
        "union_": _("has the wrong type"),
        "value_error": _("has a value that is not accepted"),
    }


def refusal_body(errors):
    """The 400 body for a list of pydantic errors: the first one as `detail`."""
    rows = []
    for error in errors:
        name = field_name(error.get("loc", ())) or _("request")
        message = _("%(field)s: %(problem)s") % {"field": name, "problem": describe(error)}
        rows.append({"field": name, "message": message})
    if not rows:
        return {"detail": _("The request could not be read."), "errors": []}
    return {"detail": rows[0]["message"], "field": rows[0]["field"], "errors": rows}
