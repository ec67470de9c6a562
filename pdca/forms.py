"""Forms of the PDCA back office. Business rules live in pdca.services; forms only parse."""

import datetime

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.wareki import fiscal_year_label, year_label
from pdca.models import EVALUATION_DEFINITIONS, Evaluation, ReportingCycle
from pdca.services import MAX_FIGURES

FIGURE_ROWS = 5
assert FIGURE_ROWS <= MAX_FIGURES


class CycleOpenForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("対象年度"), coerce=int)
    deadline = forms.DateField(
        label=_("提出期限"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "はじめは、対象年度が終わった翌年の5月31日を入れています。その日が過ぎていれば、"
            "今日から30日後です。変えてもかまいません。"
        ),
        error_messages={"invalid": _("日付は 2026-05-31 のように入力してください。")},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [
            (year, fiscal_year_label(year))
            for year in range(plan.start_fiscal_year, plan.end_fiscal_year + 1)
        ]


class CycleEditForm(forms.Form):
    deadline = forms.DateField(
        label=_("提出期限"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日付は 2026-05-31 のように入力してください。")},
    )
    status = forms.ChoiceField(label=_("状態"), choices=ReportingCycle.Status.choices)


def _evaluation_choices():
    return [
        (value, mark_safe(f"{label}<span class='meta'>　{EVALUATION_DEFINITIONS[value]}</span>"))  # noqa: S308 - our own constants
        for value, label in Evaluation.choices
    ]


class ReportForm(forms.Form):
    actions = forms.CharField(
        label=_("実施内容"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    results = forms.CharField(
        label=_("実績"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evaluation = forms.ChoiceField(
        label=_("自己評価"), required=False, widget=forms.RadioSelect, choices=()
    )
    issues = forms.CharField(
        label=_("課題"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("今後の方向性"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluation"].choices = _evaluation_choices()
        initial_figures = (self.initial or {}).get("figures") or []
        for index in range(1, FIGURE_ROWS + 1):
            row = initial_figures[index - 1] if index <= len(initial_figures) else {}
            self.fields[f"figure_{index}_label"] = forms.CharField(
                label=_("数値%(n)s 項目") % {"n": index},
                required=False,
                max_length=100,
                initial=row.get("label", ""),
            )
            self.fields[f"figure_{index}_value"] = forms.CharField(
                label=_("数値%(n)s 値") % {"n": index},
                required=False,
                max_length=30,
                initial=row.get("value", ""),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"figure_{index}_unit"] = forms.CharField(
                label=_("数値%(n)s 単位") % {"n": index},
                required=False,
                max_length=20,
                initial=row.get("unit", ""),
            )

    def text_fields(self):
        return [self[name] for name in ("actions", "results")]

    def late_fields(self):
        return [self[name] for name in ("issues", "next_steps")]

    def figure_rows(self):
        return [
            [self[f"figure_{i}_{part}"] for part in ("label", "value", "unit")]
            for i in range(1, FIGURE_ROWS + 1)
        ]

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data.get(name, "")
            for name in ("actions", "results", "evaluation", "issues", "next_steps")
        }
        data["figures"] = [
            {
                part: self.cleaned_data.get(f"figure_{i}_{part}", "")
                for part in ("label", "value", "unit")
            }
            for i in range(1, FIGURE_ROWS + 1)
        ]
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("判定"),
        widget=forms.RadioSelect,
        choices=[("accepted", _("承認する")), ("returned", _("差し戻す"))],
        error_messages={"required": _("承認するか差し戻すかを選んでください。")},
    )
    comment = forms.CharField(
        label=_("コメント"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("差し戻すときは、直してほしい点を具体的に書いてください。"),
    )


class IndicatorValueForm(forms.Form):
    """An indicator's actual for one period. The periods offered are the indicator's own
    kind (年 or 年度), newest first, with 和暦. For an indicator that reads a statistics
    series the source is the series' (every value of a series carries it), so the form has
    no source field and no publish choice (statistics are public)."""

    period = forms.TypedChoiceField(
        label=_("年（度）"),
        coerce=int,
        error_messages={
            "required": _("年（度）を選んでください。"),
            "invalid_choice": _("一覧にある年（度）を選んでください。"),
        },
    )
    value = forms.DecimalField(
        label=_("実績値"),
        max_digits=14,
        decimal_places=3,
        error_messages={
            "required": _("実績値を入力してください。"),
            "invalid": _("実績値は数字で入力してください（例: 512）。"),
            "max_digits": _("実績値の桁が多すぎます。"),
            "max_decimal_places": _("小数は第3位までにしてください。"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    source = forms.CharField(
        label=_("出典"),
        max_length=200,
        help_text=_("どの資料の値かを書きます。例: 熊本県警察「犯罪統計」（令和4年）"),
        error_messages={"required": _("出典を入力してください（どの資料の値か）。")},
    )
    note = forms.CharField(
        label=_("備考"),
        required=False,
        max_length=300,
        help_text=_("任意。300字まで。"),
    )
    publish = forms.BooleanField(label=_("公表する"), required=False, initial=True)

    def __init__(self, *args, indicator, periods: list[int], kind: str, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        labeller = fiscal_year_label if kind == "fiscal_year" else year_label
        word = _("年度") if kind == "fiscal_year" else _("年")
        field = self.fields["period"]
        field.label = word
        field.choices = [("", _("選んでください"))] + [
            (year, labeller(year)) for year in sorted(periods, reverse=True)
        ]
        field.help_text = _(
            "この指標は%(word)sごとの値です。すでに値がある%(word)sを選ぶと、その値を上書きします。"
        ) % {"word": word}
        self.fields["value"].label = _("実績値（%(unit)s）") % {"unit": indicator.unit}
        self.fields["value"].help_text = _("数字で入力します（0以上、小数は第3位まで）。")
        if series is not None:
            del self.fields["source"]
            del self.fields["publish"]
            self.fields["note"].help_text = _(
                "任意。統計のページに値の注記として出ます。300字まで。"
            )


DEADLINE_GRACE_DAYS = 30


def default_deadline(fiscal_year: int, today: datetime.date) -> datetime.date:
    """The deadline proposed when a cycle opens. The plan states no deadline (it says only
    that progress is examined regularly), so the rule is ours: reports on a fiscal year are
    due after it ends, on 31 May of the next calendar year (two months after the year
    closes); when that day is today or already past (a cycle opened late), 30 days from
    today. Never in the past."""
    usual = datetime.date(fiscal_year + 1, 5, 31)
    if usual > today:
        return usual
    return today + datetime.timedelta(days=DEADLINE_GRACE_DAYS)
