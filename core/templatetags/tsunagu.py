import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core import wareki
from core.web.params import is_digits

register = template.Library()


@register.filter
def year_label(year):
    """2021 -> 令和3年（2021年）"""
    return wareki.year_label(int(year)) if year else ""


@register.filter
def fiscal_year_label(year):
    """2021 -> 令和3年度（2021年度）"""
    return wareki.fiscal_year_label(int(year)) if year else ""


@register.filter
def date_label(day):
    """A date, or the local date of a datetime: 令和8年（2026年）11月28日"""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return wareki.date_label(day)


@register.filter
def period_label(year, kind):
    """A year with its kind: fiscal_year -> 令和元年度（2019年度）, calendar_year -> 令和元年（2019年）."""
    if not year:
        return ""
    return (
        wareki.fiscal_year_label(int(year))
        if kind == "fiscal_year"
        else wareki.year_label(int(year))
    )


@register.filter
def number(value):
    """A number with thousands separators and no trailing zeros: 8311.000 -> 8,311; 62.500 -> 62.5."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


@register.filter
def paragraphs(text):
    """Each line of a plan text as a paragraph (the text is escaped)."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return format_html_join(mark_safe(""), "<p>{}</p>", ((line,) for line in lines))


@register.filter
def tel_href(phone):
    """096-328-2397 -> tel:0963282397"""
    digits = "".join(ch for ch in (phone or "") if is_digits(ch) or ch == "+")
    return f"tel:{digits}" if digits else ""
