"""The seeded milestone templates (D4, D5-3.4) and the expense-claim chain (D4-X).

Each step: (name, working days before delivery, duration, owner role, event, delivery?).
Negative offsets fall after the delivery date (signed for, paid).
"""

from gendan.core import events
from gendan.shopfloor import events as shopfloor_events

# A step stores the code of the event that completes it (codes never change).
CONFIRMED = events.OrderConfirmed.code
RECEIPT = events.ReceiptPosted.code
INSPECTION = events.InspectionPassed.code
SHIPPED = events.DeliveryShipped.code
DELIVERED = events.OrderDelivered.code
PAID = events.OrderPaid.code
CUT = shopfloor_events.CuttingCompleted.code
MACHINED = shopfloor_events.MachiningCompleted.code
ASSEMBLED = shopfloor_events.AssemblyCompleted.code

TEMPLATES = {
    "machinery": (
        "本厂生产机械订单",
        [
            ("订单确认", 40, 1, "", CONFIRMED, False),
            ("工艺与物料清单确认", 36, 3, "statistician", "", False),
            ("外购外协件到齐", 28, 8, "purchaser", RECEIPT, False),
            ("下料", 25, 3, "workshop_director", CUT, False),
            ("机加工完成", 12, 12, "workshop_director", MACHINED, False),
            ("装配完成", 5, 6, "workshop_director", ASSEMBLED, False),
            ("成品检验", 3, 1, "inspector", INSPECTION, False),
            ("成品入库", 2, 1, "storekeeper", RECEIPT, False),
            ("发货", 0, 1, "", SHIPPED, True),
            ("客户签收", -3, 3, "", DELIVERED, False),
            ("回款", -20, 15, "", PAID, False),
        ],
    ),
    "garment": (
        "外协工厂成衣订单",
        [
            ("订单确认", 45, 1, "", CONFIRMED, False),
            ("面辅料到厂查验", 35, 5, "", "", False),
            ("产前样确认", 30, 5, "qc", "", False),
            ("产前会", 28, 1, "", "", False),
            ("开始生产", 26, 1, "", "", False),
            ("首件首扎检验", 24, 2, "", "", False),
            ("中期检验", 14, 10, "", "", False),
            ("船样确认", 8, 3, "qc", "", False),
            ("装箱80%", 5, 3, "", "", False),
            ("尾期检验(AQL 2.5)", 4, 1, "qc", INSPECTION, False),
            ("出货", 0, 2, "", SHIPPED, True),
            ("客户签收", -5, 5, "", DELIVERED, False),
            ("回款", -30, 25, "", PAID, False),
        ],
    ),
    "printing": (
        "印刷订单",
        [
            ("订单确认", 15, 1, "", CONFIRMED, False),
            ("稿件确认", 12, 2, "", "", False),
            ("打样确认", 10, 2, "", "", False),
            ("纸张材料到位", 8, 2, "purchaser", RECEIPT, False),
            ("印刷", 5, 3, "", "", False),
            ("印后加工", 3, 2, "", "", False),
            ("成品检验", 2, 1, "qc", INSPECTION, False),
            ("发货", 0, 1, "", SHIPPED, True),
            ("客户签收", -3, 3, "", DELIVERED, False),
            ("回款", -15, 12, "", PAID, False),
        ],
    ),
    "ecommerce": (
        "电商订单",
        [
            ("订单确认", 3, 1, "", CONFIRMED, False),
            ("配货出库", 2, 1, "storekeeper", "", False),
            ("快递发出", 1, 1, "logistics", SHIPPED, False),
            ("客户签收", 0, 1, "", DELIVERED, True),
            ("平台回款", -7, 7, "", PAID, False),
            ("签收回访", -10, 3, "", "", False),
        ],
    ),
}

CLAIM_CHAIN = {
    "slip_type": "followup.expense_claim",
    "name": "出差费用报销单",
    "steps": [{"name": "内销部经理审批", "role_code": "sales_manager"}],
}
