"""Search keys of catalog rows (code, name, spec with full pinyin and initials)."""

from functools import lru_cache

from gendan.core.pinyin import search_key


@lru_cache(maxsize=20_000)
def _text_key(text):
    # pypinyin costs ~280 µs for a six-character name; item names repeat across specs
    # (半轴 in twenty sizes), so an import of 20,000 rows converts each name once.
    # Text without Chinese has no pinyin: its lower case is the whole key.
    return text.lower() if text.isascii() else search_key(text)


def item_search_text(code, name, spec=""):
    return " ".join(_text_key(str(text)) for text in (code, name, spec) if text)
