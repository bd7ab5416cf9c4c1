from django import forms
from django.utils.translation import gettext_lazy as _

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
