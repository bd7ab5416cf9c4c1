"""我的一天: the home page, made of cards each app registers, like the menu
(gendan.core.menu). A card is shown only to the roles it concerns and only when it has
something to say: what waits for my signature, my late and due-this-week milestones, my
overdue customer feedback, my papers waiting for others.

An app registers its cards from its own `home.py` (found at first use):

    home.register(home.Card("late-milestones", _("My late milestones"),
                            "followup/partials/_home_milestones.html", late_rows,
                            shown_to=home_roles))

`rows(user, today)` returns the card's rows (at most CARD_ROWS) and how many there are
in all (counted in the database); each card costs a fixed number of queries, so the page
does too.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from gendan.core import queries
from gendan.core.menu import everyone, role_codes
from gendan.core.models import ChainStep, Document

CARD_ROWS = 8


@dataclass(frozen=True)
class Card:
    key: str
    title: str  # a lazy translation
    template: str  # renders `rows`, `total`, `today`
    rows: Callable  # (user, today) -> (rows, total)
    order: int = 100
    shown_to: Callable = everyone
    url_name: str = ""  # the page listing all of them, if any


_cards: dict[str, Card] = {}
_discovered = []


def register(card):
    _cards[card.key] = card
    return card


def cards():
    if not _discovered:
        autodiscover_modules("home")
        _discovered.append(True)
    return sorted(_cards.values(), key=lambda card: (card.order, card.key))


def cards_for(user, today):
    """(card, rows, total) for each card this user's roles concern that has rows."""
    shown = []
    for card in cards():
        if not card.shown_to(user):
            continue
        rows, total = card.rows(user, today)
        if total:
            shown.append((card, rows, total))
    return shown


@login_required
def home(request):
    today = timezone.localdate()
    return render(
        request, "core/home.html", {"cards": cards_for(request.user, today), "today": today}
    )


# ---------------------------------------------------------------- core's own cards
def signs_papers(user):
    """Holders of a role that signs a step of some signature chain (as stored)."""
    if user.is_superuser:
        return True
    signing = set(ChainStep.objects.values_list("role_code", flat=True).distinct())
    return bool(role_codes(user) & signing)


def writes_papers(user):
    return user.is_superuser or bool(role_codes(user))


def awaiting_signature(user, today):
    documents = queries.inbox(user)
    return queries.with_summaries(documents[:CARD_ROWS]), len(documents)


def waiting_for_others(user, today):
    """My papers submitted and not yet through their chain: who signs next, since when."""
    pending = Document.objects.filter(author=user, status=Document.Status.PENDING)
    rows = pending.select_related("book").order_by("submitted_at", "id")[:CARD_ROWS]
    return queries.with_summaries(rows), pending.count()


register(
    Card(
        "awaiting-signature",
        _("Awaiting my signature"),
        "core/partials/_home_inbox.html",
        awaiting_signature,
        order=10,
        shown_to=signs_papers,
        url_name="core:inbox",
    )
)
register(
    Card(
        "waiting-for-others",
        _("My papers waiting for others"),
        "core/partials/_home_waiting.html",
        waiting_for_others,
        order=40,
        shown_to=writes_papers,
        url_name="core:document-list",
    )
)
