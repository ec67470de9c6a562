"""Hires and retention: recording a hire, the checks at 1, 3, 6 and 12 months (which are due,
what may be recorded when), and the fiscal year's 就職者数 and retention rates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import reauthenticate
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.models import Employer, Hire, JobSeeker, RetentionCheck
from employment.seekers import hires
from employment.tests.factories import (
    EmployerFactory,
    HireFactory,
    JobPostingFactory,
    JobSeekerFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def partner_of(city):
    return city.users[Role.PARTNER]


def seeker_of(city, **fields) -> JobSeeker:
    return JobSeekerFactory(supporter_organization=partner_of(city).organization, **fields)


def hire_of(city, started_on, *, seeker=None, left_on=None) -> Hire:
    return HireFactory(
        seeker=seeker or seeker_of(city),
        employer=EmployerFactory(local_government=city.lg),
        started_on=started_on,
        left_on=left_on,
    )


def check(hire, months, still_employed=True, checked_on=None) -> RetentionCheck:
    return RetentionCheck.objects.create(
        local_government=hire.local_government,
        hire=hire,
        months=months,
        still_employed=still_employed,
        checked_on=checked_on or hires.due_on(hire, months),
    )


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),
        (D(2026, 5, 1), 12, D(2027, 5, 1)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert hires.add_months(day, months) == expected


# --- recording a hire --------------------------------------------------------------------------


def test_a_supporter_records_a_hire_from_a_match(client, city):
    seeker = seeker_of(city)
    posting = JobPostingFactory(employer=EmployerFactory(local_government=city.lg))
    client.force_login(partner_of(city))
    url = reverse("seekers:hire_create", args=[seeker.pk])

    form = client.get(url, {"posting": posting.pk}).context["form"]
    assert form.initial["employer"] == posting.employer_id
    response = client.post(
        url,
        {
            "employer": posting.employer_id,
            "posting": posting.pk,
            "started_on": "2026-06-01",
            "end_search": "on",
        },
    )

    assert response.status_code == 302
    hire = Hire.objects.get()
    assert (hire.seeker, hire.posting, hire.started_on) == (seeker, posting, D(2026, 6, 1))
    assert hire.recorded_by == partner_of(city)
    seeker.refresh_from_db()
    assert not seeker.is_active
    assert_audited(
        action="employment.hire.create",
        actor=partner_of(city),
        obj=hire,
        changes={
            "seeker": str(seeker),
            "employer": str(posting.employer),
            "posting": str(posting),
            "event": None,
            "course": None,
            "magazine_issue": None,
            "started_on": "2026-06-01",
        },
    )
    assert_audited(
        action="employment.seeker.update",
        actor=partner_of(city),
        obj=seeker,
        changes={"is_active": {"before": True, "after": False}},
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"employer": ""}, "employer", "就職先の企業を選んでください。"),
        ({"started_on": "2026-13-40"}, "started_on", "日付は 2026-04-01 の形で入力してください。"),
        ({"started_on": ""}, "started_on", "就職日を入力してください。"),
        ({"posting": "abc"}, "posting", "求人番号は半角数字で入力してください。"),
        ({"posting": "999999"}, "posting", "この番号の求人は見つかりません。"),
        ({"event": "999999"}, "event", "一覧から選んでください。"),
    ],
)
def test_a_bad_hire_is_refused_with_a_message(client, city, data, field, message):
    seeker = seeker_of(city)
    employer = EmployerFactory(local_government=city.lg)
    client.force_login(partner_of(city))
    post = {"employer": employer.pk, "started_on": "2026-06-01", **data}

    response = client.post(reverse("seekers:hire_create", args=[seeker.pk]), post)

    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not Hire.objects.exists()


def test_a_hire_through_another_employers_posting_is_refused(client, city):
    seeker = seeker_of(city)
    employer = EmployerFactory(local_government=city.lg)
    other_posting = JobPostingFactory(employer=EmployerFactory(local_government=city.lg))
    client.force_login(partner_of(city))

    response = client.post(
        reverse("seekers:hire_create", args=[seeker.pk]),
        {"employer": employer.pk, "posting": other_posting.pk, "started_on": "2026-06-01"},
    )

    assert response.status_code == 400
    assert (
        "この求人は選んだ企業の求人ではありません。" in response.context["form"].errors["posting"]
    )


def test_the_service_refuses_a_duplicate_or_an_unapproved_employer(city):
    seeker = seeker_of(city)
    employer = EmployerFactory(local_government=city.lg)
    hires.hire_record(
        actor=partner_of(city), seeker=seeker, employer=employer, started_on=D(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        hires.hire_record(
            actor=partner_of(city), seeker=seeker, employer=employer, started_on=D(2026, 6, 1)
        )
    assert "started_on" in error.value.message_dict
    applied = EmployerFactory(local_government=city.lg, status=Employer.Status.APPLIED)
    with pytest.raises(ValidationError) as error:
        hires.hire_record(
            actor=partner_of(city), seeker=seeker, employer=applied, started_on=D(2026, 7, 1)
        )
    assert "employer" in error.value.message_dict


def test_another_organization_cannot_record_a_hire_for_the_seeker(city):
    seeker = seeker_of(city)
    with pytest.raises(PermissionDenied):
        hires.hire_record(
            actor=city.users[Role.VOLUNTEER],
            seeker=seeker,
            employer=EmployerFactory(local_government=city.lg),
            started_on=D(2026, 6, 1),
        )


# --- retention checks --------------------------------------------------------------------------


def test_the_checks_due_are_those_whose_time_has_come_and_are_not_recorded(city):
    hire = hire_of(city, D(2026, 1, 15))
    today = D(2026, 5, 1)
    assert [c.months for c in hires.due_checks_of(hire, today)] == [1, 3]

    check(hire, 3)
    hire = Hire.objects.prefetch_related("retention_checks").get(pk=hire.pk)
    # still at work at 3 months: the 1-month check no longer matters
    assert hires.due_checks_of(hire, today) == []
    assert [c.months for c in hires.due_checks_of(hire, D(2026, 7, 15))] == [6]


def test_no_check_is_due_after_the_person_left_or_before_a_month(city):
    left = hire_of(city, D(2026, 1, 15), left_on=D(2026, 2, 1))
    recent = hire_of(city, D(2026, 4, 20))
    due = hires.due_checks(Hire.objects.all(), today=D(2026, 5, 1))
    assert due == []
    assert hires.due_checks_of(left, D(2027, 5, 1)) == []
    assert [c.months for c in hires.due_checks_of(recent, D(2026, 5, 20))] == [1]


def test_the_due_list_shows_only_the_organizations_hires(client, city):
    started = timezone.localdate() - datetime.timedelta(days=40)
    own = hire_of(city, started)
    other = HireFactory(
        seeker=JobSeekerFactory(supporter_organization=city.users[Role.VOLUNTEER].organization),
        employer=EmployerFactory(local_government=city.lg),
        started_on=started,
    )
    client.force_login(partner_of(city))

    due = client.get(reverse("seekers:retention")).context["due"]

    assert [item.hire for item in due] == [own]
    assert other not in [item.hire for item in due]


def test_a_check_is_recorded_only_once_its_time_has_come(city):
    hire = hire_of(city, D(2026, 1, 15))
    with pytest.raises(ValidationError) as error:
        hires.retention_check_record(
            actor=partner_of(city),
            hire=hire,
            months=3,
            still_employed=True,
            checked_on=D(2026, 4, 1),
            today=D(2026, 4, 1),
        )
    assert "checked_on" in error.value.message_dict

    hires.retention_check_record(
        actor=partner_of(city),
        hire=hire,
        months=3,
        still_employed=True,
        checked_on=D(2026, 4, 15),
        today=D(2026, 4, 20),
    )
    assert hire.retention_checks.get().still_employed


def test_leaving_needs_its_date_and_ends_the_hire(city):
    hire = hire_of(city, D(2026, 1, 15))
    with pytest.raises(ValidationError) as error:
        hires.retention_check_record(
            actor=partner_of(city),
            hire=hire,
            months=1,
            still_employed=False,
            checked_on=D(2026, 2, 20),
            today=D(2026, 3, 1),
        )
    assert "left_on" in error.value.message_dict

    hires.retention_check_record(
        actor=partner_of(city),
        hire=hire,
        months=1,
        still_employed=False,
        checked_on=D(2026, 2, 20),
        left_on=D(2026, 2, 10),
        today=D(2026, 3, 1),
    )
    hire.refresh_from_db()
    assert hire.left_on == D(2026, 2, 10)
    with pytest.raises(ValidationError) as error:
        hires.retention_check_record(
            actor=partner_of(city),
            hire=hire,
            months=3,
            still_employed=True,
            checked_on=D(2026, 4, 20),
            today=D(2026, 4, 20),
        )
    assert "still_employed" in error.value.message_dict


def test_a_check_is_recorded_on_the_hire_page(client, city):
    started = timezone.localdate() - datetime.timedelta(days=40)
    hire = hire_of(city, started)
    client.force_login(partner_of(city))
    url = reverse("seekers:hire_detail", args=[hire.pk])

    assert client.get(url).context["form"].initial["months"] == 1
    bad = client.post(url, {"months": "1", "still_employed": "no", "checked_on": "2026-01-01"})
    assert bad.status_code == 400
    assert "離職日を入力してください。" in bad.context["form"].errors["left_on"]
    assert client.post(url, {"months": "7", "still_employed": "maybe"}).status_code == 400

    response = client.post(
        url,
        {
            "months": "1",
            "still_employed": "yes",
            "checked_on": timezone.localdate().isoformat(),
            "note": "元気に通っています（架空）",
        },
    )
    assert response.status_code == 302
    check = hire.retention_checks.get(months=1)
    assert check.still_employed
    assert_audited(
        action="employment.retention_check.save",
        actor=partner_of(city),
        obj=check,
        local_government=city.lg,
        changes={
            "still_employed": {"before": None, "after": True},
            "checked_on": {"before": None, "after": timezone.localdate().isoformat()},
            "note": {"before": None, "after": "元気に通っています（架空）"},
        },
    )


# --- the fiscal year's summary -----------------------------------------------------------------


def test_the_fiscal_year_summary_counts_people_and_retention(city):
    today = D(2027, 3, 1)
    seeker = seeker_of(city)
    retained = hire_of(city, D(2025, 4, 1), seeker=seeker)  # FY2025, checked at 12 months
    check(retained, 12)
    left_early = hire_of(city, D(2025, 6, 1), left_on=D(2025, 8, 15))  # left at 2.5 months
    unknown = hire_of(city, D(2026, 3, 31))  # FY2025, never checked
    hire_of(city, D(2026, 2, 1), seeker=seeker)  # the same person again, in FY2025
    hire_of(city, D(2026, 4, 1))  # FY2026: not counted
    hire_of(city, D(2025, 3, 31))  # FY2024: not counted
    HireFactory(  # another local government
        seeker=JobSeekerFactory(
            supporter_organization=partner_of(city).organization,
            local_government=LocalGovernmentFactory(),
        ),
        employer=EmployerFactory(local_government=city.lg),
        started_on=D(2025, 5, 1),
    )

    summary = hires.fiscal_year_summary(city.lg, 2025, today=today)

    assert (summary.people, summary.hires) == (3, 4)
    one = summary.at(1)
    assert (one.reached, one.retained, one.left, one.unknown) == (4, 2, 0, 2)
    three = summary.at(3)
    assert (three.reached, three.retained, three.left) == (4, 1, 1)
    assert three.rate == Decimal("25.0")
    twelve = summary.at(12)
    assert (twelve.reached, twelve.retained, twelve.left, twelve.unknown) == (3, 1, 1, 1)
    assert twelve.rate == Decimal("33.3")
    assert unknown.pk and left_early.pk


def test_a_year_without_hires_has_no_rate(city):
    summary = hires.fiscal_year_summary(city.lg, 2030, today=D(2026, 1, 1))
    assert (summary.people, summary.at(1).reached, summary.at(1).rate) == (0, 0, None)


def test_the_summary_page_and_csv_show_counts_only(client, city):
    hire = hire_of(city, D(2025, 5, 1))
    check(hire, 1)
    client.force_login(city.users[Role.DEPARTMENT])

    page = client.get(reverse("seekers:summary")).getvalue().decode()
    csv_text = client.get(reverse("seekers:summary_csv")).getvalue().decode("utf-8-sig")

    assert "令和7年度（2025年度）" in page
    assert hire.seeker.code not in page and hire.seeker.code not in csv_text
    row = next(line for line in csv_text.splitlines() if "2025年度" in line)
    assert row.split(",")[1:4] == ["1", "1", "1"]
    assert hires.fiscal_years_with_hires(city.lg) == [2025]


def test_the_hires_list_and_csv_show_the_retention_of_each_hire(client, city):
    hire = hire_of(city, D(2025, 5, 1), left_on=D(2025, 9, 1))
    check(hire, 1)
    other = HireFactory(
        seeker=JobSeekerFactory(supporter_organization=city.users[Role.VOLUNTEER].organization),
        employer=EmployerFactory(local_government=city.lg),
        started_on=D(2025, 5, 1),
    )
    client.force_login(partner_of(city))

    page = client.get(reverse("seekers:hires"))
    reauthenticate(client)  # a personal-data export
    text = client.get(reverse("seekers:hires_csv")).getvalue().decode("utf-8-sig")

    assert [h.pk for h in page.context["page"]] == [hire.pk]
    assert other.seeker.code not in page.getvalue().decode()
    line = next(line for line in text.splitlines() if hire.seeker.code in line)
    assert line.split(",")[-4:] == ["継続", "継続", "離職", "離職"]  # left at 4 months
