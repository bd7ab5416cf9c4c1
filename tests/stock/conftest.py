"""The ledger's refusal messages are asserted in their English source text; the Chinese
catalogue is checked by tests/test_translations.py."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(default_language):
    translation.activate("en")
    yield
    translation.activate("en")
