"""The sampling plan calculator page: parse, call the engine, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gendan.quality.forms import SamplingPlanForm
from gendan.quality.labels import (
    CLASS_LABELS,
    SEVERITY_LABELS,
    STANDARD_LABELS,
    input_error_message,
)
from gendan.quality.sampling import SamplingInputError, class_plans, lot_verdict


@login_required
def sampling_calculator(request):
    form = SamplingPlanForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        try:
            context.update(_calculate(form))
        except SamplingInputError as error:
            form.add_error(None, input_error_message(error))
    return render(request, "quality/sampling_calculator.html", context)


def _calculate(form):
    data = form.cleaned_data
    plans = class_plans(
        lot_size=data["lot_size"], level=data["level"], aqls=form.aqls(),
        severity=data["severity"], standard=data["standard"],
    )  # fmt: skip
    rows = [
        {"name": name, "label": CLASS_LABELS[name], "plan": plan} for name, plan in plans.items()
    ]
    defects = form.defects()
    verdict = lot_verdict(plans, defects) if defects is not None else None
    if verdict:
        for row, result in zip(rows, verdict.results, strict=True):
            row["result"] = result
    return {
        "rows": rows,
        "verdict": verdict,
        "main_plan": plans.get("major") or rows[0]["plan"],
        "standard_label": STANDARD_LABELS[data["standard"]],
        "severity_label": SEVERITY_LABELS[data["severity"]],
    }
