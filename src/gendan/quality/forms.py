from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.quality.labels import SEVERITY_LABELS, STANDARD_LABELS
from gendan.quality.sampling import AQLS, LEVELS, SEVERITIES, STANDARDS

AQL_CHOICES = [(a, a) for a in AQLS]
ZERO_AQL_CHOICES = [("0", _("0 (no defect accepted)")), *AQL_CHOICES]


class SamplingPlanForm(forms.Form):
    lot_size = forms.IntegerField(label=_("Lot size"), min_value=1, max_value=10**9)
    level = forms.ChoiceField(
        label=_("Inspection level"), choices=[(v, v) for v in LEVELS], initial="II"
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[(s, SEVERITY_LABELS[s]) for s in SEVERITIES], initial="normal"
    )
    standard = forms.ChoiceField(
        label=_("Standard"), choices=[(s, STANDARD_LABELS[s]) for s in STANDARDS], initial="gb2828"
    )
    critical_aql = forms.ChoiceField(label=_("Critical AQL"), choices=ZERO_AQL_CHOICES, initial="0")
    major_aql = forms.ChoiceField(label=_("Major AQL"), choices=ZERO_AQL_CHOICES, initial="2.5")
    minor_aql = forms.ChoiceField(label=_("Minor AQL"), choices=ZERO_AQL_CHOICES, initial="4.0")
    critical_defects = forms.IntegerField(
        label=_("Critical defects found"), min_value=0, required=False
    )
    major_defects = forms.IntegerField(label=_("Major defects found"), min_value=0, required=False)
    minor_defects = forms.IntegerField(label=_("Minor defects found"), min_value=0, required=False)

    def aqls(self):
        data = self.cleaned_data
        return {name: data[f"{name}_aql"] for name in ("critical", "major", "minor")}

    def defects(self):
        data = self.cleaned_data
        counts = {name: data.get(f"{name}_defects") for name in ("critical", "major", "minor")}
        return (
            None
            if all(v is None for v in counts.values())
            else {k: v or 0 for k, v in counts.items()}
        )
