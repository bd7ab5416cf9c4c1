"""The Simplified Chinese catalogue (src/gendan/locale/zh_Hans) is complete, compiled and
in step with the source code.

When a test here fails because of a new or changed message, run from ``src/gendan``::

    python -m gendan makemessages -l zh_Hans --no-location --ignore "*/migrations/*"

translate the new entries (no empty msgstr, no ``#, fuzzy``), then::

    python -m gendan compilemessages
"""

import ast
import gettext as stdlib_gettext
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

import gendan

PACKAGE_DIR = Path(gendan.__file__).resolve().parent
LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
REGENERATE = (
    "Run `python -m gendan makemessages -l zh_Hans --no-location --ignore '*/migrations/*'` "
    "from src/gendan, translate the new entries, then `python -m gendan compilemessages`."
)


# ------------------------------------------------------------------ reading the .po file
@dataclass
class Entry:
    """One .po entry. `fields` maps "msgctxt", "msgid", "msgid_plural" and, for each
    translation, the msgstr index (0 for a singular entry) to the unquoted text."""

    line: int
    fields: dict = field(default_factory=dict)
    flags: set = field(default_factory=set)

    @property
    def msgid(self):
        return self.fields.get("msgid", "")

    @property
    def msgctxt(self):
        return self.fields.get("msgctxt")

    @property
    def msgid_plural(self):
        return self.fields.get("msgid_plural")

    @property
    def msgstrs(self):
        return {name: text for name, text in self.fields.items() if isinstance(name, int)}

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")\s*$")


def _field_name(keyword, index):
    if keyword == "msgstr":
        return int(index or 0)
    return keyword


def read_po(path):
    """Entries of a .po file, header first; obsolete (#~) entries are left out."""
    entries, last_field = [], None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith('"'):
            entries[-1].fields[last_field] += ast.literal_eval(line)
            continue
        match = _KEYWORD.match(line)
        assert match or line.startswith("#"), f"{path}:{number}: cannot read {raw!r}"
        # A comment, msgctxt or msgid after a msgstr opens the next entry.
        opens_entry = line.startswith("#") or match[1] in ("msgctxt", "msgid")
        if not entries or (opens_entry and entries[-1].msgstrs):
            entries.append(Entry(line=number))
        if line.startswith("#,"):
            entries[-1].flags.update(flag.strip() for flag in line[2:].split(","))
        if match:
            last_field = _field_name(match[1], match[2])
            entries[-1].fields[last_field] = ast.literal_eval(match[3])
    return entries


@pytest.fixture(scope="module")
def po_entries():
    assert PO_PATH.exists(), f"{PO_PATH} is missing. {REGENERATE}"
    return read_po(PO_PATH)


@pytest.fixture(scope="module")
def messages(po_entries):
    """The translatable entries (the header, msgid "", excluded)."""
    return [entry for entry in po_entries if entry.msgid]


# ------------------------------------------------------------------ scanning the sources
# Same keywords as makemessages passes to xgettext (plus xgettext's Python defaults):
# name -> (position of the msgctxt argument or None, position of the msgid argument)
KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults for the "django" domain


def _string_arguments(tokens, start):
    """The leading arguments of a call opened at tokens[start] ("("), each as a string if
    it is made only of string literals (implicitly concatenated), else None."""
    arguments, parts, depth, plain = [], [], 0, True
    for token in tokens[start:]:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            if depth > 1:
                plain = False
            continue
        if token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                arguments.append("".join(parts) if plain and parts else None)
                return arguments
            continue
        if depth == 1 and token.type == tokenize.OP and token.string == ",":
            arguments.append("".join(parts) if plain and parts else None)
            parts, plain = [], True
            continue
        if token.type in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            continue
        prefix = re.match(r"[A-Za-z]*", token.string).group().lower()
        if depth == 1 and token.type == tokenize.STRING and not {"f", "b"} & set(prefix):
            parts.append(ast.literal_eval(token.string))
        else:
            plain = False
    return arguments


def extract_msgids(source):
    """(msgctxt, msgid) pairs of every gettext call with literal arguments in Python-like
    source: Python modules, or templates after Django's own templatize() (see
    template_source)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    found = set()
    for index, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        following = tokens[index + 1]
        if following.type != tokenize.OP or following.string != "(":
            continue
        if index and tokens[index - 1].type == tokenize.NAME and tokens[index - 1].string == "def":
            continue
        context_at, msgid_at = KEYWORDS[token.string]
        arguments = _string_arguments(tokens, index + 1)
        if len(arguments) <= msgid_at or arguments[msgid_at] is None:
            continue
        context = None
        if context_at is not None:
            context = arguments[context_at]
            if context is None:
                continue
        found.add((context, arguments[msgid_at]))
    return found


def template_source(text, origin=None):
    """A template as makemessages hands it to xgettext: translation tags become gettext
    calls, everything else is blanked out. Indentation is dropped (no string literal
    spans lines there) so that Python's tokenizer reads it."""
    return "\n".join(line.lstrip() for line in templatize(text, origin=str(origin)).splitlines())


def source_files():
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        if any(part.startswith(".") or part in ("migrations", "locale") for part in relative.parts):
            continue
        yield path


@pytest.fixture(scope="module")
def source_msgids():
    """(msgctxt, msgid) -> the first file that uses it."""
    found = {}
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            text = template_source(text, path)
        for key in extract_msgids(text):
            found.setdefault(key, path.relative_to(PACKAGE_DIR))
    assert found, f"no translatable strings found under {PACKAGE_DIR}"
    return found


