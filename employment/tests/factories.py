"""Factories for employment tests (all fictional: 架空). Shared by every part of the app;
add to them rather than making local copies."""

import datetime

import factory

from employment.models import (
    Employer,
    EmploymentType,
    Event,
    Hire,
    Industry,
    JobPosting,
    JobSeeker,
    LegalStatus,
    MagazineIssue,
    TrainingCourse,
)


class EmployerFactory(factory.django.DjangoModelFactory):
    """An approved, public employer with no account organization unless one is given."""

    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"架空建設{n}株式会社（架空）")
    name_kana = factory.Sequence(lambda n: f"かくうけんせつ{n}")
    industry = Industry.CONSTRUCTION
    address = "熊本市中央区架空町1-1（架空）"
    ward = "中央区"
    status = Employer.Status.APPROVED
    is_public = True
    registered_with_probation_office = True
    is_fictional = True


class JobPostingFactory(factory.django.DjangoModelFactory):
    """A published posting paid monthly (so no minimum-wage check applies)."""

    class Meta:
        model = JobPosting

    employer = factory.SubFactory(EmployerFactory)
    local_government = factory.SelfAttribute("employer.local_government")
    status = JobPosting.Status.PUBLISHED
    title = factory.Sequence(lambda n: f"作業員{n}（架空）")
    industry = factory.SelfAttribute("employer.industry")
    description = "現場での軽作業です。（架空の求人）"
    workplace = "熊本市中央区（架空）"
    ward = "中央区"
    employment_type = EmploymentType.FULL_TIME
    wage_form = JobPosting.WageForm.MONTHLY
    wage_min = 200000
    working_hours = "8:00〜17:00"
    published_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)
    )
    is_fictional = True


class JobSeekerFactory(factory.django.DjangoModelFactory):
    """Needs supporter_organization (an accounts.Organization) and local_government."""

    class Meta:
        model = JobSeeker

    code = factory.Sequence(lambda n: f"S-{n:05d}")
    local_government = factory.SelfAttribute("supporter_organization.local_government")
    legal_status = LegalStatus.PROBATION
    is_fictional = True


class MagazineIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MagazineIssue

    number = factory.Sequence(lambda n: n + 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.INFO_SESSION
    title = factory.Sequence(lambda n: f"企業説明会・個別面談会{n}（架空）")
    held_on = datetime.date(2026, 11, 1)
    is_fictional = True


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    title = "介護職員初任者研修養成講座（架空）"
    certification = "介護職員初任者研修"
    starts_on = datetime.date(2026, 1, 10)
    planned_sessions = 23
    is_fictional = True


class HireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hire

    local_government = factory.SelfAttribute("seeker.local_government")
    started_on = datetime.date(2026, 5, 1)
