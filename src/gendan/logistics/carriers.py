"""Carriers as kuaidi100 codes, from a sheet's carrier name or from the number (D3-1).

A name maps to one code (顺丰快递, 中通速递, 百世汇通, 申通快递有限公司 …). From the number
only prefixed formats are certain (SF…, YT…, JT…, JD/JDX/JDV…, DPK…, a UPU
`EA123456789CN` with a valid check digit); pure-digit numbers of 10–15 digits are used
by several carriers at once and give a list of candidates, never one confident answer.
"""

import functools
import re
from dataclasses import dataclass, field

from gendan.logistics.sheets.cells import unwrap

CODES = (
    "shunfeng", "zhongtong", "yuantong", "shentong", "yunda", "jd", "ems", "youzhengguonei",
    "jtexpress", "huitongkuaidi", "debangkuaidi", "tiantian", "zhaijisong", "youshuwuliu",
    "kuayue", "annengwuliu", "pjbest",
)  # fmt: skip
UNKNOWN = "unknown"

# Checked in this order: the more specific name first (邮政速递 before 邮政, 百世 before 汇通).
NAMES = (
    ("ems", ("EMS", "邮政速递", "邮政特快", "中国邮政速递物流")),
    ("youzhengguonei", ("邮政", "中国邮政", "邮政包裹", "邮政快递包裹", "CHINAPOST")),
    ("shunfeng", ("顺丰", "SF", "SFEXPRESS", "SHUNFENG")),
    ("zhongtong", ("中通", "ZTO", "ZHONGTONG")),
    ("yuantong", ("圆通", "YTO", "YUANTONG")),
    ("shentong", ("申通", "STO", "SHENTONG")),
    ("yunda", ("韵达", "YUNDA")),
    ("jd", ("京东", "JD", "JDL", "JINGDONG")),
    ("jtexpress", ("极兔", "J&T", "JT", "JTEXPRESS", "JITU")),
    ("huitongkuaidi", ("百世", "汇通", "BEST", "BESTEXPRESS", "HUITONG")),
    ("debangkuaidi", ("德邦", "DEPPON", "DEBANG")),
    ("tiantian", ("天天", "TTK", "TIANTIAN")),
    ("zhaijisong", ("宅急送", "ZJS", "ZHAIJISONG")),
    ("youshuwuliu", ("优速", "UC", "YOUSU", "UCEXPRESS")),
    ("kuayue", ("跨越", "KYE", "KUAYUE")),
    ("annengwuliu", ("安能", "ANE", "ANNENG")),
    ("pjbest", ("品骏", "PJBEST", "PINJUN")),
)
# Freight (快运) lines are other carriers in kuaidi100; a parcel code would be wrong.
FREIGHT = ("中通快运", "顺丰快运", "韵达快运", "百世快运", "京东快运", "圆通快运")
_LATIN = re.compile(r"[A-Z&]+")


@functools.lru_cache(maxsize=4096)  # a sheet repeats a handful of names
def from_name(name):
    """The code a carrier's name means, or None when it names no known carrier."""
    spaced = unwrap(name).upper()
    text = "".join(spaced.split())
    if not text or any(word in text for word in FREIGHT):
        return None
    words = set(_LATIN.findall(spaced)) | {"".join(_LATIN.findall(text))}
    for code, names in NAMES:
        if any(known in words if known.isascii() else known in text for known in names):
            return code
    return None


@dataclass(frozen=True)
class Detection:
    """`carrier` is set only when the number's format is certain; otherwise
    `candidates` lists every carrier that uses the format, most common first."""

    number: str
    carrier: str | None = None
    candidates: tuple = field(default_factory=tuple)

    def as_dict(self):
        return {"number": self.number, "carrier": self.carrier, "candidates": list(self.candidates)}


PREFIXED = (
    (re.compile(r"SF\d{10,15}"), "shunfeng"),
    (re.compile(r"YT\d{10,18}"), "yuantong"),
    (re.compile(r"JT\d{10,15}"), "jtexpress"),
    (re.compile(r"JD[A-Z]{0,3}\d{8,15}(-\d{1,4}){0,3}-?"), "jd"),
    (re.compile(r"DPK\d{8,15}"), "debangkuaidi"),
)
UPU = re.compile(r"([A-Z]{2})(\d{8})(\d)CN")
UPU_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
# Pure digits: who issues numbers of each length, most common first (2024 formats).
BY_LENGTH = {
    10: ("zhaijisong", "debangkuaidi", "kuayue", "annengwuliu"),
    11: ("kuayue", "debangkuaidi", "annengwuliu"),
    12: ("zhongtong", "shentong", "youshuwuliu", "tiantian", "shunfeng", "annengwuliu"),
    13: ("yunda", "youzhengguonei", "ems", "shentong", "pjbest", "huitongkuaidi"),
    14: ("zhongtong", "huitongkuaidi", "shentong", "kuayue", "pjbest"),
    15: ("yunda", "zhongtong", "shentong", "annengwuliu"),
}


def from_number(number):
    """Detect the carrier of a tracking number: certain for prefixed formats, a list of
    candidates for pure digits, nothing for a shape no carrier uses."""
    text = "".join(unwrap(number).upper().split())
    return Detection(text, *detect(text))


def detect(text):
    """(carrier or None, candidates) of a clean number (upper case, no spaces)."""
    if text.isdigit():  # no prefixed or UPU format is all digits
        return None, BY_LENGTH.get(len(text), ())
    for pattern, code in PREFIXED:
        if pattern.fullmatch(text):
            return code, (code,)
    if upu := UPU.fullmatch(text):
        return _upu(match=upu)
    return None, ()


def _upu(match):
    """`EA123456789CN`: EMS when the check digit is right and the service is E*;
    another China Post service could be either, so two candidates."""
    total = sum(
        int(digit) * weight for digit, weight in zip(match.group(2), UPU_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    if check != int(match.group(3)):
        return None, ("ems", "youzhengguonei")
    if match.group(1).startswith("E"):
        return "ems", ("ems",)
    return None, ("ems", "youzhengguonei")


def carrier_of(name, number):
    """The carrier of one sheet row: its carrier column first, then a certain number
    format; `unknown` otherwise."""
    return from_name(name) or from_number(number).carrier or UNKNOWN
