from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    """The code of the second step: six digits from the app, or one recovery code."""

    code = forms.CharField(
        label=_("確認コード（6桁）または予備コード"),
        max_length=40,
        help_text=_(
            "認証アプリに表示される6桁の数字を入力します。スマートフォンが手元にないときは、"
            "紙に控えた予備コード（10文字）を1つ入力できます。予備コードは一度しか使えません。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("登録コード（12桁）"),
        max_length=40,
        help_text=_(
            "事務局から受け取った12桁の数字です。「-」や空白はあってもなくても構いません。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
