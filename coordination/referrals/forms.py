"""Forms of the referral screens: creating a referral, moving it, filtering the lists, the
body's reasons."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.models import FieldGroup, NeedArea, Referral, ReferralReasonOption
from coordination.models import ReferralStatus as S
from directory.models import Service

SAVE = "save"
SEND = "send"


class ReferralForm(forms.Form):
    """A new referral. The receivers are the organizations a basis in force covers (the case
    team but the sender); a service is optional and must be one the receiver maintains in the
    directory (directory.Organization.maintainer). Groups the receiver may not get are shown
    disabled with the reason (`blocked`)."""

    to_organization = forms.ModelChoiceField(
        label=_("紹介先の組織"),
        queryset=Organization.objects.none(),
        empty_label=_("選んでください"),
    )
    service = forms.ModelChoiceField(
        label=_("紹介先のサービス（任意）"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("指定しない"),
        help_text=_(
            "支援の窓口一覧（ディレクトリ）で、紹介先の組織が情報を管理しているサービスから選べます。"
        ),
    )
    area = forms.ChoiceField(
        label=_("分野"), choices=[("", _("選んでください")), *NeedArea.choices]
    )
    groups = forms.MultipleChoiceField(
        label=_("送る項目"),
        choices=FieldGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("法的地位・犯歴は、必要なときだけ、目的を書いて送ります。"),
    )
    purpose = forms.CharField(
        label=_("紹介の目的"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("法的地位・犯歴を送るときは必ず書いてください。"),
    )
    note = forms.CharField(
        label=_("紹介先へのメモ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("氏名などの個人情報はメールには載りません。"),
    )
    release_date = forms.DateField(
        label=_("釈放予定日（特別調整のとき）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, organizations, services, allowed: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = organizations
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda service: (
            f"{service.name}（{service.organization.name}）"
        )
        self.allowed = allowed  # {organization id: mask of groups it may receive}

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("to_organization")
        service = cleaned.get("service")
        if (
            organization is not None
            and service is not None
            and service.organization.maintainer_id != organization.pk
        ):
            self.add_error("service", _("このサービスは選んだ紹介先の組織のものではありません。"))
        if FieldGroup.LEGAL in cleaned.get("groups", []) and not cleaned.get("purpose", "").strip():
            self.add_error("purpose", _("法的地位・犯歴を送るときは、その目的を書いてください。"))
        return cleaned


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("次の状態"), choices=S.choices)
    reason = forms.ChoiceField(label=_("理由"), required=False)
    outcome = forms.ChoiceField(
        label=_("結果（完了のとき）"),
        required=False,
        choices=[("", _("選んでください")), *Referral.Outcome.choices],
    )
    note = forms.CharField(
        label=_("メモ"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actions, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = actions
        self.fields["reason"].choices = [("", _("選んでください")), *reasons]
        self.fields["reason"].help_text = _(
            "お断り・支援に至らず・支援につながらなかったときに選んでください。"
        )
        offered = {value for value, _label in actions}
        if S.COMPLETED not in offered:
            del self.fields["outcome"]
        if not offered & {S.REJECTED, S.FAILED, S.COMPLETED}:
            del self.fields["reason"]


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *S.choices]
    )
    action = forms.BooleanField(label=_("対応が必要なものだけ"), required=False)
    overdue = forms.BooleanField(label=_("回答期限を過ぎたものだけ"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "status": self.cleaned_data["status"],
            "action": self.cleaned_data["action"],
            "overdue": self.cleaned_data["overdue"],
        }


class ReasonForm(forms.ModelForm):
    class Meta:
        model = ReferralReasonOption
        fields = ["label", "code"]
        help_texts = {
            "code": _("半角英数字とハイフン・下線（例: waiting_list）。あとから変えられません。")
        }
