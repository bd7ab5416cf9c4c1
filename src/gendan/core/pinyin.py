"""Pinyin search keys: typing `bz` or `banzhou` finds 半轴."""

from pypinyin import Style, lazy_pinyin


def search_key(*texts):
    """Lower-case text followed by full pinyin and pinyin initials, for `icontains` search."""
    parts = []
    for text in texts:
        if not text:
            continue
        text = str(text)
        full = lazy_pinyin(text, errors="default")
        initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
        parts.extend([text.lower(), "".join(full).lower(), "".join(initials).lower()])
    return " ".join(parts)
