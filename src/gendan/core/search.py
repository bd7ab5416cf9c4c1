"""The global search box. Each app registers a provider; `core` never imports them."""

from dataclasses import dataclass

_providers = []
_papers_found_elsewhere = set()


@dataclass(frozen=True)
class SearchResult:
    kind: str
    label: str
    detail: str
    url: str


def register(provider):
    """`provider(query, user, limit)` returns SearchResults the user may see."""
    if provider not in _providers:
        _providers.append(provider)


def find_papers_elsewhere(*paper_types):
    """A module whose provider already finds these papers (an order, by its number) asks
    the generic document search to leave them out, so nothing is listed twice."""
    _papers_found_elsewhere.update(paper_types)


def papers_found_elsewhere():
    return frozenset(_papers_found_elsewhere)


def search(query, user, limit=8):
    query = (query or "").strip().lower()
    if not query or not user.is_authenticated:
        return []
    results = []
    for provider in _providers:
        results.extend(provider(query, user, limit))
    return results
