"""`gendan aql …`: the sampling plan on the command line, without starting Django.

Dispatched by gendan/cli.py before Django is set up (start-up would take > 1 s); the
Django management command `aql` calls the same `main`. Exit status 2 on bad input.
"""

import argparse
import json
import os
import sys

from gendan.quality.sampling.plans import (
    AQLS,
    LEVELS,
    SEVERITIES,
    STANDARDS,
    SamplingInputError,
    sampling_plan,
)

MESSAGES = {
    "zh": {
        "lot_size": "批量必须是不小于 1 的整数，收到：{value}",
        "aql": "AQL {value} 不在优先系列中；允许的值：{allowed}",
        "level": "检验水平 {value} 不存在；允许的值：{allowed}",
        "standard": "标准 {value} 不存在；允许的值：gb2828（GB/T 2828.1-2012）、z14（ANSI/ASQ Z1.4-2008）",
        "severity": "严格度 {value} 不存在；允许的值：normal（正常）、tightened（加严）、reduced（放宽）",
    },
    "en": {
        "lot_size": "the lot size must be a whole number of at least 1, got: {value}",
        "aql": "AQL {value} is not in the preferred series; allowed: {allowed}",
        "level": "inspection level {value} does not exist; allowed: {allowed}",
        "standard": "standard {value} does not exist; allowed: gb2828, z14",
        "severity": "severity {value} does not exist; allowed: normal, tightened, reduced",
    },
}
SEVERITY_ZH = {"normal": "正常检验", "tightened": "加严检验", "reduced": "放宽检验"}
STANDARD_ZH = {"gb2828": "GB/T 2828.1-2012", "z14": "ANSI/ASQ Z1.4-2008"}


def language():
    """Chinese unless GENDAN_LANGUAGE or LANG asks for English."""
    chosen = os.environ.get("GENDAN_LANGUAGE") or os.environ.get("LANG", "")
    return "en" if chosen.lower().startswith("en") else "zh"


def error_message(error, lang=None):
    template = MESSAGES[lang or language()].get(error.code, "{value}: {allowed}")
    return template.format(value=error.value, allowed=error.allowed)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"gendan aql: {message}\n")


def build_parser():
    parser = _Parser(prog="gendan aql", description="GB/T 2828.1 / Z1.4 一次抽样方案")
    parser.add_argument("--lot-size", required=True, help="批量 / lot size (≥ 1)")
    parser.add_argument("--level", default="II", help="检验水平: " + ", ".join(LEVELS))
    parser.add_argument("--aql", default="2.5", help="AQL: " + ", ".join(AQLS))
    parser.add_argument("--severity", default="normal", help=", ".join(SEVERITIES))
    parser.add_argument("--standard", default="gb2828", help=", ".join(STANDARDS))
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _lot_size(text):
    try:
        return int(str(text).strip())
    except ValueError:
        raise SamplingInputError("lot_size", text, "≥ 1") from None


def summary(plan):
    lines = [
        f"标准：{STANDARD_ZH[plan.standard]}，{SEVERITY_ZH[plan.severity]}，一次抽样",
        f"批量 {plan.lot_size}，检验水平 {plan.level}，AQL {plan.aql}",
        f"样本量字码 {plan.code_letter}"
        + (f"，按箭头 {plan.arrow} 使用字码 {plan.plan_code_letter} 的方案" if plan.arrow else ""),
        f"抽样数 {plan.sample_size}（表中样本量 {plan.table_sample_size}）"
        + ("，样本量不小于批量：全数检验（100%）" if plan.full_inspection else ""),
        f"接收数 Ac = {plan.ac}，拒收数 Re = {plan.re}："
        f"不合格数 ≤ {plan.ac} 接收，≥ {plan.re} 拒收",
    ]
    return "\n".join(lines)


def main(argv=None, out=None, err=None):
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        plan = sampling_plan(
            lot_size=_lot_size(args.lot_size), level=args.level, aql=args.aql,
            severity=args.severity.strip().lower(), standard=args.standard.strip().lower(),
        )  # fmt: skip
    except SamplingInputError as error:
        print(f"gendan aql: {error_message(error)}", file=err)
        return 2
    if args.json:
        print(json.dumps(plan.as_dict(), ensure_ascii=False), file=out)
    else:
        print(summary(plan), file=out)
    return 0
