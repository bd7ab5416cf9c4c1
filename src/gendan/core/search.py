"""The global search box. Each app registers a provider; `core` never imports them."""

from dataclasses import dataclass

_providers = []


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


def search(query, user, limit=8):
    query = (query or "").strip().lower()
    if not query or not user.is_authenticated:
        return []
    results = []
    for provider in _providers:
        results.extend(provider(query, user, limit))
    return results
