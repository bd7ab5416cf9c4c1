"""Contracts the import linter cannot state in general (issue 8 item 9): an app imports
only another app's public modules and names. A module or name whose own name starts with
`_` (`sales.services._common`, `orders._pk`) belongs to its app; another app that needs it
asks for it to be made public, in its right place (often `core`)."""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "gendan"


def _app_of(module):
    """`gendan.sales.services.orders` → "sales"; top-level modules (urls, cli) → the module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path):
    relative = path.relative_to(SOURCE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_private(part):
    return part.startswith("_") and not part.startswith("__")


def _is_gendan(node):
    return node.level == 0 and (node.module or "").startswith("gendan.")


def _imported(tree):
    """(line, imported module, imported names) of every absolute `gendan` import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("gendan."):
                    yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and _is_gendan(node):
            yield node.lineno, node.module, [alias.name for alias in node.names]


def private_imports_across_apps(source, importer):
    """The offending imports in `source`, a module named `importer`, as readable lines."""
    found = []
    for line, module, names in _imported(ast.parse(source)):
        if _app_of(module) == _app_of(importer):
            continue
        private_parts = [part for part in module.split(".")[2:] if _is_private(part)]
        private_names = [name for name in names if _is_private(name)]
        if private_parts or private_names:
            what = ", ".join(private_parts + private_names)
            found.append(f"{importer} line {line}: imports {what} from {module}")
    return found


def test_no_app_imports_another_apps_private_modules_or_names():
    offences = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        offences += private_imports_across_apps(source, _module_name(path))

    assert offences == []


@pytest.mark.parametrize(
    ("source", "importer", "offence"),
    [
        (
            "from gendan.sales.services._common import plain",
            "gendan.stock.views",
            "gendan.stock.views line 1: imports _common from gendan.sales.services._common",
        ),
        (
            "from gendan.sales.services import _common",
            "gendan.followup.views",
            "gendan.followup.views line 1: imports _common from gendan.sales.services",
        ),
        (
            "from gendan.sales.services.orders import _pk",
            "gendan.api.sales",
            "gendan.api.sales line 1: imports _pk from gendan.sales.services.orders",
        ),
        (
            "import gendan.sales.views._shared",
            "gendan.urls",
            "gendan.urls line 1: imports _shared from gendan.sales.views._shared",
        ),
    ],
)
def test_the_scan_catches_a_private_import_from_another_app(source, importer, offence):
    assert private_imports_across_apps(source, importer) == [offence]


@pytest.mark.parametrize(
    ("source", "importer"),
    [
        ("from gendan.sales.services._common import plain", "gendan.sales.views.orders"),
        ("from gendan.sales.services import orders", "gendan.api.sales"),
        ("from gendan.core import __version__", "gendan.stock.views"),
        ("from ._common import plain", "gendan.sales.services.orders"),
    ],
)
def test_the_scan_allows_private_imports_inside_an_app_and_public_ones_across(source, importer):
    assert private_imports_across_apps(source, importer) == []
