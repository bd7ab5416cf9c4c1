from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.followup.models import Expense, OrderProgress


class CompleteMilestoneForm(forms.Form):
    evidence_url = forms.CharField(label=_("Evidence link"), max_length=500, required=False)
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    actual_date = forms.DateField(
        label=_("Actual date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReopenMilestoneForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OutlookForm(forms.Form):
    outlook = forms.ChoiceField(
        label=_("Delivery outlook"),
        choices=[c for c in OrderProgress.Outlook.choices if c[0]],
    )
    expected_date = forms.DateField(
        label=_("Now expected on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(label=_("Category"), choices=Expense.Category.choices)
    amount = forms.DecimalField(label=_("Amount"), max_digits=10, decimal_places=2)
    order_number = forms.CharField(label=_("Order number"), max_length=80, required=False)
    factory = forms.IntegerField(label=_("Factory"), required=False)
    receipt_photo = forms.FileField(label=_("Receipt photo"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class SaveViewForm(forms.Form):
    name = forms.CharField(label=_("View name"), max_length=60)
    querystring = forms.CharField(max_length=500, required=False)
