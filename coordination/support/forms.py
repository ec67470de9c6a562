"""Forms of a case's support: they parse input and give field-level messages in Japanese;
coordination.support.services validates again and writes."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.access import NEVER_IN_TEAM
from coordination.models import NeedArea, NeedLevel, OutcomeKind, PlanItem
from coordination.support.services import areas_in_pillar_order

CHOICE_MESSAGES = {
    "invalid_choice": _("一覧から選んでください。"),
    "invalid_list": _("一覧から選んでください。"),
    "invalid_pk_value": _("一覧から選んでください。"),
}
ACTION_ROWS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": _("日付を入力してください。"),
            "invalid": _("日付は 2026-04-01 の形で入力してください。"),
        },
    )


def text_field(label, *, max_length, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("入力してください。"),
            "max_length": _("%(limit_value)d 文字以内で入力してください。"),
        },
    )


def organization_field(label, organizations, *, required=True):
    return forms.ModelChoiceField(
        label=label,
        queryset=organizations,
        required=required,
        empty_label=_("選んでください"),
        error_messages={"required": _("担当する組織を選んでください。"), **CHOICE_MESSAGES},
    )


def team_organizations(case, team_ids):
    """Never an employer or a housing provider (they receive an application or a housing
    referral; they are not members who work on the case)."""
    return (
        Organization.objects.filter(pk__in=team_ids, local_government_id=case.local_government_id)
        .exclude(kind__in=NEVER_IN_TEAM)
        .order_by("name")
    )


class AssessmentForm(forms.Form):
    """One level and one note per area, in pillar order."""

    assessed_on = date_field(_("評価日"))

    def __init__(self, *args, initial_needs=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("assessed_on", timezone.localdate())
        for area, (level, _note) in (initial_needs or {}).items():
            initial.setdefault(f"level_{area}", level)
        super().__init__(*args, **kwargs)
        for area in areas_in_pillar_order():
            self.fields[f"level_{area}"] = forms.TypedChoiceField(
                label=NeedArea(area).label,
                choices=NeedLevel.choices,
                coerce=int,
                widget=forms.RadioSelect,
                initial=NeedLevel.NONE,
                error_messages={"required": _("必要度を選んでください。"), **CHOICE_MESSAGES},
            )
            self.fields[f"note_{area}"] = text_field(
                _("%(area)sについてのメモ") % {"area": NeedArea(area).label}, max_length=2000
            )

    def area_fields(self):
        """(area label, level field, note field) per area, for the template."""
        return [
            (NeedArea(area).label, self[f"level_{area}"], self[f"note_{area}"])
            for area in areas_in_pillar_order()
        ]

    def needs(self) -> dict:
        data = self.cleaned_data
        return {
            area: (data[f"level_{area}"], data.get(f"note_{area}", ""))
            for area in areas_in_pillar_order()
        }


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種類"),
        choices=PlanItem.Kind.choices,
        widget=forms.RadioSelect,
        initial=PlanItem.Kind.ACTION,
        error_messages={"required": _("目標か取り組みかを選んでください。"), **CHOICE_MESSAGES},
    )
    text = text_field(_("内容"), max_length=1000, required=True)
    area = forms.ChoiceField(
        label=_("分野（任意）"),
        choices=[("", _("選ばない")), *NeedArea.choices],
        required=False,
        error_messages=CHOICE_MESSAGES,
    )
    goal = forms.ModelChoiceField(
        label=_("どの目標のための取り組みか（任意）"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("目標を選ばない"),
        help_text=_("取り組みのときだけ使います。"),
        error_messages=CHOICE_MESSAGES,
    )
    owner_organization = organization_field(
        _("担当する組織"), Organization.objects.none(), required=False
    )
    due_on = date_field(_("期限（任意）"), required=False)

    def __init__(self, *args, case, team_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = PlanItem.objects.filter(case=case, kind=PlanItem.Kind.GOAL)
        self.fields["goal"].label_from_instance = lambda goal: goal.text
        self.fields["owner_organization"].queryset = team_organizations(case, team_ids)
        self.fields["owner_organization"].help_text = _(
            "取り組みには必須です。ケースのチームの組織から選びます。"
        )


class PlanItemEditForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"),
        choices=PlanItem.Status.choices,
        error_messages={"required": _("状態を選んでください。"), **CHOICE_MESSAGES},
    )
    due_on = date_field(_("期限（任意）"), required=False)
    text = text_field(_("内容"), max_length=1000, required=True)


class ConferenceForm(forms.Form):
    held_on = date_field(_("開催日"))
    organizations = forms.ModelMultipleChoiceField(
        label=_("参加した組織"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("ケースのチームの組織だけが参加できます。"),
        error_messages={"required": _("参加した組織を一つ以上選んでください。"), **CHOICE_MESSAGES},
    )
    attendees = text_field(
        _("参加者"), max_length=1000, rows=2, help_text=_("氏名と所属（例: 保護観察官 ○○）")
    )
    agenda = text_field(_("議題"), max_length=2000)
    notes = text_field(_("記録"), max_length=5000, rows=6)
    decisions = text_field(_("決定事項"), max_length=2000)

    def __init__(self, *args, case, team_ids, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = team_organizations(case, team_ids)
        self.fields["organizations"].queryset = organizations
        for number in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{number}_text"] = text_field(
                _("取り組み%(number)d の内容") % {"number": number}, max_length=1000, rows=2
            )
            self.fields[f"action_{number}_owner"] = organization_field(
                _("取り組み%(number)d を担当する組織") % {"number": number},
                organizations,
                required=False,
            )
            self.fields[f"action_{number}_due"] = date_field(
                _("取り組み%(number)d の期限") % {"number": number}, required=False
            )

    def main_fields(self):
        return [self[name] for name in ("held_on", "organizations", "attendees", "agenda")] + [
            self[name] for name in ("notes", "decisions")
        ]

    def action_rows(self):
        return [
            (
                number,
                self[f"action_{number}_text"],
                self[f"action_{number}_owner"],
                self[f"action_{number}_due"],
            )
            for number in range(1, ACTION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        for number in range(1, ACTION_ROWS + 1):
            text = (data.get(f"action_{number}_text") or "").strip()
            owner = data.get(f"action_{number}_owner")
            due = data.get(f"action_{number}_due")
            if (owner or due) and not text:
                self.add_error(f"action_{number}_text", _("取り組みの内容を入力してください。"))
            if text and owner is None and f"action_{number}_owner" not in self.errors:
                self.add_error(f"action_{number}_owner", _("担当する組織を選んでください。"))
        return data

    def actions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "text": data[f"action_{number}_text"],
                "owner": data[f"action_{number}_owner"],
                "due_on": data.get(f"action_{number}_due"),
            }
            for number in range(1, ACTION_ROWS + 1)
            if (data.get(f"action_{number}_text") or "").strip()
        ]


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("成果"),
        choices=[("", _("選んでください")), *OutcomeKind.choices],
        error_messages={"required": _("成果の種類を選んでください。"), **CHOICE_MESSAGES},
    )
    achieved_on = date_field(_("日付"))
    note = text_field(_("メモ（任意）"), max_length=1000)


class FiscalYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=(), error_messages=CHOICE_MESSAGES
    )

    def __init__(self, *args, years, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, labels(year)) for year in years]
