"""Access-matrix rows of the events part (merged by access_rows.py).

The secretariat keeps the campaign years, their committee, the events with their participants
and the awareness surveys. The city's departments read the years, events, results and surveys
(their progress reports quote them) and write nothing; those records are the whole city's, so
another department of the city reads them too (`shared`). Every other role is refused (403),
the anonymous sent to log in. The public events page and its iCalendar feed are for everyone."""

from campaigns.models import CommitteeMember
from campaigns.tests.factories import (
    CampaignEventFactory,
    CampaignYearFactory,
    EventParticipationFactory,
)
from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, page_form, staff_only

S = Role.SECRETARIAT
D = Role.DEPARTMENT


def _year(city):
    return CampaignYearFactory(local_government=city.lg, fiscal_year=2026, theme="架空のテーマ")


def _year_kwargs(city) -> dict:
    return {"pk": _year(city).pk}


def _a_year_exists(city) -> dict:
    """The event form needs a year to choose; the URL itself names no record."""
    _year(city)
    return {}


def _event_kwargs(city) -> dict:
    event = CampaignEventFactory(campaign=_year(city))
    EventParticipationFactory(event=event, count=25)
    return {"pk": event.pk}


def _member_kwargs(city) -> dict:
    year = _year(city)
    CommitteeMember.objects.create(local_government=city.lg, campaign=year, name="架空保護司会")
    member = CommitteeMember.objects.create(
        local_government=city.lg, campaign=year, name="架空BBS会", order=1
    )
    return {"pk": member.pk}


def _read(**extra):
    return staff_only(S, D, shared=[D], **extra)


def _write(**extra):
    return staff_only(S, **extra)


def _action(**extra):
    return staff_only(S, ok=REDIRECT, method="post", **extra)


ROWS = {
    "campaigns:index": _read(),
    "campaigns:year_create": _write(
        post=page_form(succeeds=True, fiscal_year="2030", theme="架空のテーマ")
    ),
    "campaigns:year": _read(kwargs=_year_kwargs),
    "campaigns:year_edit": _write(kwargs=_year_kwargs, post=page_form(succeeds=True)),
    "campaigns:member_add": _write(
        kwargs=_year_kwargs, post=page_form(succeeds=True, name="架空更生保護女性会")
    ),
    "campaigns:results": _read(kwargs=_year_kwargs),
    "campaigns:results_csv": _read(kwargs=_year_kwargs),
    "campaigns:member_edit": _write(kwargs=_member_kwargs, post=page_form(succeeds=True)),
    "campaigns:member_move": _action(kwargs=_member_kwargs, data={"direction": "up"}),
    "campaigns:member_remove": _action(kwargs=_member_kwargs),
    "campaigns:events": _read(),
    "campaigns:events_csv": _read(),
    "campaigns:event_create": _write(
        kwargs=_a_year_exists,
        post=page_form(
            succeeds=True,
            title="架空の推進大会",
            starts_on="2026-07-05",
            **{"participants-0-count": "120"},
        ),
    ),
    "campaigns:event": _read(kwargs=_event_kwargs),
    "campaigns:event_edit": _write(kwargs=_event_kwargs, post=page_form(succeeds=True)),
    "campaigns:event_delete": _action(kwargs=_event_kwargs),
    "campaigns:awareness": _read(),
    "campaigns:awareness_save": _write(
        post=page_form(
            succeeds=True, fiscal_year="2026", percent="21.5", sample_size="1000", source="架空"
        )
    ),
    "campaign_events:index": everyone(kwargs="lg"),
    "campaign_events:ical": everyone(kwargs="lg"),
}
