"""The shop floor's papers. The transfer slip (转序单, D1-3.2): one book per workshop and
per year (ZX-JJ-2026-000001). The clerk fills in product and quantity and signs, the
inspector signs for quality, the upstream operator signs, the receiving process signs
(the receiver), and the slip goes to the statistician, who registers it (D1-5.1: the
quantity is signed by both processes, the quality by the inspector).

Until the shop floor module gives it lines and a model of its own, a transfer slip is a
plain document (number, title, chain), written by the clerk through
`core.papers.write_paper` or `POST /api/v1/documents`."""

from django.utils.translation import gettext_lazy as _

from gendan.core import events
from gendan.core.papers import PER_WORKSHOP, Chain, PaperType, Step, declare

TRANSFER_SLIP_TYPE = "transfer"  # stored on books and documents: never rename

TRANSFER = declare(
    PaperType(
        code=TRANSFER_SLIP_TYPE,
        name=_("transfer slip"),
        prefix="ZX",
        book_rule=PER_WORKSHOP,
        chain=Chain(
            name="转序单",
            steps=(
                Step(name="转序员填单签字", role_code="clerk"),
                Step(name="检查员签质量", role_code="inspector"),
                Step(name="上道工序操作者签字", role_code="operator"),
                Step(name="接收工序签收", role_code="team_leader"),
                Step(name="统计员登记", role_code="statistician"),
            ),
        ),
        publishes=(events.DocumentPosted,),
        is_plain=True,
        writer_roles=("clerk",),
        readers=("workshop_director", "workshop_accountant"),
    )
)
