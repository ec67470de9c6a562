"""The kind of period a value is counted over: a fiscal year (年度, April to March) or a
calendar year (年). Plans' indicators and the statistics series both use it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    FISCAL_YEAR = "fiscal_year", _("年度")
    CALENDAR_YEAR = "calendar_year", _("年（暦年）")
