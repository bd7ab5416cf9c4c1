"""The ledger's refusal messages are asserted in their English source text; the Chinese
catalogue is checked by tests/test_translations.py."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(default_language):
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def issue_paper(monkeypatch):
    """`test.issue`: a paper type declared as issuing stock, so its postings may take
    stock out of warehouse management (D1-3.9); withdrawn after the test."""
    from gendan.core import papers

    paper = papers.PaperType(code="test.issue", name="测试出库单", prefix="TI", issues_stock=True)
    monkeypatch.setitem(papers._declared, paper.code, paper)
    return paper
