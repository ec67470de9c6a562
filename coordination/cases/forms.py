"""Forms of the cases part: the person (intake and edit), the intake consent, the caseload
filters, a reveal, closing and transferring a case."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.models import Case, Characteristic, Consent, FieldGroup, LegalStatus, Offence
from coordination.services import CONSENT_YEARS_DAYS
from employment.seekers.forms import MaskField, SeekerForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
REASON_MIN = 2
REASON_MAX = 200
# The groups shown masked on the case page, unmasked one at a time with a reason.
REVEALABLE = (FieldGroup.CONTACT, FieldGroup.LEGAL, FieldGroup.HEALTH)


def _date(label, required=False, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_INPUT,
        error_messages={
            "required": _("%(label)sを入力してください。") % {"label": label},
            "invalid": _("日付は 2026-04-01 の形で入力してください。"),
        },
        **kwargs,
    )


class PersonForm(forms.Form):
    """The person's fields. Their values are stored encrypted."""

    name = forms.CharField(
        label=_("氏名"),
        max_length=100,
        error_messages={"required": _("氏名を入力してください。")},
    )
    name_kana = forms.CharField(
        label=_("ふりがな"),
        max_length=100,
        help_text=_("重複の確認に使います（全角・半角、ひらがな・カタカナの違いは区別しません）。"),
        error_messages={"required": _("ふりがなを入力してください。")},
    )
    birth_date = _date(_("生年月日"), required=True)
    contact = forms.CharField(
        label=_("連絡先"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ward = forms.CharField(label=_("区"), max_length=50, required=False)
    legal_status = forms.ChoiceField(
        label=_("法的地位"),
        required=False,
        choices=[("", _("登録しない")), *LegalStatus.choices],
        error_messages={"invalid_choice": _("一覧から選んでください。")},
    )
    legal_status_since = _date(_("法的地位の開始日"))
    legal_status_until = _date(_("法的地位の終了日"))
    characteristics = MaskField(Characteristic, label=_("特性"))
    offences = MaskField(Offence, label=_("犯歴の種類"))
    offence_details = forms.CharField(
        label=_("犯歴の詳細"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    health_notes = forms.CharField(
        label=_("健康・障がいのメモ"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("legal_status_since"), cleaned.get("legal_status_until")
        if since and until and until < since:
            self.add_error(
                "legal_status_until", _("法的地位の終了日は開始日より後にしてください。")
            )
        birth = cleaned.get("birth_date")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", _("生年月日に未来の日付は入力できません。"))
        return cleaned

    @staticmethod
    def initial_for(values: dict) -> dict:
        """Initial values from case_read's {group: {field: value}}."""
        initial = {}
        for fields in values.values():
            initial.update(fields)
        initial.pop("case_number", None)
        return initial

    def person_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in PersonForm.base_fields}


class IntakeForm(PersonForm):
    """Registering a person: their fields and their consent to be registered."""

    consent_given = forms.BooleanField(
        label=_("本人から登録と支援への同意を得た"),
        help_text=_("同意がなければ登録できません。同意は主担当の組織だけに有効です。"),
        error_messages={"required": _("本人の同意を得てから登録してください。")},
    )
    consent_given_on = _date(_("同意日"), required=True)
    consent_form = forms.ChoiceField(
        label=_("同意の方法"),
        choices=Consent.Form.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("同意の方法を選んでください。"),
            "invalid_choice": _("同意の方法を選んでください。"),
        },
    )
    consent_valid_until = _date(
        _("同意の有効期限"), required=True, help_text=_("ふつうは同意日から1年後です。")
    )
    confirm_distinct = forms.BooleanField(
        label=_("確認のうえ、別の人として登録する"), required=False
    )

    def __init__(self, *args, warned=False, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "consent_given_on": today,
                "consent_valid_until": today + datetime.timedelta(days=CONSENT_YEARS_DAYS),
            },
        )
        super().__init__(*args, **kwargs)
        if not warned:
            del self.fields["confirm_distinct"]

    def clean(self):
        cleaned = super().clean()
        given, until = cleaned.get("consent_given_on"), cleaned.get("consent_valid_until")
        if given and given > timezone.localdate():
            self.add_error("consent_given_on", _("同意日に未来の日付は入力できません。"))
        if given and until and until <= given:
            self.add_error("consent_valid_until", _("同意の有効期限は同意日より後にしてください。"))
        return cleaned

    def consent_values(self) -> dict:
        return {
            "given_on": self.cleaned_data["consent_given_on"],
            "form": self.cleaned_data["consent_form"],
            "valid_until": self.cleaned_data["consent_valid_until"],
        }


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *Case.Status.choices]
    )
    lead_only = forms.BooleanField(label=_("主担当のケースだけ"), required=False)
    number = forms.CharField(label=_("ケース番号"), max_length=20, required=False)
    sort = forms.ChoiceField(
        label=_("並べ方"),
        required=False,
        choices=[
            ("-opened", _("開始日の新しい順")),
            ("opened", _("開始日の古い順")),
            ("number", _("ケース番号順")),
            ("-number", _("ケース番号の逆順")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"status": "", "lead_only": False, "number": "", "sort": ""}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "lead_only": data["lead_only"],
            "number": data["number"].strip(),
            "sort": data["sort"],
        }


class RevealForm(forms.Form):
    """The reason for showing one masked group of the person's record."""

    group = forms.ChoiceField(
        choices=[(group.value, group.label) for group in REVEALABLE],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("表示する項目が分かりません。もう一度やり直してください。"),
            "invalid_choice": _("表示する項目が分かりません。もう一度やり直してください。"),
        },
    )
    reason = forms.CharField(
        label=_("表示する理由"),
        max_length=REASON_MAX,
        help_text=_("例: 本人と面談の日程を調整するため。理由は監査ログに記録されます。"),
        error_messages={
            "required": _("表示する理由を入力してください。"),
            "max_length": _("理由は%(limit_value)d文字以内で入力してください。"),
        },
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < REASON_MIN:
            raise forms.ValidationError(
                _("理由を具体的に入力してください（%(min)d文字以上）。") % {"min": REASON_MIN}
            )
        return reason


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("終結の理由"),
        choices=Case.CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("終結の理由を選んでください。"),
            "invalid_choice": _("終結の理由を選んでください。"),
        },
    )


class TransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        label=_("引継ぎ先の組織"),
        queryset=None,
        empty_label=_("選んでください"),
        error_messages={
            "required": _("引継ぎ先の組織を選んでください。"),
            "invalid_choice": _("一覧から引継ぎ先の組織を選んでください。"),
        },
    )
    note = forms.CharField(
        label=_("メモ"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("引継ぎの理由など。個人が分かる内容は書かないでください。"),
    )
    confirm = forms.BooleanField(
        label=_("引継ぎ後は、同意などの根拠の範囲でしかこのケースを見られないことを確認した"),
        error_messages={"required": _("確認のチェックを入れてください。")},
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in targets]
        ).order_by("name")


class JobSeekerLinkForm(forms.Form):
    seeker = forms.ModelChoiceField(
        label=_("求職者プロフィール"),
        queryset=None,
        required=False,
        empty_label=_("つながない"),
        help_text=_("あなたの組織が就労支援で登録した求職者から選びます。"),
        error_messages={"invalid_choice": _("一覧から求職者を選んでください。")},
    )
    confirm = forms.BooleanField(
        label=_("本人から、就労支援の記録とこのケースをつなぐことへの同意を得た"),
        required=False,
    )

    def __init__(self, *args, seekers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seeker"].queryset = seekers


class CaseSeekerForm(SeekerForm):
    """The employment app's profile form (no name, no birth date), pre-filled from the case,
    with the person's consent to it."""

    confirm = forms.BooleanField(
        label=_("本人から、就労支援の求職者として登録し、このケースとつなぐことへの同意を得た"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, creating=True, **kwargs)

    def values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("confirm", None)
        return values
