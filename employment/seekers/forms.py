"""Forms of job-seeker profiles, hires and retention checks. They parse input and give
field-level messages in Japanese; employment.seekers.services and employment.seekers.hires validate again and
write."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields.choice_masks import from_mask, to_mask
from employment.models import (
    Employer,
    EmploymentType,
    Event,
    Industry,
    JobPosting,
    LegalStatus,
    MagazineIssue,
    Offence,
    RetentionCheck,
    TrainingCourse,
)
from employment.seekers.matching import split_terms
from employment.seekers.services import DEFAULT_SORT, SORTS

CHOICE_MESSAGES = {
    "invalid_choice": _("一覧から選んでください。"),
    "invalid_list": _("一覧から選んでください。"),
}
# A date in free text (1990/4/1, 1990年4月, 平成2年4月1日) is most likely a date of birth.
DATE_LIKE = re.compile(
    r"(\d{2,4}\s*[/／.\-年]\s*\d{1,2}\s*[/／.\-月])|((明治|大正|昭和|平成|令和)\s*\d{1,2}\s*年)"  # i18n-data
)
MAX_WARD_LENGTH = 20


class MaskField(forms.MultipleChoiceField):
    """Checkboxes of a set of choices, cleaned to its bit mask (core.fields.choice_masks)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", CHOICE_MESSAGES)
        super().__init__(choices=choices_class.choices, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return from_mask(self.choices_class, value)
        return value

    def clean(self, value):
        return to_mask(self.choices_class, super().clean(value))


def _no_personal_data(text: str) -> str:
    if DATE_LIKE.search(text):
        raise forms.ValidationError(
            _(
                "生年月日など、本人が分かる情報は入力しないでください（日付のような記載があります）。"
            )
        )
    return text.strip()


class SeekerForm(forms.Form):
    """A profile; the form never asks for a name, a date of birth or an address."""

    desired_industries = MaskField(Industry, label=_("希望する業種"))
    desired_jobs = forms.CharField(
        label=_("希望する仕事"),
        max_length=200,
        required=False,
        help_text=_("例: 調理、介護、倉庫作業（「、」で区切る）。職種に含まれる言葉で照合します。"),
    )
    desired_wards = forms.CharField(
        label=_("希望する地域（区）"),
        max_length=100,
        required=False,
        help_text=_("区の名前を「、」で区切って入力（例: 中央区、東区）。空欄はどこでも。"),
    )
    employment_types = MaskField(EmploymentType, label=_("希望する雇用形態"))
    needs_housing = forms.BooleanField(
        label=_("住まい（寮・社宅）が必要"),
        required=False,
        help_text=_("寮・社宅のある求人を上位に表示します（寮・社宅のない求人も表示します）。"),
    )
    licences = forms.CharField(
        label=_("持っている資格・免許"),
        max_length=300,
        required=False,
        help_text=_(
            "例: 普通自動車免許、フォークリフト（「、」で区切る）。求人の必要な資格と照合します。"
        ),
    )
    legal_status = forms.ChoiceField(
        label=_("法的な状況"),
        choices=[("", _("選んでください")), *LegalStatus.choices],
        error_messages={"required": _("法的な状況を選んでください。"), **CHOICE_MESSAGES},
        help_text=_("保護観察中・仮釈放中・少年の方は、受け入れていない求人を除いて表示します。"),
    )
    offences = MaskField(
        Offence,
        label=_("前歴の種類"),
        help_text=_(
            "該当するものすべて。求人の「受け入れない前歴」との照合にだけ使い、企業には伝わりません。"
        ),
    )
    is_active = forms.BooleanField(
        label=_("求職中"),
        required=False,
        initial=True,
        help_text=_(
            "就職したときや支援を終えたときは外してください。照合の人数に数えなくなります。"
        ),
    )

    SENSITIVE = ("legal_status", "offences")

    def __init__(self, *args, creating: bool = False, sensitive: bool = True, **kwargs):
        """`sensitive=False`: without the legal status and offences (the edit form before they
        are revealed; saving it leaves them as they are)."""
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]
        if not sensitive:
            for name in self.SENSITIVE:
                del self.fields[name]

    def clean_desired_jobs(self):
        return _no_personal_data(self.cleaned_data["desired_jobs"])

    def clean_licences(self):
        return _no_personal_data(self.cleaned_data["licences"])

    def clean_desired_wards(self):
        wards = split_terms(self.cleaned_data["desired_wards"])
        too_long = [ward for ward in wards if len(ward) > MAX_WARD_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _(
                    "区の名前が長すぎます（%(ward)s）。区の名前だけを「、」で区切って入力してください。"
                )
                % {"ward": too_long[0][:MAX_WARD_LENGTH]}
            )
        return "、".join(wards)  # i18n-data

    @staticmethod
    def initial_for(seeker) -> dict:
        return {
            name: getattr(seeker, name)
            for name in (
                "desired_industries",
                "desired_jobs",
                "desired_wards",
                "employment_types",
                "needs_housing",
                "licences",
                "legal_status",
                "offences",
                "is_active",
            )
        }

    def values(self) -> dict:
        return dict(self.cleaned_data)


