"""Forms of the consents part: a new consent with its scope grid and signed form, the
withdrawal, and the emergency override's steps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.consents.services import sharable_organizations, signed_form_type
from coordination.models import Consent, FieldGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(forms.Form):
    purpose = forms.CharField(
        label=_("利用目的"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("何のために共有するかを、本人に説明したとおりに書きます。"),
    )
    basis = forms.ChoiceField(
        label=_("法的根拠"),
        choices=Consent.Basis.choices,
        initial=Consent.Basis.CONSENT,
        widget=forms.RadioSelect,
        help_text=_(
            "本人同意が原則です。第69条第2項第3号による提供は事務局の承認を受けてから有効になります。"
        ),
    )
    basis_note = forms.CharField(
        label=_("根拠の記録"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "支援会議なら開催日と構成員、第69条第2項第3号なら提供する相当の理由を書きます。"
        ),
    )
    given_on = forms.DateField(label=_("同意日（記録日）"), widget=DATE)
    form = forms.ChoiceField(
        label=_("同意の方法"), choices=Consent.Form.choices, widget=forms.RadioSelect
    )
    valid_from = forms.DateField(label=_("有効期間の開始日"), widget=DATE)
    valid_until = forms.DateField(label=_("有効期間の終了日"), widget=DATE)
    signed_form = forms.FileField(
        label=_("署名された同意書（任意）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=_("PDF、JPEG、PNG のいずれか。ファイルの中身で形式を確認します。"),
    )

    def __init__(self, *args, case, housing_provider_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(
            sharable_organizations(case, housing_provider_id=housing_provider_id)
        )
        for organization in self.organizations:
            self.fields[self.scope_name(organization)] = forms.MultipleChoiceField(
                label=organization.name,
                choices=FieldGroup.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def scope_name(organization) -> str:
        return f"scope_{organization.pk}"

    def scope_rows(self):
        """(organization, bound field) per row of the grid."""
        return [(org, self[self.scope_name(org)]) for org in self.organizations]

    def clean_signed_form(self):
        upload = self.cleaned_data.get("signed_form")
        if not upload:
            self.signed_form_type = ""
            return None
        self.signed_form_type = signed_form_type(upload)
        return upload

    def clean(self):
        data = super().clean()
        basis = data.get("basis")
        if basis and basis != Consent.Basis.CONSENT and not data.get("basis_note", "").strip():
            self.add_error(
                "basis_note",
                _("支援会議の開催日と構成員、または提供の相当の理由を記録してください。"),
            )
        if not self.scopes():
            raise ValidationError(_("共有する組織と項目を一つ以上選んでください。"))
        return data

    def scopes(self) -> dict:
        """{Organization: [groups]} of the rows with a group ticked."""
        data = getattr(self, "cleaned_data", {})
        return {
            org: data[self.scope_name(org)]
            for org in self.organizations
            if data.get(self.scope_name(org))
        }

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "purpose",
                "basis",
                "basis_note",
                "given_on",
                "form",
                "valid_from",
                "valid_until",
            )
        }
        if data.get("signed_form"):
            upload = data["signed_form"]
            values |= {
                "signed_form": upload,
                "signed_form_name": upload.name[-200:],
                "signed_form_type": self.signed_form_type,
            }
        return values


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("撤回のメモ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("いつ、誰から、どのように撤回の申し出があったかを書きます。"),
    )


class OverrideRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("閲覧する組織"), queryset=Organization.objects.none(), empty_label=None
    )
    groups = forms.MultipleChoiceField(
        label=_("閲覧させる項目"), choices=FieldGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("理由（生命・身体の保護のために必要な事情）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("主担当の組織の別の職員が読んで判断します。監査ログには残りません。"),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("判断"),
        choices=[("approve", _("承認する")), ("refuse", _("承認しない"))],
        widget=forms.RadioSelect,
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("事後確認の内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
