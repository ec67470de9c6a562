"""The form of an indicator's actual value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.wareki import fiscal_year_label, year_label


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
