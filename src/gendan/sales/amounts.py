"""Amounts in Chinese capital numerals (大写金额) for contracts and delivery notes."""

from decimal import Decimal

import cn2an

CENT = Decimal("0.01")


def amount_in_words(value):
    """12300 → 壹万贰仟叁佰元整; 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分."""
    amount = Decimal(str(value)).quantize(CENT)
    words = cn2an.an2cn(str(abs(amount)), "rmb")
    return f"负{words}" if amount < 0 else words
