"""The paper of a count of work in progress (在产品盘点单, D1-1.5): one book per workshop and
per year (ZP-JJ-2026-000001). The statistician (or workshop director) opens it with the
books' figures; the clerk counts and signs; the workshop director signs it off, and that
signature posts its differences (`wip_services.post_wip_count`).

Declared here, beside the shop floor's other papers (`shopfloor/papers.py`), through
core's public registry; imported from `wip_hooks` (loaded by `ShopfloorConfig.ready`).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_WORKSHOP, Chain, PaperType, Step, declare

WIP_COUNT_TYPE = "shopfloor.wip_count"  # stored on books and documents: never rename
COUNTING_STEP = 1  # the clerk's step: counted quantities may change until it is signed


def _post(*, document, actor):
    from gendan.shopfloor import wip_services

    return wip_services.post_wip_count(document=document, actor=actor)


def _content(document):
    from gendan.shopfloor import wip_queries

    return wip_queries.sheet_of_document(document)


def _page(sheet):
    return reverse("shopfloor:wip-count-detail", args=[sheet.pk])


def _summaries(documents):
    from gendan.shopfloor import wip_queries

    return wip_queries.summaries(documents)


def _data(sheet, *, user):
    from gendan.shopfloor import wip_queries

    return wip_queries.sheet_data(sheet)


WIP_COUNT = declare(
    PaperType(
        code=WIP_COUNT_TYPE,
        name=_("WIP count"),
        prefix="ZP",
        book_rule=PER_WORKSHOP,
        chain=Chain(
            name="在产品盘点单",
            steps=(
                Step(name="转序员盘点签字", role_code="clerk"),
                Step(name="车间主任审核", role_code="workshop_director"),
            ),
        ),
        posting=_post,
        publishes=(events.DocumentPosted,),
        writer_roles=("statistician", "workshop_director"),
        readers=("team_leader", "workshop_accountant", "cost_accountant"),
        detail_template="shopfloor/wip/_paper.html",
        content=_content,
        summaries=_summaries,
        page_url=_page,
        content_data=_data,
    )
)
