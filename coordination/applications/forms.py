"""Forms of applications (応募): the search of postings, the application with the person's
consent, and the employer's list filter."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.applications.services import CONSENT_DAYS
from coordination.models import Consent, FieldGroup
from coordination.models import ReferralStatus as S
from core.fields.choice_masks import bit, from_mask

BASIC = bit(FieldGroup, FieldGroup.BASIC)
CONTACT = bit(FieldGroup, FieldGroup.CONTACT)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PostingSearchForm(forms.Form):
    q = forms.CharField(
        label=_("ことばで絞り込む"),
        required=False,
        max_length=100,
        help_text=_("職種・仕事内容・就業場所にふくまれることば（例: 調理、介護）"),
    )

    def query(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


class ApplicationForm(forms.Form):
    """An application to one posting. 基本 (the name) always goes; 連絡先 only if chosen. When
    a basis in force does not yet cover the employer for what is sent, the person's consent is
    recorded with it (`needs_consent`)."""

    posting = forms.IntegerField(widget=forms.HiddenInput)
    send_contact = forms.BooleanField(
        label=_("連絡先も企業に伝える"),
        required=False,
        help_text=_("本人が企業から直接連絡を受けたいときだけ選びます。"),
    )
    note = forms.CharField(
        label=_("企業へのメッセージ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "面接の希望日など。犯歴や健康のことは書かないでください（企業には伝えない約束です）。"
        ),
    )
    consent_given = forms.BooleanField(
        label=_("本人が、この求人に応募し、選んだ項目を企業に伝えることに同意した"),
        required=False,
    )
    consent_form = forms.ChoiceField(
        label=_("同意の方法"),
        choices=Consent.Form.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_given_on = forms.DateField(label=_("同意日"), required=False, widget=DATE)
    consent_until = forms.DateField(
        label=_("同意の有効期間の終了日"),
        required=False,
        widget=DATE,
        help_text=_("この日を過ぎると、企業は応募の内容を見られなくなります。"),
    )

    def __init__(self, *args, covered: int, **kwargs):
        today = timezone.localdate()
        kwargs["initial"] = {
            "consent_given_on": today,
            "consent_until": today + datetime.timedelta(days=CONSENT_DAYS),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.covered = covered  # the mask a basis in force already covers the employer for

    def mask(self) -> int:
        """基本, and 連絡先 when chosen (before the form is cleaned: 基本 only)."""
        contact = getattr(self, "cleaned_data", {}).get("send_contact")
        return BASIC | (CONTACT if contact else 0)

    @property
    def needs_consent(self) -> bool:
        """Whether the groups chosen are not all covered yet."""
        return bool(self.mask() & ~self.covered)

    def clean(self):
        cleaned = super().clean()
        if not self.needs_consent:
            return cleaned
        if not cleaned.get("consent_given"):
            self.add_error(
                "consent_given",
                _("本人の同意を得てから応募してください（同意を記録します）。"),
            )
        if not cleaned.get("consent_form"):
            self.add_error("consent_form", _("同意の方法を選んでください。"))
        given_on, until = cleaned.get("consent_given_on"), cleaned.get("consent_until")
        if given_on is None:
            self.add_error("consent_given_on", _("同意日を入力してください。"))
        elif given_on > timezone.localdate():
            self.add_error("consent_given_on", _("同意日に未来の日付は入れられません。"))
        if until is None:
            self.add_error("consent_until", _("有効期間の終了日を入力してください。"))
        elif given_on is not None and until < given_on:
            self.add_error("consent_until", _("有効期間の終了日は同意日より後にしてください。"))
        return cleaned

    def groups(self) -> list[str]:
        return from_mask(FieldGroup, self.mask())

    def consent(self) -> dict | None:
        if not self.needs_consent:
            return None
        data = self.cleaned_data
        return {
            "given_on": data["consent_given_on"],
            "form": data["consent_form"],
            "valid_until": data["consent_until"],
        }


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[
            ("", _("すべて")),
            *[(value, label) for value, label in S.choices if value != S.DRAFT],
        ],
    )
    action = forms.BooleanField(label=_("返事が必要なものだけ"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": "", "action": False}
        return {"status": self.cleaned_data["status"], "action": self.cleaned_data["action"]}
