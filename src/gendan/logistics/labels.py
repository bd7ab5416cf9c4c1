"""Names a person reads for the desk's codes: carriers by their Chinese names."""

from django.utils.translation import gettext_lazy as _

CARRIER_NAMES = {
    "shunfeng": "顺丰速运",
    "zhongtong": "中通快递",
    "yuantong": "圆通速递",
    "shentong": "申通快递",
    "yunda": "韵达快递",
    "jd": "京东物流",
    "ems": "EMS",
    "youzhengguonei": "邮政快递包裹",
    "jtexpress": "极兔速递",
    "huitongkuaidi": "百世快递",
    "debangkuaidi": "德邦快递",
    "tiantian": "天天快递",
    "zhaijisong": "宅急送",
    "youshuwuliu": "优速快递",
    "kuayue": "跨越速运",
    "annengwuliu": "安能物流",
    "pjbest": "品骏快递",
}


def carrier_name(code):
    return CARRIER_NAMES.get(code) or str(_("unknown carrier"))