# ------------------------------------------------------------------ the tests
def test_scanner_reads_python_and_template_forms():
    python = '_("One")\nx = gettext_lazy(\n    "Two "\n    "parts"\n)\npgettext("ctx", "Three")\n'
    python += 'ngettext("%(n)s item", "%(n)s items", n)\n_(f"skip {x}")\n_(name)\n'
    template = (
        "{% load i18n %}{% translate \"Four\" %} {% trans 'Five' as five %}"
        '{{ v|default:_("Six") }}{% translate "Seven" context "menu" %}'
        "{% blocktranslate trimmed with n=x %}\n  Eight {{ n }}\n{% endblocktranslate %}"
    )
    assert extract_msgids(python) == {
        (None, "One"),
        (None, "Two parts"),
        ("ctx", "Three"),
        (None, "%(n)s item"),
    }
    assert extract_msgids(template_source(template)) == {
        (None, "Four"),
        (None, "Five"),
        (None, "Six"),
        ("menu", "Seven"),
        (None, "Eight %(n)s"),
    }


def test_header_declares_zh_hans_with_one_plural_form(po_entries):
    header = po_entries[0]
    assert header.msgid == "", 'the .po file must start with its header (msgid "")'
    assert "fuzzy" not in header.flags, "remove '#, fuzzy' from the header"
    text = header.msgstrs[0]
    assert "Language: zh_Hans\n" in text
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "charset=UTF-8" in text


def test_no_entry_is_untranslated(messages):
    empty = [
        f"line {e.line}: {e.msgid!r}"
        for e in messages
        if not e.msgstrs or any(not text.strip() for text in e.msgstrs.values())
    ]
    assert not empty, "Untranslated entries in zh_Hans/django.po:\n" + "\n".join(empty)


def test_no_entry_is_fuzzy(messages):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in messages if "fuzzy" in e.flags]
    assert not fuzzy, (
        "Fuzzy entries are skipped at run time; check the translation and remove '#, fuzzy':\n"
        + "\n".join(fuzzy)
    )


def test_plural_entries_have_the_single_zh_hans_form(messages):
    wrong = [e.msgid for e in messages if e.msgid_plural is not None and 0 not in e.msgstrs]
    assert not wrong, f"Plural entries need msgstr[0]: {wrong}"


_PLACEHOLDER = re.compile(
    r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"  # %s, %d
    r"|\{[A-Za-z_]\w*(?:[.\[][^{}]*)?(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {seq:06d}
    r"|</?[A-Za-z][^<>]*>"  # HTML tags and <token>-like markers
)


def _placeholders(text):
    return sorted(_PLACEHOLDER.findall(text.replace("%%", "")))


def test_translations_keep_placeholders_and_markup(messages):
    broken = []
    for entry in messages:
        # nplurals=1: the one plural form stands for every count, singular or plural.
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
        wanted = [_placeholders(source) for source in sources]
        broken += [
            f"line {entry.line}: {entry.msgid!r} -> {text!r}"
            for text in entry.msgstrs.values()
            if _placeholders(text) not in wanted
        ]
    assert not broken, "Placeholders or markup differ from the msgid:\n" + "\n".join(broken)


def test_compiled_catalogue_is_present_and_current(messages):
    assert MO_PATH.exists(), f"{MO_PATH} is missing; run `python -m gendan compilemessages`."
    # A fresh checkout writes both files within moments of each other, in any order.
    assert MO_PATH.stat().st_mtime >= PO_PATH.stat().st_mtime - 2, (
        "django.mo is older than django.po; run `python -m gendan compilemessages`."
    )
    with MO_PATH.open("rb") as handle:
        catalog = stdlib_gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if catalog.get(key) != entry.msgstrs.get(0):
                stale.append(entry.msgid)
        elif catalog.get((key, 0)) != entry.msgstrs.get(0):
            stale.append(entry.msgid)
    assert not stale, (
        "django.mo does not match django.po; run `python -m gendan compilemessages`. "
        f"Differing entries: {stale}"
    )


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Awaiting my signature", "待我签字"),
        ("Documents", "单据"),
        ("Document books", "单据簿"),
        ("Signature chain", "签字流程"),
        ("Sign", "签字"),
        ("Reject", "驳回"),
        ("Withdraw", "撤回"),
        ("Void", "作废"),
        ("posted", "已过账"),
        ("workshop", "车间"),
        ("team", "班组"),
        ("warehouse", "库房"),
        ("storage place", "库位"),
        ("Export to Excel", "导出 Excel"),
        ("API tokens", "API 令牌"),
        ("on leave", "休假"),
        ("on duty", "在岗"),
    ],
)
def test_key_terms_translate_to_chinese(msgid, expected):
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == expected
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_refusal_messages_translate_with_their_values():
    with translation.override("zh-hans"):
        text = translation.gettext(
            "Out of order: %(number)s is waiting for step %(pos)s (%(name)s); step "
            "%(wanted)s cannot be signed now."
        ) % {"number": "ZX-001", "pos": 2, "name": "检查员签质量", "wanted": 3}
    assert text.startswith("顺序不对")
    assert "ZX-001" in text and "检查员签质量" in text


def test_every_source_message_is_in_the_catalogue(messages, source_msgids):
    in_po = {entry.key for entry in messages}
    missing = sorted(
        f"{path}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), path in source_msgids.items()
        if (context, msgid) not in in_po
    )
    assert not missing, (
        f"{len(missing)} message(s) in the code are not in zh_Hans/django.po. {REGENERATE}\n"
        + "\n".join(missing)
    )


def test_catalogue_has_no_messages_the_code_no_longer_uses(messages, source_msgids):
    stale = sorted(
        f"line {entry.line}: {entry.msgid!r}"
        for entry in messages
        if entry.key not in source_msgids
    )
    assert not stale, (
        f"{len(stale)} entr(ies) of zh_Hans/django.po are no longer used in the code. {REGENERATE}\n"
        + "\n".join(stale)
    )
