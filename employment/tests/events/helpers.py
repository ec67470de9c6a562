"""Helpers shared by the test modules of this folder."""

import datetime

from django.utils import timezone

from core.roles import Role
from employment.events import services
from employment.models import Employer, EventParticipant
from employment.tests.factories import (
    EmployerFactory,
    EventFactory,
    JobSeekerFactory,
)

DAY = datetime.date(2026, 11, 1)


def secretariat(city):
    return city.users[Role.SECRETARIAT]


def own_company(city) -> Employer:
    organization = city.users[Role.EMPLOYER].organization
    return Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name
    )


def seeker(city, code):
    return JobSeekerFactory(code=code, supporter_organization=city.users[Role.PARTNER].organization)


def at(hour, minute=0, day=DAY):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def event_with(city, *, employers=(), seekers=(), **extra):
    event = EventFactory(local_government=city.lg, held_on=DAY, **extra)
    for employer in employers:
        event.employers.add(employer)
    for person in seekers:
        EventParticipant.objects.create(local_government=city.lg, event=event, seeker=person)
    return event


def slot(city, event, employer, start, end, person=None):
    return services.slot_create(
        actor=secretariat(city),
        event=event,
        employer=employer,
        starts_at=start,
        ends_at=end,
        seeker=person,
    )