class SeekerFilterForm(forms.Form):
    active = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[("", _("すべて")), ("yes", _("求職中")), ("no", _("求職中でない"))],
        error_messages=CHOICE_MESSAGES,
    )
    industry = forms.ChoiceField(
        label=_("希望する業種"),
        required=False,
        choices=[("", _("すべて")), *Industry.choices],
        error_messages=CHOICE_MESSAGES,
    )
    sort = forms.ChoiceField(
        label=_("並び順"),
        required=False,
        choices=[
            ("-created", _("登録の新しい順")),
            ("created", _("登録の古い順")),
            ("code", _("求職者番号の順")),
        ],
        error_messages=CHOICE_MESSAGES,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sort = data.get("sort") or DEFAULT_SORT
        return {
            "active": data.get("active", ""),
            "industry": data.get("industry", ""),
            "sort": sort if sort in SORTS else DEFAULT_SORT,
        }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": _("%(label)sを入力してください。") % {"label": label},
            "invalid": _("日付は 2026-04-01 の形で入力してください。"),
        },
    )


class HireForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("就職先の企業"),
        queryset=Employer.objects.none(),
        empty_label=_("選んでください"),
        error_messages={
            "required": _("就職先の企業を選んでください。"),
            "invalid_choice": _("一覧から選んでください。"),
        },
    )
    posting = forms.IntegerField(
        label=_("求人番号（任意）"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("照合結果の「この求人での就職を記録」から開くと入っています。"),
        error_messages={
            "invalid": _("求人番号は半角数字で入力してください。"),
            "min_value": _("求人番号は半角数字で入力してください。"),
        },
    )
    started_on = _date(_("就職日"))
    event = forms.ModelChoiceField(
        label=_("きっかけの説明会・面談会（任意）"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("なし"),
        error_messages={"invalid_choice": _("一覧から選んでください。")},
    )
    course = forms.ModelChoiceField(
        label=_("きっかけの講座（任意）"),
        queryset=TrainingCourse.objects.none(),
        required=False,
        empty_label=_("なし"),
        error_messages={"invalid_choice": _("一覧から選んでください。")},
    )
    magazine_issue = forms.ModelChoiceField(
        label=_("きっかけの求人情報誌（任意）"),
        queryset=MagazineIssue.objects.none(),
        required=False,
        empty_label=_("なし"),
        error_messages={"invalid_choice": _("一覧から選んでください。")},
    )
    end_search = forms.BooleanField(
        label=_("この求職者を「求職中」から外す"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_government = local_government
        self.fields["employer"].queryset = Employer.objects.filter(
            local_government=local_government, status=Employer.Status.APPROVED
        ).order_by("name_kana", "name", "id")
        self.fields["event"].queryset = Event.objects.filter(
            local_government=local_government
        ).order_by("-held_on", "id")
        self.fields["course"].queryset = TrainingCourse.objects.filter(
            local_government=local_government
        ).order_by("-starts_on", "id")
        self.fields["magazine_issue"].queryset = MagazineIssue.objects.filter(
            local_government=local_government
        ).order_by("-number")

    def clean_posting(self):
        number = self.cleaned_data.get("posting")
        if number is None:
            return None
        posting = JobPosting.objects.filter(
            local_government=self.local_government, pk=number
        ).first()
        if posting is None:
            raise forms.ValidationError(_("この番号の求人は見つかりません。"))
        return posting

    def clean(self):
        data = super().clean()
        employer, posting = data.get("employer"), data.get("posting")
        if employer and posting and posting.employer_id != employer.pk:
            self.add_error("posting", _("この求人は選んだ企業の求人ではありません。"))
        return data


class RetentionCheckForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("確認の時期"),
        coerce=int,
        choices=RetentionCheck.Months.choices,
        error_messages={"required": _("確認の時期を選んでください。"), **CHOICE_MESSAGES},
    )
    still_employed = forms.TypedChoiceField(
        label=_("就労を継続していますか"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("継続している")), ("no", _("継続していない（離職した）"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("継続しているかどうかを選んでください。"), **CHOICE_MESSAGES},
    )
    checked_on = _date(_("確認日"))
    left_on = _date(_("離職日"), required=False, help_text=_("継続していないときに入力します。"))
    note = forms.CharField(
        label=_("メモ"),
        max_length=300,
        required=False,
        help_text=_("本人の名前など、本人が分かる情報は書かないでください。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("checked_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_note(self):
        return _no_personal_data(self.cleaned_data["note"])

    def clean(self):
        data = super().clean()
        if (
            data.get("still_employed") is False
            and not data.get("left_on")
            and "left_on" not in self.errors
        ):
            self.add_error("left_on", _("離職日を入力してください。"))
        return data
