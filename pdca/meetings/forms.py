"""Forms of the meetings pages. They parse input only; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import wareki
from core.web.params import is_id
from pdca.meetings import selectors
from pdca.models import FollowUpItem, Meeting
from plans.models import Department, Measure, PartnerOrganization

DATE_INPUT = {"type": "date"}


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses a value that cannot be an id before it is queried."""

    def to_python(self, value):
        if value not in self.empty_values and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values that cannot be ids before querying."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def _date_field(label, *, required: bool, required_message=None) -> forms.DateField:
    messages = {"invalid": _("日付は 2025-05-20 のように入力してください。")}
    if required_message:
        messages["required"] = required_message
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages=messages,
    )


class MeetingFilterForm(forms.Form):
    """The meeting list's filters and sort order (all optional)."""

    kind = forms.ChoiceField(
        label=_("会議の種類"),
        required=False,
        choices=[("", _("すべて")), *Meeting.Kind.choices],
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("年度"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for key in selectors.MEETING_SORTS],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, fiscal_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("すべて"))] + [
            (year, wareki.fiscal_year_label(year)) for year in fiscal_years
        ]

    def filters(self) -> dict:
        """The filters to apply: the valid ones (an invalid value is reported and ignored)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        return {
            "kind": data.get("kind") or "",
            "fiscal_year": data.get("fiscal_year"),
            "sort": data.get("sort") or selectors.DEFAULT_MEETING_SORT,
        }


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("会議の種類"),
        choices=Meeting.Kind.choices,
        initial=Meeting.Kind.SECTION_CHIEFS,
        error_messages={"required": _("会議の種類を選んでください。")},
    )
    title = forms.CharField(
        label=_("会議名"),
        required=False,
        max_length=200,
        help_text=_(
            "空欄のときは「令和7年度 第1回 再犯防止推進関係課長会議」のように、種類・年度・回数から自動で付けます。"
        ),
    )
    held_on = _date_field(
        _("開催日"), required=True, required_message=_("開催日を入力してください。")
    )
    place = forms.CharField(label=_("場所"), required=False, max_length=200)
    attending_departments = IdMultipleChoiceField(
        label=_("出席した課"),
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("一覧にある課を選んでください。")},
        help_text=_("選んだ課の担当者は、この会議の記録を見られるようになります。"),
    )
    attending_organizations = IdMultipleChoiceField(
        label=_("出席した機関・団体"),
        required=False,
        queryset=PartnerOrganization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("一覧にある機関・団体を選んでください。")},
        help_text=_("再犯防止推進連絡会の構成機関・団体を、連絡会の番号順に先に並べています。"),
    )
    agenda = forms.CharField(
        label=_("議題"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=_("議事録"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label=_("決定事項"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    CHOICE_LISTS = ("attending_departments", "attending_organizations")

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        departments = self.fields["attending_departments"]
        departments.queryset = selectors.meeting_departments(local_government)
        departments.label_from_instance = lambda department: department.full_name
        organizations = self.fields["attending_organizations"]
        organizations.queryset = selectors.meeting_organizations(local_government)
        organizations.label_from_instance = lambda organization: (
            _("%(number)s. %(name)s（連絡会）")
            % {"number": organization.council_number, "name": organization.full_name}
            if organization.council_number is not None
            else organization.full_name
        )

    def simple_fields(self):
        return [field for field in self if field.name not in self.CHOICE_LISTS]

    def choice_lists(self):
        return [self[name] for name in self.CHOICE_LISTS]

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        return {
            "kind": meeting.kind,
            "title": meeting.title,
            "held_on": meeting.held_on,
            "place": meeting.place,
            "attending_departments": [d.pk for d in meeting.attending_departments.all()],
            "attending_organizations": [o.pk for o in meeting.attending_organizations.all()],
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
        }


class FollowUpForm(forms.Form):
    description = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("内容を入力してください。")},
    )
    measure = IdChoiceField(
        label=_("関連する取組"),
        required=False,
        empty_label=_("（なし）"),
        queryset=Measure.objects.none(),
        error_messages={"invalid_choice": _("この会議の計画の取組を選んでください。")},
    )
    department = IdChoiceField(
        label=_("担当課"),
        required=False,
        empty_label=_("（なし）"),
        queryset=Department.objects.none(),
        help_text=_("選んだ課の担当者が、この事項を見て状態を更新できます。"),
        error_messages={"invalid_choice": _("一覧にある課を選んでください。")},
    )
    due_on = _date_field(_("期限"), required=False)
    status = forms.ChoiceField(
        label=_("状態"), choices=FollowUpItem.Status.choices, initial=FollowUpItem.Status.OPEN
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = selectors.plan_measures(meeting.plan)
        self.fields["measure"].label_from_instance = selectors.measure_label
        self.fields["department"].queryset = selectors.meeting_departments(meeting.local_government)
        self.fields["department"].label_from_instance = lambda department: department.full_name

    @staticmethod
    def initial_for(item: FollowUpItem) -> dict:
        return {
            "description": item.description,
            "measure": item.measure_id,
            "department": item.department_id,
            "due_on": item.due_on,
            "status": item.status,
        }


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"),
        choices=FollowUpItem.Status.choices,
        error_messages={
            "required": _("状態を選んでください。"),
            "invalid_choice": _("状態を選んでください。"),
        },
    )


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[
            ("", _("すべて")),
            (selectors.NOT_DONE, _("未完了（未着手・対応中）")),
            *FollowUpItem.Status.choices,
        ],
    )

    def status_filter(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_bound and self.is_valid() else ""
