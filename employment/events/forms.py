"""Forms of the events and training courses. They parse and check what a person typed, with
messages in Japanese; the rules that need the database are in the services."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.wareki import fiscal_year_label
from employment.events import selectors
from employment.models import Event, TrainingCourse

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
COUNT = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
MAX_COUNT = 100_000


def _count_field(model, name, required=False):
    field = model._meta.get_field(name)
    return forms.IntegerField(
        label=field.verbose_name,
        help_text=field.help_text,
        required=required,
        min_value=0,
        max_value=MAX_COUNT,
        widget=COUNT,
        error_messages={
            "min_value": gettext_lazy("0以上の数を入力してください。"),
            "max_value": gettext_lazy("大きすぎる数です。"),
            "invalid": gettext_lazy("数字で入力してください。"),
        },
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("種類"), choices=Event.Kind.choices)
    title = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    held_on = forms.DateField(
        label=gettext_lazy("開催日"),
        widget=DATE,
        error_messages={"invalid": gettext_lazy("日付は 2026-11-25 のように入力してください。")},
    )
    held_on_month_only = forms.BooleanField(
        label=Event._meta.get_field("held_on_month_only").verbose_name,
        help_text=Event._meta.get_field("held_on_month_only").help_text,
        required=False,
    )
    venue = forms.CharField(label=gettext_lazy("会場"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    guest_companies = _count_field(Event, "guest_companies")
    guest_participants = _count_field(Event, "guest_participants")
    reported_hires = _count_field(Event, "reported_hires")
    counted_with = forms.ModelChoiceField(
        label=Event._meta.get_field("counted_with").verbose_name,
        help_text=Event._meta.get_field("counted_with").help_text,
        queryset=Event.objects.none(),
        required=False,
        empty_label=gettext_lazy("（合算しない）"),
    )
    note = forms.CharField(
        label=gettext_lazy("備考・出典"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, local_government, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Event.objects.filter(local_government=local_government, counted_with=None)
        if event is not None:
            others = others.exclude(pk=event.pk)
        self.fields["counted_with"].queryset = others.order_by("-held_on", "-id")
        self.fields["counted_with"].label_from_instance = lambda e: (
            f"{e.held_on.isoformat()} {e.title}"
        )

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "kind": event.kind,
            "title": event.title,
            "held_on": event.held_on,
            "held_on_month_only": event.held_on_month_only,
            "venue": event.venue,
            "description": event.description,
            "guest_companies": event.guest_companies,
            "guest_participants": event.guest_participants,
            "reported_hires": event.reported_hires,
            "counted_with": event.counted_with_id,
            "note": event.note,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["guest_companies"] = data.get("guest_companies") or 0
        data["guest_participants"] = data.get("guest_participants") or 0
        return data


class EmployerAddForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=gettext_lazy("参加企業（承認済みの協力雇用主）"),
        queryset=None,
        empty_label=gettext_lazy("（選んでください）"),
        error_messages={
            "required": gettext_lazy("企業を選んでください。"),
            "invalid_choice": gettext_lazy("選べない企業です。一覧から選んでください。"),
        },
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = selectors.addable_employers(event)


class SeekerCodeField(forms.CharField):
    """A job seeker's code (求職者番号), looked up in the local government."""

    def __init__(self, *args, local_government=None, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.local_government = local_government

    def clean(self, value):
        code = unicodedata.normalize("NFKC", super().clean(value) or "").strip()
        if not code:
            return None
        seeker = selectors.seeker_by_code(self.local_government, code)
        if seeker is None:
            raise forms.ValidationError(
                _(
                    "求職者番号「%(code)s」の求職者は登録されていません。"
                    "番号を確かめるか、先に「求職者」の画面で登録してください。"
                )
                % {"code": code}
            )
        return seeker


class ParticipantAddForm(forms.Form):
    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = SeekerCodeField(
            label=_("求職者番号"),
            help_text=_("参加する求職者の番号（例: S-00001）。氏名は入力しません"),
            local_government=local_government,
            error_messages={"required": _("求職者番号を入力してください。")},
        )


class SlotForm(forms.Form):
    """An interview slot: a participating employer, the day, start and end, and optionally
    the seeker (by code) and whether the interview took place."""

    employer = forms.ModelChoiceField(
        label=gettext_lazy("企業"),
        queryset=None,
        empty_label=gettext_lazy("（選んでください）"),
        error_messages={
            "required": gettext_lazy("企業を選んでください。"),
            "invalid_choice": gettext_lazy("この催しの参加企業から選んでください。"),
        },
    )
    day = forms.DateField(
        label=gettext_lazy("日付"),
        widget=DATE,
        error_messages={"invalid": gettext_lazy("日付は 2026-11-25 のように入力してください。")},
    )
    start = forms.TimeField(
        label=gettext_lazy("開始時刻"),
        widget=TIME,
        error_messages={"invalid": gettext_lazy("時刻は 10:00 のように入力してください。")},
    )
    end = forms.TimeField(
        label=gettext_lazy("終了時刻"),
        widget=TIME,
        error_messages={"invalid": gettext_lazy("時刻は 10:30 のように入力してください。")},
    )
    held = forms.BooleanField(label=gettext_lazy("面談を実施した"), required=False)

    def __init__(self, *args, event: Event, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = selectors.event_employers(event)
        self.fields["seeker_code"] = SeekerCodeField(
            label=_("面談する求職者の番号"),
            help_text=_("空欄なら空き枠になります。参加者に登録済みの求職者だけ入れられます"),
            required=False,
            local_government=event.local_government,
        )
        self.order_fields(["employer", "day", "start", "end", "seeker_code", "held"])
        if editing:
            self.fields["employer"].disabled = True
        else:
            del self.fields["held"]

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end))
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("終了時刻は開始時刻より後にしてください。"))
        return data

    @staticmethod
    def initial_for(slot) -> dict:
        start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
        return {
            "employer": slot.employer_id,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "seeker_code": slot.seeker.code if slot.seeker_id else "",
            "held": slot.held,
        }


