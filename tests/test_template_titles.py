"""A page's title block holds its title only: markup put there by mistake lands in the
browser tab and never on the page (a merge section and a script once did)."""

import re
from pathlib import Path

import gendan

TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.DOTALL)
SOURCE = Path(gendan.__file__).parent


def test_no_template_puts_markup_or_scripts_into_its_title():
    wrong = []
    for template in sorted(SOURCE.rglob("templates/**/*.html")):
        for title in TITLE.findall(template.read_text(encoding="utf-8")):
            if "<" in title or "\n" in title.strip():
                wrong.append(f"{template.relative_to(SOURCE)}: {title.strip()[:60]!r}")
    assert wrong == []
