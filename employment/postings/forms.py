"""Forms of job postings: the posting form (a Hello Work 求人票 plus the reentry items), the
back office's list filters and the public board's filters. They parse input and give
field-level messages; employment.postings.services validates again and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields.choice_masks import from_mask, to_mask
from employment import selectors
from employment.models import EmploymentType, Industry, JobPosting, Offence
from employment.postings.services import POSTING_FIELDS

CHOICE_MESSAGES = {"invalid_choice": _("一覧から選んでください。")}
WAGE_LIMIT = 10_000_000
TEXT_LIMIT = 4000
APPLY_CHOICES = [
    ("volunteer", _("保護司を通じて応募")),
    ("probation_office", _("保護観察所を通じて応募")),
    ("hello_work", _("ハローワークを通じて応募")),
]
APPLY_FIELDS = {
    "volunteer": "apply_via_volunteer",
    "probation_office": "apply_via_probation_office",
    "hello_work": "apply_via_hello_work",
}


def _text(label, *, max_length=200, required=False, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={"required": required_message} if required_message else {},
    )


def _textarea(label, *, rows=4, required=False, required_message=""):
    return forms.CharField(
        label=label,
        max_length=TEXT_LIMIT,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


def _choice(label, choices, *, required=True, required_message=""):
    messages = dict(CHOICE_MESSAGES)
    if required_message:
        messages["required"] = required_message
    return forms.ChoiceField(
        label=label,
        choices=([] if required else [("", _("指定しない"))]) + list(choices),
        required=required,
        error_messages=messages,
    )


def _wage(label, *, required):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=WAGE_LIMIT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("賃金（下限）を入力してください。"),
            "invalid": _("賃金は半角数字（円）で入力してください。"),
            "min_value": _("賃金は0円以上で入力してください。"),
            "max_value": _("賃金は1,000万円以下で入力してください。"),
        },
    )


class PostingForm(forms.Form):
    """A posting's content; the secretariat also picks the employer of a new posting."""

    employer = forms.TypedChoiceField(
        label=_("協力雇用主"),
        coerce=int,
        error_messages={
            "required": _("協力雇用主を選んでください。"),
            "invalid_choice": _("一覧にある協力雇用主を選んでください。"),
        },
    )
    title = _text(
        _("職種"), max_length=100, required=True, required_message=_("職種を入力してください。")
    )
    industry = _choice(_("業種"), Industry.choices, required_message=_("業種を選んでください。"))
    description = _textarea(
        _("仕事内容"), rows=6, required=True, required_message=_("仕事内容を入力してください。")
    )
    workplace = _text(
        _("就業場所"),
        max_length=300,
        required=True,
        help_text=_("住所や最寄りの駅など"),
        required_message=_("就業場所を入力してください。"),
    )
    ward = _text(
        _("就業場所の区"), max_length=20, help_text=_("例: 中央区（求人の検索で使います）")
    )
    employment_type = _choice(
        _("雇用形態"), EmploymentType.choices, required_message=_("雇用形態を選んでください。")
    )
    wage_form = _choice(
        _("賃金形態"), JobPosting.WageForm.choices, required_message=_("賃金形態を選んでください。")
    )
    wage_min = _wage(_("賃金（下限・円）"), required=True)
    wage_min.help_text = _("1円以上。時給のときは、県の最低賃金以上にします。")
    wage_max = _wage(_("賃金（上限・円）"), required=False)
    wage_max.help_text = _("任意。入力するときは下限以上にします。")
    working_hours = _text(
        _("就業時間"),
        required=True,
        help_text=_("例: 8:00〜17:00（休憩60分）"),
        required_message=_("就業時間を入力してください。"),
    )
    holidays = _text(_("休日"), help_text=_("例: 日曜・祝日、年間休日105日"))
    social_insurance = _text(_("加入保険"), help_text=_("例: 雇用・労災・健康・厚生年金"))
    qualifications = _text(_("必要な資格"), help_text=_("例: 普通自動車免許（AT限定可）"))
    experience = _text(_("必要な経験"), help_text=_("例: 不問"))
    trial_period = _text(_("試用期間"), max_length=100, help_text=_("例: 3か月（条件は同じ）"))
    openings = forms.IntegerField(
        label=_("募集人数"),
        min_value=1,
        max_value=999,
        initial=1,
        error_messages={
            "required": _("募集人数を入力してください。"),
            "invalid": _("募集人数は半角数字で入力してください。"),
            "min_value": _("募集人数は1人以上にしてください。"),
            "max_value": _("募集人数は999人以下にしてください。"),
        },
    )
    dormitory = forms.BooleanField(label=_("寮あり"), required=False)
    company_housing = forms.BooleanField(label=_("社宅あり"), required=False)
    meals = forms.BooleanField(label=_("食事の提供あり"), required=False)
    probation_welcome = forms.BooleanField(
        label=_("保護観察中の方を受け入れる"), required=False, initial=True
    )
    juveniles_welcome = forms.BooleanField(label=_("少年を受け入れる"), required=False)
    excluded_offences = forms.MultipleChoiceField(
        label=_("受け入れない前歴"),
        required=False,
        choices=Offence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "支援者と事務局にだけ見えます。公開の求人には「応募の前に保護司などにご相談ください」と出ます。"
        ),
        error_messages={"invalid_choice": _("一覧にある前歴を選んでください。")},
    )
    message = _textarea(_("企業からのメッセージ"), rows=4)
    apply_via = forms.MultipleChoiceField(
        label=_("応募の方法"),
        required=False,
        choices=APPLY_CHOICES,
        initial=["volunteer", "probation_office"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("1つ以上選びます。"),
        error_messages={"invalid_choice": _("一覧にある応募の方法を選んでください。")},
    )
    ends_on = forms.DateField(
        label=_("掲載終了日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "公開するときに必須です（下書きは空欄のまま保存できます）。今日以降の日付にします。"
            "この日を過ぎると公開ページから消えます。"
        ),
        error_messages={"invalid": _("日付は 2026-05-31 のように入力してください。")},
    )

    def __init__(self, *args, employers=None, **kwargs):
        """`employers`: the approved employers to choose from (a new posting by the
        secretariat); without it the form has no employer field."""
        super().__init__(*args, **kwargs)
        if employers is None:
            del self.fields["employer"]
        else:
            self.employers = {employer.pk: employer for employer in employers}
            self.fields["employer"].choices = [("", _("選んでください"))] + [
                (str(pk), employer.name) for pk, employer in self.employers.items()
            ]

    @classmethod
    def initial_for(cls, posting: JobPosting) -> dict:
        initial = {name: getattr(posting, name) for name in cls.value_names()}
        initial["excluded_offences"] = from_mask(Offence, posting.excluded_offences)
        initial["apply_via"] = [
            code for code, name in APPLY_FIELDS.items() if getattr(posting, name)
        ]
        return initial

    @staticmethod
    def value_names() -> list[str]:

        return [
            name
            for name in POSTING_FIELDS
            if name not in ("excluded_offences", *APPLY_FIELDS.values())
        ]

    def chosen_employer(self):
        return self.employers[self.cleaned_data["employer"]]

    def values(self) -> dict:
        """The service's values: the offence mask and the apply-via flags included."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.value_names()}
        values["excluded_offences"] = to_mask(Offence, data["excluded_offences"])
        chosen = set(data["apply_via"])
        for code, name in APPLY_FIELDS.items():
            values[name] = code in chosen
        return values


class _FilterForm(forms.Form):
    """Filters that never fail the page: a bad value is dropped (and said so)."""

    def filters(self) -> dict:
        if not self.is_bound:
            return {name: field.initial or "" for name, field in self.fields.items()}
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class BoardFilterForm(_FilterForm):
    """The public job board's filters, in plain Japanese (also the API's query)."""

    q = forms.CharField(label=_("ことばでさがす"), required=False, max_length=100)
    industry = _choice(_("仕事の種類（業種）"), Industry.choices, required=False)
    ward = forms.CharField(label=_("場所（区）"), required=False, max_length=20)
    employment_type = _choice(_("働き方"), EmploymentType.choices, required=False)
    housing = forms.BooleanField(label=_("寮・社宅がある"), required=False)
    probation = forms.BooleanField(label=_("保護観察中の人も応募できる"), required=False)


class StaffFilterForm(BoardFilterForm):
    """The back office's list: the board's filters, the shown status and (for the
    secretariat) the employer."""

    q = forms.CharField(label=_("キーワード"), required=False, max_length=100)
    industry = _choice(_("業種"), Industry.choices, required=False)
    ward = forms.CharField(label=_("区"), required=False, max_length=20)
    employment_type = _choice(_("雇用形態"), EmploymentType.choices, required=False)
    housing = forms.BooleanField(label=_("寮・社宅あり"), required=False)
    probation = forms.BooleanField(label=_("保護観察中の方を受け入れる"), required=False)
    status = _choice(_("状態"), JobPosting.Status.choices, required=False)
    employer = forms.TypedChoiceField(
        label=_("協力雇用主"), required=False, coerce=int, empty_value=None, choices=[]
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, employers=None, status_initial="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = status_initial
        if employers is None:
            del self.fields["employer"]
        else:
            self.employers = {employer.pk: employer for employer in employers}
            self.fields["employer"].choices = [("", _("すべて"))] + [
                (str(pk), employer.name) for pk, employer in self.employers.items()
            ]

    def filters(self) -> dict:
        values = super().filters()
        if self.is_bound and "status" not in self.data:
            values["status"] = self.fields["status"].initial
        employer = values.pop("employer", "") if "employer" in values else ""
        values["employer"] = self.employers.get(employer) if employer else None
        return values
