"""Forms of the job magazine. They parse input and give field-level messages; the services in
employment.magazine.services validate again and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employment.models import Industry, MagazineDistribution, MagazineIssue

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_MESSAGES = {"invalid": _("日付は 2026-04-01 のように入力してください。")}
NUMBER_MESSAGES = {
    "invalid": _("数字で入力してください。"),
    "min_value": _("%(limit_value)s以上で入力してください。"),
    "max_value": _("%(limit_value)s以下で入力してください。"),
}
CHOICE_MESSAGES = {"invalid_choice": _("一覧から選んでください。")}


def _copies_field(label, *, required=False, min_value=0, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=1_000_000,
        error_messages=NUMBER_MESSAGES,
        help_text=help_text,
    )


class IssueForm(forms.Form):
    number = forms.IntegerField(
        label=_("号"),
        min_value=1,
        max_value=32767,
        error_messages={**NUMBER_MESSAGES, "required": _("号を入力してください。")},
        help_text=_("第何号かを数字で。例: 5"),
    )
    title = forms.CharField(
        label=_("誌名"),
        max_length=100,
        error_messages={"required": _("誌名を入力してください。")},
    )
    cover_text = forms.CharField(
        label=_("表紙の言葉"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("表紙に大きく載せる短い言葉（200字まで）。"),
    )
    how_to_apply = forms.CharField(
        label=_("応募の方法・相談先"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("応募の方法・相談先のページに載せる文を入力してください。")},
        help_text=_(
            "2ページ目に載せます。だれに相談すればよいかを、やさしい言葉で書いてください。電話番号や住所を載せるときは、正しいことを確かめてから書いてください。"
        ),
    )
    postings_per_page = forms.TypedChoiceField(
        label=_("1ページに載せる求人の数"),
        choices=MagazineIssue.PostingsPerPage.choices,
        coerce=int,
        initial=MagazineIssue.PostingsPerPage.TWO,
        widget=forms.RadioSelect,
        error_messages=CHOICE_MESSAGES,
    )
    copies_printed = _copies_field(
        _("印刷部数"),
        help_text=_("印刷した部数がわかったら記録します（あとからでも記録できます）。"),
    )

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CopiesForm(forms.Form):
    """What an issued issue still takes: the copies printed."""

    copies_printed = _copies_field(_("印刷部数"))


class PublishForm(forms.Form):
    issued_on = forms.DateField(
        label=_("発行日"),
        widget=DATE_INPUT,
        error_messages={**DATE_MESSAGES, "required": _("発行日を入力してください。")},
        help_text=_("表紙に和暦と西暦で載ります。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DistributionForm(forms.Form):
    destination = forms.ChoiceField(
        label=_("配布先の種別"),
        choices=[("", _("選んでください")), *MagazineDistribution.Destination.choices],
        error_messages={**CHOICE_MESSAGES, "required": _("配布先の種別を選んでください。")},
    )
    destination_name = forms.CharField(
        label=_("配布先の名前"),
        required=False,
        max_length=200,
        help_text=_("例: ○○保護区保護司会。わかる範囲で。"),
    )
    copies = _copies_field(_("部数"), required=True, min_value=1)
    sent_on = forms.DateField(
        label=_("配布日"), required=False, widget=DATE_INPUT, error_messages=DATE_MESSAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].error_messages["required"] = _("部数を入力してください。")


class CandidateFilterForm(forms.Form):
    """The filters of the postings that may be added (GET)."""

    q = forms.CharField(label=_("職種・事業所名・就業場所で探す"), required=False, max_length=100)
    industry = forms.ChoiceField(
        label=_("業種"),
        required=False,
        choices=[("", _("すべて")), *Industry.choices],
    )
    public_only = forms.BooleanField(label=_("一般公開の企業の求人だけ"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "industry": "", "public_only": False}
        return {
            "q": self.cleaned_data["q"].strip(),
            "industry": self.cleaned_data["industry"],
            "public_only": self.cleaned_data["public_only"],
        }
