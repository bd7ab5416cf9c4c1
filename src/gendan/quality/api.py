"""/api/v1/quality: the sampling plan calculator (same engine as `gendan aql` and the page)."""

from ninja import Query, Router, Schema

from gendan.core.errors import DomainError
from gendan.quality.labels import input_error_message
from gendan.quality.sampling import SamplingInputError, sampling_plan

router = Router(tags=["quality"])


class SamplingPlanQuery(Schema):
    lot_size: int
    level: str = "II"
    aql: str = "2.5"
    severity: str = "normal"
    standard: str = "gb2828"


class SamplingPlanOut(Schema):
    standard: str
    severity: str
    level: str
    aql: str
    lot_size: int
    code_letter: str
    plan_code_letter: str
    table_sample_size: int
    sample_size: int
    full_inspection: bool
    ac: int
    re: int
    arrow: str


@router.get(
    "/sampling-plan", response=SamplingPlanOut, summary="GB/T 2828.1 / Z1.4 single sampling plan"
)
def get_sampling_plan(request, params: Query[SamplingPlanQuery]):
    try:
        plan = sampling_plan(
            lot_size=params.lot_size, level=params.level, aql=params.aql,
            severity=params.severity, standard=params.standard,
        )  # fmt: skip
    except SamplingInputError as error:
        raise DomainError(input_error_message(error), field=error.code) from None
    return plan.as_dict()
