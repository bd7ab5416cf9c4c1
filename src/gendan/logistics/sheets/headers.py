"""Which column of a tracking sheet is which (D3-1).

Every carrier, back office (淘宝/天猫, 京东, 拼多多, 抖音) and ERP names the columns its
own way, and the names come dirty (`物流单号 `, ` 用户购买手机号`, `'运单号`, `收货人\\n姓名`,
`快递单号（必填）`). Cells are compared by `core.spreadsheets.header_key`, which drops
spaces, line breaks, quotes, a leading ' and the (必填) suffix and unifies brackets.
"""

from django.utils.translation import gettext as _

from gendan.core.errors import DomainError
from gendan.core.spreadsheets import HEADER_SCAN_ROWS, find_header, header_key

FIELDS = (
    "order_number",
    "tracking_number",
    "carrier",
    "consignee",
    "phone",
    "address",
    "status",
    "shipped_at",
)

# The preferred name first: when a sheet has two columns for one field, the earlier
# synonym wins (拼多多 has both 收货人手机号 and 用户购买手机号; the consignee's is wanted).
SYNONYMS = {
    "order_number": (
        "订单编号", "订单号", "主订单编号", "子订单编号", "平台订单号", "订单ID", "订单id",
        "外部订单号", "原始单号", "网店订单号", "order number", "order_number", "order no",
    ),
    "tracking_number": (
        "物流单号", "快递单号", "运单号", "运单编号", "快递运单号", "面单号", "物流运单号",
        "快递单号码", "tracking number", "tracking_number", "waybill",
    ),
    "carrier": (
        "物流公司", "快递公司", "货运公司名称", "承运商", "物流公司名称", "快递公司名称",
        "快递", "快递名称", "carrier",
    ),
    "consignee": (
        "收货人", "收货人姓名", "收货客户名称", "客户姓名", "收件人", "收件人姓名",
        "收货人名称", "consignee",
    ),
    "phone": (
        "收货人手机", "收货人手机号", "收货客户手机", "联系手机", "收件人手机", "收件人电话",
        "收货人电话", "联系电话", "手机号", "手机号码", "用户购买手机号", "phone",
    ),
    "address": (
        "收货地址", "客户地址", "收货客户地址", "收件地址", "收件人地址", "详细地址",
        "收货人地址", "address",
    ),
    "status": (
        "物流状态", "快递状态", "签收状态", "运单状态", "最新物流", "物流信息", "物流详情",
        "跟踪状态", "状态", "status",
    ),
    "shipped_at": (
        "发货时间", "发货日期", "揽收时间", "出库时间", "寄件时间", "shipped at", "shipped_at",
    ),
}  # fmt: skip

NUMBER_FIELDS = ("order_number", "tracking_number")


class HeaderNotFound(DomainError):
    default_message = _("No header row was found in the tracking sheet.")


def locate_header(rows):
    """The header among the first rows (below a 拼多多 description row, a merged group
    row or ERP title rows), or HeaderNotFound naming the names looked for."""
    match = find_header(rows, SYNONYMS, minimum=2)
    if match is None or not any(name in match.positions for name in NUMBER_FIELDS):
        raise HeaderNotFound(
            _(
                "No header row naming the order number or the tracking number was found in "
                "the first %(count)d rows; expected headers such as %(examples)s."
            )
            % {
                "count": HEADER_SCAN_ROWS,
                "examples": "订单编号、物流单号、快递公司、收货人、联系手机",
            },
            field="file",
        )
    return match


def canonical_field(header):
    """The field a single header cell names, or None."""
    key = header_key(header)
    return next(
        (name for name, names in SYNONYMS.items() if key in {header_key(n) for n in names}), None
    )
