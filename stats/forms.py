from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.uploads import TableUnreadable, human_size, read_upload, too_large

ALLOWED_SUFFIXES = (".csv", ".xlsx")


def upload_limits_text() -> str:
    """The upload limits in words, for the forms' help texts (docs/operations.md)."""
    return _("%(bytes)s・%(rows)s行・%(columns)s列・1つのセルは%(cell)s文字まで。") % {
        "bytes": human_size(settings.TSUNAGU_UPLOAD_MAX_BYTES),
        "rows": f"{settings.TSUNAGU_UPLOAD_MAX_ROWS:,}",
        "columns": f"{settings.TSUNAGU_UPLOAD_MAX_COLUMNS:,}",
        "cell": f"{settings.TSUNAGU_UPLOAD_MAX_CELL_CHARS:,}",
    }


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("統計値のファイル（CSV または Excel）"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = "".join(
            [
                str(
                    _(
                        "列は series, area, period, breakdown_kind, breakdown, value, note です。"
                        "ひな形をダウンロードして使えます。"
                    )
                ),
                str(upload_limits_text()),
            ]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")
            )
        # An OversizedUpload (core.uploads) has its size and no content: refused here, before
        # anything is read. The content (read within the limit) is cleaned_data["content"].
        if upload.size > settings.TSUNAGU_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(too_large(upload.size, settings.TSUNAGU_UPLOAD_MAX_BYTES))
        try:
            self.cleaned_data["content"] = read_upload(upload)
        except TableUnreadable as problem:
            raise forms.ValidationError(problem.message) from None
        return upload
