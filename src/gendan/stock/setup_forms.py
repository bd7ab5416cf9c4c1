"""Forms of the warehouse setup pages: items by code, kind or group; places by code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.catalog.forms import MAX_UPLOAD_BYTES
from gendan.catalog.models import ConfusionGroup, Item
from gendan.org.forms import StyledForm


class AssignItemForm(StyledForm):
    item = forms.CharField(
        label=_("Item"),
        max_length=200,
        help_text=_("Its code, or pick from the suggestions"),
        widget=forms.TextInput(attrs={"list": "item-suggestions"}),
    )


class AssignKindForm(StyledForm):
    kind = forms.ChoiceField(label=_("Every item of the kind"), choices=Item.Kind.choices)


class AssignGroupForm(StyledForm):
    group = forms.ModelChoiceField(
        label=_("Every item of the group of easily confused items"),
        queryset=ConfusionGroup.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ConfusionGroup.objects.order_by("name")


class ItemListImportForm(StyledForm):
    file = forms.FileField(
        label=_("Excel (.xlsx) or csv file"),
        help_text=_("A column headed 物料编码 (item code); a 名称 column is only for reading"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


class StoragePlaceForm(StyledForm):
    code = forms.CharField(label=_("Place code"), max_length=30, help_text=_("Such as A-01"))
    name = forms.CharField(label=_("Name"), max_length=60, required=False)


class RenamePlaceForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60, required=False)
