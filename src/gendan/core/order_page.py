"""The one order page, assembled across the layers.

The page lives in `sales` (its URL is `sales:order-detail`: the sales list, the board,
search and every redirect lead there). Modules above sales — the follow-up plan, the
warehouse slips, the trip expenses — add to it without `sales` importing them: at
start-up they register here

- a *section* (`register_section`): a template and a function giving its context, shown
  in the page's section list at its `order` (e.g. the milestone plan);
- a *paper source* (`register_papers`): the papers of the order that module keeps, as
  `PaperRow`s for the page's list of papers and its timeline (e.g. warehouse slips);
- a *note source* (`register_notes`): notes kept on its own rows (milestone notes).

Who may open the page is not decided here: the page asks the order's one gate
(`sales.access.access_order`), which knows the owner of one of its milestones too.

A module registers from its own `order_page.py`, found at first use like `policies.py`.
Each function takes the request (or user) and the order, and must not raise for an
order its module knows nothing about.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # a lazy translation
    template: str
    context: Callable  # (request, order) -> dict, or None to leave the section out
    order: int = 100


@dataclass(frozen=True)
class PaperRow:
    """One paper of the order as the page lists it: names, never codes."""

    kind: str  # the paper's name in the reader's language (成品入库单, 费用报销单)
    number: str
    summary: str
    status: str  # the status in words
    url: str  # "" when the reader may not open the paper itself
    created_at: datetime.datetime | None = None
    author: object = None
    key: str = field(default="", compare=False)  # the source's key, for tests


@dataclass(frozen=True)
class Note:
    label: str  # what the note is on, in words (里程碑“成品入库”)
    text: str
    at: datetime.datetime | datetime.date | None = None
    author: object = None


_sections: dict[str, Section] = {}
_paper_sources: dict[str, Callable] = {}
_note_sources: dict[str, Callable] = {}


_discovered = []


def _discover():
    if not _discovered:
        autodiscover_modules("order_page")
        _discovered.append(True)


def register_section(section):
    _sections[section.key] = section
    return section


def register_papers(key, source):
    """`source(user, order)` returns the `PaperRow`s of the order this user may see."""
    _paper_sources[key] = source
    return source


def register_notes(key, source):
    """`source(user, order)` returns the order's `Note`s kept by that module."""
    _note_sources[key] = source
    return source


def sections(request, order):
    """(section, context) for every registered section that has something to show."""
    _discover()
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, order)
        if context is not None:
            shown.append((section, context))
    return shown


def papers(user, order):
    _discover()
    rows = []
    for key in sorted(_paper_sources):
        rows.extend(_paper_sources[key](user, order))
    return rows


def notes(user, order):
    _discover()
    rows = []
    for key in sorted(_note_sources):
        rows.extend(_note_sources[key](user, order))
    return rows
