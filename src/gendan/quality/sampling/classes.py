"""Several defect classes at once: critical / major / minor, each with its own AQL (D4-11).

The company default is critical 0 (no critical defect is accepted: Ac 0, Re 1 on the
sample), major 2.5 and minor 4.0. The lot is accepted only when every class is accepted.
"""

from dataclasses import dataclass, replace

from gendan.quality.sampling.plans import SamplingInputError, normalise_aql, sampling_plan
from gendan.quality.sampling.tables import SAMPLE_SIZES

CLASSES = ("critical", "major", "minor")
ZERO_ACCEPTANCE = "0"
ZERO_SPELLINGS = ("0", "0.0", "0.00")
DEFAULT_AQLS = {"critical": ZERO_ACCEPTANCE, "major": "2.5", "minor": "4.0"}


@dataclass(frozen=True)
class ClassResult:
    defect_class: str
    aql: str
    sample_size: int
    ac: int
    re: int
    defects: int
    is_accepted: bool


@dataclass(frozen=True)
class LotVerdict:
    is_accepted: bool
    results: tuple  # ClassResult per class, in CLASSES order
    rejected_classes: tuple


def class_plans(*, lot_size, level="II", aqls=None, severity="normal", standard="gb2828"):
    """One plan per class. A zero-acceptance class (AQL "0") is judged with Ac 0 / Re 1 on
    the largest sample drawn for the other classes, or on the code letter's own sample."""
    aqls = dict(DEFAULT_AQLS if aqls is None else aqls)
    unknown = sorted(set(aqls) - set(CLASSES))
    if unknown:
        raise SamplingInputError("defect_class", unknown[0], ", ".join(CLASSES))
    options = {"lot_size": lot_size, "level": level, "severity": severity, "standard": standard}
    plans = {
        name: sampling_plan(aql=normalise_aql(aql), **options)
        for name, aql in aqls.items()
        if str(aql).strip() not in ZERO_SPELLINGS
    }
    base = max(plans.values(), key=lambda p: p.sample_size, default=None)
    zero = _zero_acceptance(base or _code_letter_plan(**options))
    return {name: plans.get(name, zero) for name in CLASSES if name in aqls}


def _code_letter_plan(*, lot_size, level, severity, standard):
    """The code letter's own row (no arrow followed), for a lot judged only by Ac 0."""
    plan = sampling_plan(lot_size=lot_size, level=level, aql="1.0", severity=severity,
                         standard=standard)  # fmt: skip
    n = SAMPLE_SIZES[severity][plan.code_letter]
    return replace(plan, plan_code_letter=plan.code_letter, table_sample_size=n,
                   sample_size=min(n, lot_size), full_inspection=n >= lot_size)  # fmt: skip


def _zero_acceptance(plan):
    return replace(plan, aql=ZERO_ACCEPTANCE, ac=0, re=1, arrow="")


def lot_verdict(plans, defects):
    """Per class accept/reject by its Ac/Re, and the lot's verdict from all of them."""
    results = []
    for name, plan in plans.items():
        count = int(defects.get(name, 0) or 0)
        if count < 0:
            raise SamplingInputError(f"defects.{name}", count, "a whole number ≥ 0")
        results.append(
            ClassResult(name, plan.aql, plan.sample_size, plan.ac, plan.re, count, count <= plan.ac)
        )
    rejected = tuple(r.defect_class for r in results if not r.is_accepted)
    return LotVerdict(is_accepted=not rejected, results=tuple(results), rejected_classes=rejected)
