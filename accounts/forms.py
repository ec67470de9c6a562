from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("ユーザー名またはパスワードが違います。"),
        "inactive": _("このアカウントは利用停止中です。事務局にお問い合わせください。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("ユーザー名")
        self.fields["password"].label = _("パスワード")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class AuditFilterForm(forms.Form):
    READS = "reads"
    CHANGES = "changes"
    kind = forms.ChoiceField(
        label=_("記録の種類"),
        required=False,
        choices=[
            ("", _("すべて")),
            (READS, _("閲覧記録（要配慮個人情報）")),
            (CHANGES, _("変更・その他")),
        ],
    )
    action = forms.CharField(label=_("操作"), required=False, max_length=80)
    actor = forms.CharField(label=_("操作者"), required=False, max_length=150)
    since = forms.DateField(
        label=_("開始日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("終了日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError(_("開始日は終了日より前にしてください。"))
        return cleaned


class MFACodeForm(forms.Form):
    code = forms.CharField(
        label=_("確認コード（6桁）"),
        max_length=20,
        help_text=_(
            "認証アプリ（Google Authenticator、Microsoft Authenticator など）に表示される6桁の数字です。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("確認コード（6桁）または予備コード"),
        max_length=40,
        required=False,
        help_text=_(
            "認証アプリに表示される6桁の数字か、紙に控えた予備コードを1つ入力してください。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
