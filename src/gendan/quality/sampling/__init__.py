"""The AQL sampling engine: pure functions, no database, no Django (DESIGN.md "pure engines")."""

from gendan.quality.sampling.classes import DEFAULT_AQLS, class_plans, lot_verdict
from gendan.quality.sampling.plans import (
    AQLS,
    LEVELS,
    SEVERITIES,
    STANDARDS,
    SamplingInputError,
    SamplingPlan,
    accepted_one_step_tighter,
    code_letter,
    sampling_plan,
    table_plan,
)

__all__ = [
    "AQLS",
    "DEFAULT_AQLS",
    "LEVELS",
    "SEVERITIES",
    "STANDARDS",
    "SamplingInputError",
    "SamplingPlan",
    "accepted_one_step_tighter",
    "class_plans",
    "code_letter",
    "lot_verdict",
    "sampling_plan",
    "table_plan",
]
