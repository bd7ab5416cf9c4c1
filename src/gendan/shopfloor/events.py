"""What the shop floor tells the rest of the system (declared with `gendan.core.events`;
codes are stored values: never rename one).

- `TransferRegistered`: the statistician registered a transfer slip (its parts moved);
  one per order its lots serve (none for lots made for stock).
- `CuttingCompleted`, `MachiningCompleted`, `AssemblyCompleted`: the registration left
  every lot of the order past 下料, past its machining operations, past 装配
  (`shopfloor.stages`); they prove the machinery plan's 下料 / 机加工完成 / 装配完成
  milestones once follow-up subscribes to them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gendan.core.events import Event


@dataclass(frozen=True, kw_only=True)
class TransferRegistered(Event):
    """`lines` are (item id, quantity received) pairs of the order's lots."""

    code = "shopfloor.transfer.registered"
    label = gettext_noop("transfer slip registered")
    document_id: int
    order_id: int | None = None
    number: str = ""
    lines: tuple = ()

    def describe(self):
        return _("transfer slip %(number)s registered") % {"number": self.number}


@dataclass(frozen=True, kw_only=True)
class CuttingCompleted(Event):
    code = "shopfloor.cutting.completed"
    label = gettext_noop("every lot of the order is past cutting")
    order_id: int
    document_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class MachiningCompleted(Event):
    code = "shopfloor.machining.completed"
    label = gettext_noop("every lot of the order is past machining")
    order_id: int
    document_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class AssemblyCompleted(Event):
    code = "shopfloor.assembly.completed"
    label = gettext_noop("every lot of the order is past assembly")
    order_id: int
    document_id: int | None = None
