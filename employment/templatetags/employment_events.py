"""Template filters of the events and training pages (and of any record whose date may be
known only to the month, such as the historic magazine issues of a plan package)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from core import wareki

register = template.Library()


def month_label(day: datetime.date) -> str:
    """Return e.g. '令和元年（2019年）11月'."""
    name, number = wareki.era_of(day)
    era = wareki._era_year_label(name, number)  # the same era wording as date_label
    return _("%(era)s年（%(year)s年）%(month)s月") % {
        "era": era,
        "year": day.year,
        "month": day.month,
    }


@register.filter
def date_or_month(day, month_only=False):
    """A date as 令和元年（2019年）11月25日, or only its month when that is all that is known."""
    if not day:
        return ""
    return month_label(day) if month_only else wareki.date_label(day)


@register.filter
def event_date(event):
    """An event's date, to the month when only the month is known."""
    return date_or_month(event.held_on, event.held_on_month_only)


@register.filter
def time_range(slot):
    """A slot's local time: 10:00〜10:30."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    if start.date() != end.date():
        return f"{start:%H:%M}〜{end:%m/%d %H:%M}"
    return f"{start:%H:%M}〜{end:%H:%M}"


@register.filter
def percent(rate):
    """0.875 -> 87.5%; None -> ''."""
    if rate is None:
        return ""
    value = round(rate * 100, 1)
    return f"{value:g}%"


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None
