"""Forms of a case's housing: the home search and the housing referral."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.housing.criteria import DISABILITY_ACCEPTANCES
from coordination.models import FieldGroup
from core.fields.choice_masks import to_mask
from housing.models import Acceptance
from housing.selectors import HomeCriteria

SAVE = "save"
SEND = "send"
# The groups a housing referral may send: a housing provider never sees the support plan
# (coordination.access.RECEIVED_GROUPS).
HOUSING_GROUPS = (FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.LEGAL, FieldGroup.HEALTH)


class HomeSearchForm(forms.Form):
    """The filters of housing.selectors.HomeCriteria a case worker uses. `search` marks a
    search the user sent (the first page is pre-filled from the record instead)."""

    search = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
    ward = forms.CharField(label=_("区"), max_length=20, required=False)
    max_rent = forms.IntegerField(
        label=_("家賃＋共益費の上限（円・月額）"),
        min_value=0,
        max_value=10_000_000,
        required=False,
    )
    layout = forms.CharField(
        label=_("間取り"), max_length=20, required=False, help_text=_("例: 1K, 2DK")
    )
    vacant_only = forms.BooleanField(label=_("空きがある住宅だけ"), required=False)
    accepts = forms.MultipleChoiceField(
        label=_("受け入れる人（すべてを受け入れる住宅）"),
        choices=[
            (value, label)
            for value, label in Acceptance.choices
            if value not in DISABILITY_ACCEPTANCES
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disability = forms.ChoiceField(
        label=_("障害者を受け入れる住宅"),
        choices=[
            ("", _("指定しない")),
            *[(value, Acceptance(value).label) for value in DISABILITY_ACCEPTANCES],
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    barrier_free = forms.BooleanField(label=_("バリアフリー"), required=False)
    pets_allowed = forms.BooleanField(label=_("ペット可"), required=False)

    def criteria(self) -> HomeCriteria:
        data = self.cleaned_data
        accepts = list(data["accepts"]) + ([data["disability"]] if data["disability"] else [])
        return HomeCriteria(
            ward=data["ward"].strip(),
            max_rent=data["max_rent"],
            layout=data["layout"].strip(),
            vacant_only=data["vacant_only"],
            accepts=to_mask(Acceptance, accepts),
            barrier_free=data["barrier_free"],
            pets_allowed=data["pets_allowed"],
        )

    def query(self) -> dict:
        """The filters as GET parameters (the pages of a pre-filled search keep them)."""
        data = self.cleaned_data
        query = {"search": "1"}
        for name in ("ward", "max_rent", "layout", "disability"):
            if data.get(name) not in (None, ""):
                query[name] = data[name]
        for name in ("vacant_only", "barrier_free", "pets_allowed"):
            if data.get(name):
                query[name] = "on"
        if data.get("accepts"):
            query["accepts"] = list(data["accepts"])
        return query


class HousingReferralForm(forms.Form):
    """A housing referral: the groups sent (only those the provider may receive: `allowed`,
    a mask), the purpose and a note. 基本 is checked when it may go; 法的地位・犯歴 never by
    default, and then needs a purpose (the referral service checks it again)."""

    groups = forms.MultipleChoiceField(
        label=_("送る項目"),
        choices=[(g.value, g.label) for g in HOUSING_GROUPS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("法的地位・犯歴は、必要なときだけ、目的を書いて送ります。"),
        error_messages={"required": _("送る項目を一つ以上選んでください。")},
    )
    purpose = forms.CharField(
        label=_("紹介の目的"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("法的地位・犯歴を送るときは必ず書いてください。"),
    )
    note = forms.CharField(
        label=_("事業者へのメモ"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("入居の希望時期など。氏名などの個人情報はメールには載りません。"),
    )

    def __init__(self, *args, allowed: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        choices = [
            (value, label)
            for value, label in self.fields["groups"].choices
            if allowed & to_mask(FieldGroup, [value])
        ]
        self.fields["groups"].choices = choices
        if not self.is_bound and FieldGroup.BASIC in dict(choices):
            self.initial.setdefault("groups", [FieldGroup.BASIC])

    def clean(self):
        cleaned = super().clean()
        if FieldGroup.LEGAL in cleaned.get("groups", []) and not cleaned.get("purpose", "").strip():
            self.add_error("purpose", _("法的地位・犯歴を送るときは、その目的を書いてください。"))
        return cleaned
