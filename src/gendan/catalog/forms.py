import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.catalog.models import ConfusionGroup, Item, Unit
from gendan.org.forms import StyledForm
from gendan.org.models import Workshop

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    WHAT = [
        ("items", _("Items")),
        ("variants", _("Colour × size variants")),
        ("process_sheets", _("Process sheets")),
    ]

    what = forms.ChoiceField(label=_("What the file holds"), choices=WHAT, initial="items")
    file = forms.FileField(label=_("Excel (.xlsx) or csv file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


class ItemForm(StyledForm):
    """Every field of an item (D1-3.6, D5-3.1). Kinds, units and groups are chosen by
    name; the code is typed once and stays the item's key."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"))
    spec = forms.CharField(label=_("Spec"), max_length=120, required=False)
    grade = forms.CharField(label=_("Grade"), max_length=40, required=False)
    model_series = forms.CharField(label=_("Model / series"), max_length=60, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    weight_per_unit = forms.DecimalField(
        label=_("Weight per unit (kg)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=4,
    )
    confusion_group = forms.ModelChoiceField(
        label=_("Easily confused with"),
        queryset=None,
        required=False,
        empty_label=_("none"),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Item.Kind.choices
        self.fields["unit"].queryset = Unit.objects.order_by("code")
        self.fields["confusion_group"].queryset = ConfusionGroup.objects.order_by("name")

    @classmethod
    def initial_of(cls, item):
        return {name: getattr(item, name) for name in cls.base_fields}


class VariantGridForm(StyledForm):
    """Colours × sizes in one go (D5-3.2): 藏青、卡其 × S M L XL makes eight variants."""

    colours = forms.CharField(
        label=_("Colours"),
        required=False,
        max_length=1000,
        help_text=_("Separate with commas, spaces or new lines"),
    )
    sizes = forms.CharField(
        label=_("Sizes"),
        required=False,
        max_length=1000,
        help_text=_("Separate with commas, spaces or new lines"),
    )

    @staticmethod
    def split(text):
        return [part for part in re.split(r"[\s,，、;；]+", text or "") if part]


class BomLineForm(StyledForm):
    component = forms.CharField(
        label=_("Component"),
        max_length=200,
        help_text=_("Its code, or pick from the suggestions"),
        widget=forms.TextInput(attrs={"list": "item-suggestions"}),
    )
    quantity = forms.DecimalField(
        label=_("Quantity per unit"), min_value=0, max_digits=14, decimal_places=4
    )


class ProcessStepForm(StyledForm):
    sequence = forms.IntegerField(label=_("Sequence"), min_value=1, max_value=32000)
    name = forms.CharField(label=_("Process"), max_length=60)
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=None)
    is_outside = forms.BooleanField(label=_("Processed outside"), required=False)
    is_skippable = forms.BooleanField(label=_("May be skipped"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.order_by("code")


ProcessStepFormSet = forms.formset_factory(ProcessStepForm, extra=3, max_num=200, can_delete=True)
