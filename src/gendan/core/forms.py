from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    step = forms.IntegerField(label=_("Step"), required=False, widget=forms.HiddenInput)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
    return_to_step = forms.TypedChoiceField(
        label=_("Return to"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_to_step"].choices = [("", _("the author"))] + [
            (step.position, f"{step.position}. {step.name}") for step in steps
        ]


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
