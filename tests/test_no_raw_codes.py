"""No raw code reaches a person (issue 8, item 6): every page of the demo, as every demo
person, is crawled by following its links, and the text a person reads — not the HTML
attributes — is searched for codes: scope keys, event and audit codes, role codes,
snake_case identifiers, Python dicts, UTC ISO times and shouting English words."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from gendan import demo
from gendan.org.roles import SEED_ROLES

pytestmark = pytest.mark.django_db

ROLE_CODES = "|".join(code for code, _name, _english in SEED_ROLES)
RAW_CODE = re.compile(
    r"\b(?:workshop|warehouse|supplier|customer):\d+"  # a scope key
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # snake_case: book kinds, role codes, field names
    rf"|\b(?:{ROLE_CODES})\b"  # a role code
    r"|\b[a-z]+\.[a-z_]+\b"  # an event or audit code: order.create, document.posted
    r"|\{'[a-z_]+':"  # a Python dict
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"  # an ISO time (UTC on the wire)
    r"|\b[A-Z]{5,}\b"  # CONTINUOUS, ADJUSTMENT
)
# Text that legitimately looks like a code: e-mail addresses and web addresses
ALLOWED = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://\S+|\b\w+\.(?:xlsx|csv|xls|png|jpg|pdf)\b")
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/i18n/", "/accounts/logout", "/media/")
PAGES_PER_PERSON = 150


class _VisibleText(HTMLParser):
    """Collects the text a person sees and the links they can follow."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _followable(base, href):
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
        return None
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or "export" in path:
        return None
    # one visit per page: filter, sort and page links show the same page with other rows
    return path


def _raw_codes(html):
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for text in parser.text:
        cleaned = ALLOWED.sub("", text)
        found += [match.group(0) for match in RAW_CODE.finditer(cleaned)]
    return found, parser.links


PER_SHAPE = 3  # /catalog/items/1/, /2/, /3/ … and the calendar's endless years: a few of each


def _crawl(client, start="/"):
    problems = {}
    for url, response in _pages(client, start, PAGES_PER_PERSON):
        codes, _links = _raw_codes(response.content.decode())
        if codes:
            problems[url] = sorted(set(codes))[:8]
    return problems


def _pages(client, start, limit):
    """(url, response) of every HTML page reachable by links, breadth first: each path
    once, at most PER_SHAPE paths of one shape (digits aside), at most `limit`."""
    seen, shapes, queue = set(), {}, [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        if url in seen or shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        yield url, response
        _codes, links = _raw_codes(response.content.decode())
        queue += [target for href in links if (target := _followable(url, href))]


def test_no_page_of_the_demo_shows_a_raw_code_to_anyone():
    logins = demo.load()
    problems = {}
    for username, _name, _role in logins:
        client = Client()
        client.force_login(_user(username))
        for url, codes in _crawl(client).items():
            problems.setdefault(url, {"codes": codes, "seen_by": []})["seen_by"].append(username)
    report = "\n".join(
        f"{url}: {', '.join(found['codes'])} (seen by {', '.join(found['seen_by'][:3])})"
        for url, found in sorted(problems.items())
    )
    assert not problems, f"raw codes on {len(problems)} pages:\n{report}"


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


MALFORMED_FILTERS = {
    "workshop": "abc",
    "warehouse": "abc",
    "customer": "abc",
    "merchandiser": "abc",
    "order": "abc",
    "item": "abc",
    "book": "abc",
    "location": "abc",
    "kind": "no-such-kind",
    "status": "no-such-status",
    "stage": "no-such-stage",
    "date_from": "2026-13-45",
    "date_to": "1e30",
    "page": "-1",
    "sort": "';drop",
    "q": "半轴" * 80,
}


def test_no_page_answers_a_malformed_filter_with_a_server_error():
    """Issue 9: 8 of 15 list pages answered 500 to `?workshop=abc` or
    `?date_from=2026-13-45`. Every page the admin reaches is asked again with every
    filter malformed: it answers, ignoring or refusing the bad value, never with 500."""
    demo.load()
    client = Client(raise_request_exception=False)
    client.force_login(_user("admin"))
    pages = {url.split("?")[0] for url in _crawled(client)}
    failures = []
    for path in sorted(pages):
        response = client.get(path, MALFORMED_FILTERS)
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
        with_nul = client.get(path, {"q": "半轴\x00"})
        if with_nul.status_code != 400:  # no field takes a NUL: refused before any view
            failures.append(f"{path}?q=<NUL>: {with_nul.status_code}")
    assert failures == []


def _crawled(client, start="/"):
    return [url for url, _response in _pages(client, start, 200)]
