"""Forms of the campaign years, committee members, events (with their participants by kind,
a formset on the same page) and awareness surveys. They parse what a person typed, with
messages in Japanese; the rules that need the database are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from campaigns.models import (
    AwarenessSurvey,
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventKind,
    ParticipantKind,
)
from core.wareki import fiscal_year_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_ERRORS = {"invalid": gettext_lazy("日付は 2026-07-01 のように入力してください。")}
TIME_ERRORS = {"invalid": gettext_lazy("時刻は 13:30 のように入力してください。")}
COUNT_ERRORS = {
    "min_value": gettext_lazy("0以上の数を入力してください。"),
    "max_value": gettext_lazy("大きすぎる数です。"),
    "invalid": gettext_lazy("数字で入力してください。"),
}
MAX_COUNT = 10_000_000


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _text(model, name, *, required=False, textarea=False):
    model_field = model._meta.get_field(name)
    return forms.CharField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        required=required,
        max_length=getattr(model_field, "max_length", None) or 4000,
        widget=forms.Textarea(attrs={"rows": 3}) if textarea else None,
    )


class CampaignYearForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("年度（西暦）"),
        help_text=gettext_lazy("例: 2026（令和8年度）。運動の月（7月）がある年度です。"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": gettext_lazy("2000〜2100の年度を入力してください。"),
            "max_value": gettext_lazy("2000〜2100の年度を入力してください。"),
            "invalid": gettext_lazy("年度は 2026 のように数字で入力してください。"),
        },
    )
    theme = _text(CampaignYear, "theme")
    slogan = _text(CampaignYear, "slogan")
    note = _text(CampaignYear, "note", textarea=True)
    source_note = _text(CampaignYear, "source_note")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["fiscal_year"]


class CommitteeMemberForm(forms.Form):
    name = _text(CommitteeMember, "name", required=True)
    position = _text(CommitteeMember, "position")


class EventForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("年度"), queryset=CampaignYear.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_label(CampaignEvent, "kind"), choices=EventKind.choices)
    title = _text(CampaignEvent, "title", required=True)
    starts_on = forms.DateField(
        label=_label(CampaignEvent, "starts_on"),
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text=gettext_lazy(
            "開催日の年度の参加者数が指標（行事参加人数・推進大会参加人数）に数えられます。"
            "未定なら空欄にします。"
        ),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("終了日（複数日のとき）"),
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
    )
    start_time = forms.TimeField(
        label=_label(CampaignEvent, "start_time"),
        required=False,
        widget=TIME,
        error_messages=TIME_ERRORS,
    )
    end_time = forms.TimeField(
        label=_label(CampaignEvent, "end_time"),
        required=False,
        widget=TIME,
        error_messages=TIME_ERRORS,
    )
    place = _text(CampaignEvent, "place")
    organizer = _text(CampaignEvent, "organizer")
    description = _text(CampaignEvent, "description", textarea=True)
    is_public = forms.BooleanField(
        label=gettext_lazy("公開の行事ページとカレンダーに載せる"), required=False
    )
    source_note = _text(CampaignEvent, "source_note")

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        field.queryset = CampaignYear.objects.filter(local_government=local_government).order_by(
            "-fiscal_year"
        )
        field.label_from_instance = lambda year: fiscal_year_label(year.fiscal_year)

    @staticmethod
    def initial_for(event: CampaignEvent) -> dict:
        return {name: getattr(event, name) for name in EventForm.base_fields} | {
            "campaign": event.campaign_id
        }

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ParticipationForm(forms.Form):
    """The participants of one kind (the kind is fixed by the formset's initial data)."""

    kind = forms.ChoiceField(choices=ParticipantKind.choices, widget=forms.HiddenInput)
    count = forms.IntegerField(
        label=gettext_lazy("人数"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )

    @property
    def kind_label(self) -> str:
        kind = self.initial.get("kind") or self.data.get(self.add_prefix("kind"))
        return dict(ParticipantKind.choices).get(kind, "")


class BaseParticipationFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        kinds = [form.cleaned_data.get("kind") for form in self.forms if form.cleaned_data]
        if len(kinds) != len(set(kinds)):
            raise forms.ValidationError(gettext_lazy("同じ区分が二度あります。"))

    def counts(self) -> dict[str, int | None]:
        return {
            form.cleaned_data["kind"]: form.cleaned_data.get("count")
            for form in self.forms
            if form.cleaned_data.get("kind")
        }


ParticipationFormSet = forms.formset_factory(
    ParticipationForm,
    formset=BaseParticipationFormSet,
    extra=0,
    max_num=len(ParticipantKind.values),
    validate_max=True,
    absolute_max=len(ParticipantKind.values),
)


def participation_formset(data=None, *, counts: dict[str, int] | None = None):
    """One row per participant kind, with the event's counts (if any)."""
    counts = counts or {}
    initial = [{"kind": kind, "count": counts.get(kind)} for kind in ParticipantKind.values]
    return ParticipationFormSet(data, initial=initial, prefix="participants")


class EventFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("年度"),
        queryset=CampaignYear.objects.none(),
        required=False,
        empty_label=gettext_lazy("すべての年度"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("種類"),
        choices=[("", gettext_lazy("すべての種類")), *EventKind.choices],
        required=False,
    )

    def __init__(self, *args, local_government, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        field.queryset = CampaignYear.objects.filter(local_government=local_government).order_by(
            "-fiscal_year"
        )
        field.label_from_instance = lambda year: fiscal_year_label(year.fiscal_year)

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"campaign": None, "kind": ""}
        return {"campaign": self.cleaned_data["campaign"], "kind": self.cleaned_data["kind"]}


class AwarenessSurveyForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("年度（西暦）"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": gettext_lazy("2000〜2100の年度を入力してください。"),
            "max_value": gettext_lazy("2000〜2100の年度を入力してください。"),
            "invalid": gettext_lazy("年度は 2026 のように数字で入力してください。"),
        },
    )
    percent = forms.DecimalField(
        label=_label(AwarenessSurvey, "percent"),
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "min_value": gettext_lazy("0〜100の数を入力してください。"),
            "max_value": gettext_lazy("0〜100の数を入力してください。"),
            "invalid": gettext_lazy("数字で入力してください（例: 18.5）。"),
            "max_decimal_places": gettext_lazy("小数点以下は1桁までです。"),
            "max_digits": gettext_lazy("0〜100の数を入力してください。"),
        },
    )
    sample_size = forms.IntegerField(
        label=_label(AwarenessSurvey, "sample_size"),
        min_value=1,
        max_value=MAX_COUNT,
        error_messages=COUNT_ERRORS | {"min_value": gettext_lazy("1以上の数を入力してください。")},
    )
    source = _text(AwarenessSurvey, "source", required=True)
    surveyed_on = forms.DateField(
        label=_label(AwarenessSurvey, "surveyed_on"),
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
    )
    note = _text(AwarenessSurvey, "note", textarea=True)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("fiscal_year")
        return data
