"""Forms of the volunteers part: a year's 保護司 figures, a recruitment activity, and the
filters of the activities' list (junk in the query string is ignored, never a 500)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from campaigns.models import RecruitmentActivity
from campaigns.volunteers import selectors
from core.wareki import fiscal_year_label, year_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
MAX_COUNT = 100_000
COUNT_ERRORS = {
    "min_value": gettext_lazy("0以上の数を入力してください。"),
    "max_value": gettext_lazy("大きすぎる数です。"),
    "invalid": gettext_lazy("数字で入力してください。"),
    "required": gettext_lazy("数を入力してください。"),
}


class OfficerFiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("年"), coerce=int)
    count = forms.IntegerField(
        label=gettext_lazy("保護司数（人）"),
        min_value=0,
        max_value=MAX_COUNT,
        widget=NUMBER,
        error_messages=COUNT_ERRORS,
    )
    average_age = forms.DecimalField(
        label=gettext_lazy("平均年齢（歳）"),
        required=False,
        min_value=Decimal(18),
        max_value=Decimal(120),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=gettext_lazy("小数第2位まで（例: 64.03）。分からなければ空欄のままにします。"),
        error_messages={
            "min_value": gettext_lazy("18以上の数を入力してください。"),
            "max_value": gettext_lazy("120以下の数を入力してください。"),
            "invalid": gettext_lazy("数字で入力してください（例: 64.03）。"),
            "max_decimal_places": gettext_lazy("小数第2位までにしてください。"),
            "max_digits": gettext_lazy("数が長すぎます。"),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("基準日"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "いつ現在の数か（例: 1月末現在）。年度の指標は、この日が属する年度の実績として読みます。"
        ),
    )

    def __init__(self, *args, as_of: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - 15, -1)
        self.fields["year"].choices = [(year, year_label(year)) for year in years]
        self.fields["note"].initial = as_of


class RecruitmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("種類"), choices=RecruitmentActivity.Kind.choices)
    held_on = forms.DateField(
        label=gettext_lazy("実施日"),
        widget=DATE,
        error_messages={
            "invalid": gettext_lazy("日付は 2026-06-01 のように入力してください。"),
            "required": gettext_lazy("実施日を入力してください。"),
        },
    )
    audience = forms.CharField(
        label=gettext_lazy("対象・相手"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("例: 定年退職予定の市職員、〇〇地区の自治会"),
    )
    count = forms.IntegerField(
        label=gettext_lazy("数"),
        min_value=0,
        max_value=MAX_COUNT,
        widget=NUMBER,
        help_text=gettext_lazy(
            "チラシは配布した部数、説明会は参加者数、候補者の推薦は推薦した人数を入力します。"
        ),
        error_messages=COUNT_ERRORS,
    )
    measure = forms.TypedChoiceField(
        label=gettext_lazy("報告する計画の取組"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy(
            "選ぶと、その取組の進捗状況報告を書く担当課に、この年度の記録として表示されます。"
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("メモ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, local_government, activity: RecruitmentActivity | None = None, **kw):
        if activity is not None and "initial" not in kw:
            kw["initial"] = {
                "kind": activity.kind,
                "held_on": activity.held_on,
                "audience": activity.audience,
                "count": activity.count,
                "measure": activity.measure_id,
                "note": activity.note,
            }
        super().__init__(*args, **kw)
        suggested, others = selectors.measure_choices(
            local_government, activity.measure if activity is not None else None
        )
        self.measures = {measure.pk: measure for measure in [*suggested, *others]}
        choices = [("", gettext_lazy("（選ばない）"))]
        if suggested:
            choices.append(
                (
                    gettext_lazy("保護司にふれている取組"),
                    [(m.pk, selectors.measure_label(m)) for m in suggested],
                )
            )
        if others:
            choices.append(
                (gettext_lazy("その他の取組"), [(m.pk, selectors.measure_label(m)) for m in others])
            )
        self.fields["measure"].choices = choices

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["measure"] = self.measures.get(data.get("measure"))
        return data


class RecruitmentFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("種類"),
        required=False,
        choices=[("", gettext_lazy("すべて")), *RecruitmentActivity.Kind.choices],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", gettext_lazy("すべて"))] + [
            (year, fiscal_year_label(year)) for year in years
        ]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"fiscal_year": None, "kind": ""}
        return {
            "fiscal_year": self.cleaned_data["fiscal_year"],
            "kind": self.cleaned_data["kind"],
        }
