"""Forms of a progress report and its review. Business rules live in pdca.reports.services;
forms only parse."""

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pdca.models import EVALUATION_DEFINITIONS, Evaluation
from pdca.reports.services import MAX_FIGURES

FIGURE_ROWS = 5
assert FIGURE_ROWS <= MAX_FIGURES


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