class HireForm(forms.Form):
    seeker = forms.ModelChoiceField(
        label=gettext_lazy("就職した求職者"),
        queryset=None,
        empty_label=gettext_lazy("（選んでください）"),
        error_messages={
            "required": gettext_lazy("求職者を選んでください。"),
            "invalid_choice": gettext_lazy("一覧の求職者から選んでください。"),
        },
    )
    employer = forms.ModelChoiceField(
        label=gettext_lazy("就職先の企業"),
        queryset=None,
        empty_label=gettext_lazy("（選んでください）"),
        error_messages={
            "required": gettext_lazy("企業を選んでください。"),
            "invalid_choice": gettext_lazy("一覧の企業から選んでください。"),
        },
    )
    started_on = forms.DateField(
        label=gettext_lazy("就職日"),
        widget=DATE,
        error_messages={"invalid": gettext_lazy("日付は 2026-12-01 のように入力してください。")},
    )

    def __init__(self, *args, seekers, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seeker"].queryset = seekers
        self.fields["seeker"].label_from_instance = lambda seeker: seeker.code
        self.fields["employer"].queryset = employers


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("種類"),
        required=False,
        choices=[("", gettext_lazy("すべて")), *Event.Kind.choices],
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years: list[int], **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("すべて"))] + [
            (year, fiscal_year_label(year)) for year in years
        ]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"kind": "", "fiscal_year": None}
        return {"kind": self.cleaned_data["kind"], "fiscal_year": self.cleaned_data["year"]}


# --- training --------------------------------------------------------------------------------


class CourseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("講座名"), max_length=200)
    provider = forms.CharField(label=gettext_lazy("実施機関"), max_length=200, required=False)
    certification = forms.CharField(
        label=gettext_lazy("取得できる資格"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("例: 介護職員初任者研修"),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("開始日"),
        widget=DATE,
        error_messages={"invalid": gettext_lazy("日付は 2026-01-09 のように入力してください。")},
    )
    ends_on = forms.DateField(
        label=gettext_lazy("終了日"),
        widget=DATE,
        required=False,
        error_messages={"invalid": gettext_lazy("日付は 2026-02-13 のように入力してください。")},
    )
    planned_sessions = forms.IntegerField(
        label=gettext_lazy("予定回数"),
        min_value=1,
        max_value=500,
        widget=COUNT,
        error_messages={
            "min_value": gettext_lazy("1回以上にしてください。"),
            "max_value": gettext_lazy("500回以内にしてください。"),
            "invalid": gettext_lazy("数字で入力してください。"),
        },
    )
    reported_sessions = _count_field(TrainingCourse, "reported_sessions")
    reported_participants = _count_field(TrainingCourse, "reported_participants")
    reported_completed = _count_field(TrainingCourse, "reported_completed")
    reported_certified = _count_field(TrainingCourse, "reported_certified")
    reported_hires = _count_field(TrainingCourse, "reported_hires")
    note = forms.CharField(
        label=gettext_lazy("備考・出典"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    REPORTED = (
        "reported_sessions",
        "reported_participants",
        "reported_completed",
        "reported_certified",
        "reported_hires",
    )

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("終了日は開始日と同じか後の日にしてください。"))
        return data

    def main_fields(self):
        return [self[name] for name in self.fields if name not in self.REPORTED]

    def reported_fields(self):
        return [self[name] for name in self.REPORTED]

    @staticmethod
    def initial_for(course: TrainingCourse) -> dict:
        names = (
            "title",
            "provider",
            "certification",
            "starts_on",
            "ends_on",
            "planned_sessions",
            *CourseForm.REPORTED,
            "note",
        )
        return {name: getattr(course, name) for name in names}


# dashes people type for a hyphen (minus sign, hyphen, katakana long vowel mark)
DASHES = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u30fc": "-"})  # i18n-data
DATE_LINE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")  # i18n-data


class SessionsForm(forms.Form):
    """One or more session dates, one a line; they are numbered after the last session."""

    dates = forms.CharField(
        label=gettext_lazy("実施日（1行に1日）"),
        help_text=gettext_lazy(
            "2026-01-09 のように入力します。複数の回をまとめて追加するときは1行に1日ずつ書きます"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": gettext_lazy("実施日を入力してください。")},
    )

    def clean_dates(self) -> list[datetime.date]:
        days, problems = [], []
        for number, line in enumerate(self.cleaned_data["dates"].splitlines(), start=1):
            text = unicodedata.normalize("NFKC", line).translate(DASHES).strip()
            if not text:
                continue
            match = DATE_LINE.fullmatch(text)
            try:
                if not match:
                    raise ValueError
                days.append(datetime.date(int(match[1]), int(match[2]), int(match[3])))
            except ValueError:
                problems.append(
                    _("%(line)s行目「%(text)s」は日付として読めません（例: 2026-01-09）。")
                    % {"line": number, "text": text[:20]}
                )
        if problems:
            raise forms.ValidationError(problems)
        if not days:
            raise forms.ValidationError(_("実施日を入力してください。"))
        if len(days) > 200:
            raise forms.ValidationError(_("一度に追加できるのは200回までです。"))
        return days


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("実施日"),
        widget=DATE,
        error_messages={"invalid": gettext_lazy("日付は 2026-01-09 のように入力してください。")},
    )


class EnrollForm(ParticipantAddForm):
    pass


class EnrollmentForm(forms.Form):
    completed = forms.BooleanField(label=gettext_lazy("修了"), required=False)
    certified_on = forms.DateField(
        label=gettext_lazy("資格取得日"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("資格を取得していなければ空欄"),
        error_messages={"invalid": gettext_lazy("日付は 2026-03-01 のように入力してください。")},
    )


class CourseFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years: list[int], **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("すべて"))] + [
            (year, fiscal_year_label(year)) for year in years
        ]

    def fiscal_year(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["year"]
