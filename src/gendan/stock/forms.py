from django import forms
from django.utils.translation import gettext_lazy as _

from gendan.catalog.forms import MAX_UPLOAD_BYTES


class OpeningImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or csv file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload
