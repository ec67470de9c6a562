"""Forms of the PDCA back office. Business rules live in pdca.services; forms only parse."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.wareki import fiscal_year_label
from pdca.models import ReportingCycle


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
