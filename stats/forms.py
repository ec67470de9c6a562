from django import forms
from django.utils.translation import gettext_lazy as _

from stats.importer import MAX_UPLOAD_BYTES

ALLOWED_SUFFIXES = (".csv", ".xlsx")


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("統計値のファイル（CSV または Excel）"),
        help_text=_(
            "列は series, area, period, breakdown_kind, breakdown, value, note です。"
            "ひな形をダウンロードして使えます。5 MB まで。"
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(max)s MB まで）。")
                % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
