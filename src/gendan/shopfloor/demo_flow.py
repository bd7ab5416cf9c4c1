"""The shop floor's demo: lots from an order's BOM, label sheets, the process flow (D1-6,
D1-1.4). The 1GQN-200 旋耕机 gets its bill of materials — 2 半轴, 1 刀轴 and 2 半轴壳 a
machine — so its order (12 machines and 40 spare 半轴) proposes the lots still to start:
64 半轴 needed, 40 started, 24 to start; 24 半轴壳, 18 started, 6 to start; 刀轴 started.
The statistician confirms them on the order's "按BOM开流转卡" page. Loading twice changes
nothing."""

from decimal import Decimal

from gendan.catalog import services as catalog

BOM = (("BZ-120", Decimal(2)), ("DZ-80", Decimal(1)), ("BZK-12", Decimal(2)))


def load(context):
    machine = context.items.get("1GQN-200")
    if machine is None or machine.bom_lines.exists():
        return
    catalog.set_bom_lines(
        actor=context.admin,
        parent=machine,
        lines=[(context.items[code], quantity) for code, quantity in BOM],
    )
