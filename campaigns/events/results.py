"""The tables of the campaign's CSV downloads: the event list and a year's results."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.events.selectors import Results
from campaigns.models import ParticipantKind
from core.wareki import fiscal_year_label


def events_table(events) -> list[list]:
    """The events as shown in the list (filters applied), one row each."""
    header = [
        _("開催日"),
        _("終了日"),
        _("種類"),
        _("名称"),
        _("場所"),
        _("主催"),
        _("年度"),
        _("参加者数"),
        _("公開"),
        _("架空"),
        _("出典"),
    ]
    rows = [
        [
            event.starts_on.isoformat() if event.starts_on else "",
            event.ends_on.isoformat() if event.ends_on else "",
            event.get_kind_display(),
            event.title,
            event.place,
            event.organizer,
            fiscal_year_label(event.campaign.fiscal_year),
            event.participants,
            _("はい") if event.is_public else _("いいえ"),
            _("はい") if event.is_fictional else "",
            event.source_note,
        ]
        for event in events.iterator(chunk_size=2000)
    ]
    return [header, *rows]


def results_table(results: Results) -> list[list]:
    """The year's participants: one row per event kind, a column per participant kind."""
    header = [
        _("行事の種類"),
        _("行事数"),
        *[label for _kind, label in ParticipantKind.choices],
        _("参加者数の合計"),
    ]
    rows = [[row.label, row.events, *row.cells(), row.total] for row in results.rows]
    totals = results.totals
    rows.append([_("合計"), totals.events, *totals.cells(), totals.total])
    return [header, *rows]
