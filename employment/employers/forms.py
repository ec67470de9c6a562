"""Forms about cooperating employers. They parse input and give field-level messages; the
rules that hold whatever the form (registration date, size, contact for the account) live
in employment.employers.rules.check_values, whose messages the views put beside the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employment.employers import selectors
from employment.employers.rules import COMPANY_FIELDS, SECRETARIAT_FIELDS, check_values
from employment.models import Employer, Industry
from stats.forms import ValuesUploadForm, upload_limits_text

CHOICE_MESSAGES = {"invalid_choice": _("一覧から選んでください。")}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("はい")), ("no", _("いいえ"))]


def _yes_no(value: str) -> bool:
    return value == "yes"


class EmployerForm(forms.Form):
    """The employer's details, as the employer itself or the secretariat enters them."""

    name = forms.CharField(
        label=_("事業所名"),
        max_length=200,
        help_text=_("例: 株式会社つなぐ建設 熊本営業所"),
        error_messages={"required": _("事業所名を入力してください。")},
    )
    name_kana = forms.CharField(
        label=_("事業所名（ふりがな）"),
        max_length=200,
        help_text=_("ひらがなかカタカナで。例: つなぐけんせつ"),
        error_messages={"required": _("事業所名のふりがなを入力してください。")},
    )
    industry = forms.ChoiceField(
        label=_("業種"),
        choices=[("", _("選んでください")), *Industry.choices],
        error_messages={"required": _("業種を選んでください。"), **CHOICE_MESSAGES},
    )
    postal_code = forms.CharField(
        label=_("郵便番号"), max_length=8, required=False, help_text=_("例: 860-8601")
    )
    address = forms.CharField(
        label=_("所在地"),
        max_length=300,
        error_messages={"required": _("所在地を入力してください。")},
    )
    ward = forms.CharField(
        label=_("区"),
        max_length=20,
        required=False,
        help_text=_("政令指定都市の場合。例: 中央区"),
    )
    size = forms.ChoiceField(
        label=_("従業員規模"),
        required=False,
        choices=[("", _("選んでください")), *Employer.Size.choices],
        error_messages=CHOICE_MESSAGES,
        help_text=_(
            "従業員数を入力した場合は空欄でもかまいません（従業員数から決まります）。"
            "両方入力するときは、従業員数に合う規模を選んでください。"
        ),
    )
    employees = forms.IntegerField(
        label=_("従業員数（人）"),
        required=False,
        help_text=_("1人以上の数字で入力します。"),
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "invalid": _("従業員数は数字で入力してください。"),
            "min_value": _("従業員数は1人以上で入力してください。"),
            "max_value": _("従業員数が大きすぎます。"),
        },
    )
    registered_with_probation_office = forms.TypedChoiceField(
        label=_("保護観察所に協力雇用主として登録していますか"),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": _("登録しているかどうかを選んでください。"), **CHOICE_MESSAGES},
    )
    registered_on = forms.DateField(
        label=_("協力雇用主の登録日"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "任意です。保護観察所に登録している場合、わかれば入力してください（空欄でもかまいません）。"
            "登録していない場合は空欄にします。今日より後の日付は入力できません。例: 2019-04-01"
        ),
        error_messages={"invalid": _("登録日は 2019-04-01 のように入力してください。")},
    )
    contact_name = forms.CharField(label=_("担当者名"), max_length=100, required=False)
    contact_phone = forms.CharField(
        label=_("担当者の電話番号"),
        max_length=30,
        required=False,
        help_text=_("市外局番から入力します。例: 096-328-2111"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("担当者のメールアドレス"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("メールアドレスを正しく入力してください。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    is_public = forms.TypedChoiceField(
        label=_("事業所名と求人を一般に公開しますか"),
        choices=[
            ("yes", _("公開する（だれでも見られる市の求人ページに、事業所名と求人を載せます）")),
            (
                "no",
                _(
                    "公開しない（事業所名と求人は、保護司・支援機関などの支援者と、"
                    "支援を受けている方にだけ見せます）"
                ),
            ),
        ],
        coerce=_yes_no,
        widget=forms.RadioSelect,
        help_text=_(
            "協力雇用主であることを一般に知られたくない事業所も多くあります。"
            "公開しなくても、求人は支援者を通じて仕事を探している方に届きます。"
            "あとからいつでも変えられます。"
        ),
        error_messages={"required": _("公開するかどうかを選んでください。"), **CHOICE_MESSAGES},
    )

    value_fields: tuple[str, ...] = COMPANY_FIELDS
    require_contact = True

    def __init__(self, *args, wards: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if wards:
            self.fields["ward"].widget.attrs["list"] = "ward-suggestions"
        self.wards = wards or []
        self.fields["contact_email"].widget.attrs.setdefault("autocomplete", "email")

    def clean(self):
        """Also check the rules across fields (employment.employers.rules.check_values), so that every
        problem shows at once; the service checks them again."""
        cleaned = super().clean()
        values = {name: cleaned[name] for name in self.value_fields if name in cleaned}
        problems = check_values(
            values, today=timezone.localdate(), require_contact=self.require_contact
        )
        for name, messages in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, messages)
        return cleaned

    @classmethod
    def initial_for(cls, employer: Employer) -> dict:
        initial = {name: getattr(employer, name) for name in cls.value_fields}
        for name in ("registered_with_probation_office", "is_public"):
            initial[name] = "yes" if initial[name] else "no"
        return initial

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.value_fields}
        for name in ("postal_code", "ward", "name_kana", "contact_name", "contact_phone"):
            values[name] = values[name] or ""
        values["contact_email"] = values["contact_email"] or ""
        values["size"] = values["size"] or ""
        return values


class ApplicationForm(EmployerForm):
    """The public online application. The contact is required: the account's e-mail goes
    there. `website` is a trap for robots: people never see it."""

    agree = forms.BooleanField(
        label=_(
            "入力した内容を、市と保護観察所が協力雇用主の登録と就労支援の連絡のために使うことに"
            "同意します"
        ),
        error_messages={"required": _("申請するには、内容の利用に同意してください。")},
    )
    website = forms.CharField(label=_("ウェブサイト（入力しないでください）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_phone", "contact_email"):
            self.fields[name].required = True
        self.fields["contact_name"].error_messages["required"] = _("担当者名を入力してください。")
        self.fields["contact_phone"].error_messages["required"] = _(
            "担当者の電話番号を入力してください。"
        )
        self.fields["contact_email"].error_messages["required"] = _(
            "アカウントのご案内をお送りするため、担当者のメールアドレスを入力してください。"
        )
        self.fields["contact_email"].help_text = _(
            "承認されると、このアドレスに業務画面のアカウントのご案内（パスワードの設定）を"
            "お送りします。"
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class CompanyForm(EmployerForm):
    """An employer's own company: the same as the application, contact required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_phone", "contact_email"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("担当者の連絡先を入力してください。")


class SecretariatEmployerForm(EmployerForm):
    """The secretariat's edit: also the hiring record from before the system; the address
    may be unknown for employers taken from an old list."""

    hires_before_registration = forms.IntegerField(
        label=_("システム登録前の雇用実績（人）"),
        min_value=0,
        max_value=100_000,
        help_text=_("このシステムを使う前に、支援対象者を雇用した人数（わかる範囲で）"),
        error_messages={
            "required": _("雇用実績を入力してください（ない場合は 0）。"),
            "invalid": _("雇用実績は数字で入力してください。"),
            "min_value": _("雇用実績は0人以上で入力してください。"),
            "max_value": _("雇用実績が大きすぎます。"),
        },
    )

    value_fields = SECRETARIAT_FIELDS
    require_contact = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].required = False
        self.fields["name_kana"].required = False

    def values(self) -> dict:
        values = super().values()
        values["address"] = values["address"] or ""
        return values


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("理由を入力してください。")},
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("メモ（任意）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("名称・所在地・担当者"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *Employer.Status.choices]
    )
    industry = forms.ChoiceField(
        label=_("業種"), required=False, choices=[("", _("すべて")), *Industry.choices]
    )
    ward = forms.ChoiceField(label=_("区"), required=False)
    public = forms.ChoiceField(
        label=_("一般への公開"),
        required=False,
        choices=[("", _("すべて")), ("yes", _("公開")), ("no", _("非公開"))],
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in selectors.EMPLOYER_SORTS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, wards: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", _("すべて")), *((ward, ward) for ward in wards)]

    def filters(self) -> dict:
        """The valid filters (an invalid value is reported and ignored)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        filters = {name: (data.get(name) or "") for name in self.fields}
        filters["q"] = filters["q"].strip()
        filters["sort"] = filters["sort"] or selectors.DEFAULT_SORT
        return filters


class EmployerUploadForm(ValuesUploadForm):
    """A list of employers to import (the statistics upload's checks: type and size)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("協力雇用主の一覧（CSV または Excel）")
        self.fields["file"].help_text = str(
            _(
                "1行目は見出し行です。ひな形をダウンロードするか、この一覧の書き出しを直して"
                "使えます。"
            )
        ) + str(upload_limits_text())
