"""Events, continued: counts, the yearly summary, the lists and what employers see."""

import datetime

from django.urls import reverse

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment.events import services
from employment.events.counts import event_counts, figure_groups, fiscal_year_counts
from employment.models import Employer, Event
from employment.tests.events.helpers import (
    DAY,
    at,
    event_with,
    own_company,
    secretariat,
    seeker,
    slot,
)
from employment.tests.factories import (
    EmployerFactory,
    EventFactory,
    TrainingCourseFactory,
)
from plans.tests.factories import MeasureFactory


def test_the_list_filters_sorts_and_downloads(client, city):
    EventFactory(
        local_government=city.lg,
        kind=Event.Kind.SEMINAR,
        title="セミナー（架空）",
        held_on=datetime.date(2025, 11, 1),
        guest_companies=5,
    )
    EventFactory(
        local_government=city.lg, title="説明会（架空）", held_on=datetime.date(2026, 6, 1)
    )
    client.force_login(secretariat(city))
    page = client.get(reverse("events:index"), {"kind": "seminar"}).getvalue().decode()
    assert "セミナー（架空）" in page and "説明会（架空）" not in page
    page = client.get(reverse("events:index"), {"year": "2026"}).getvalue().decode()
    assert "説明会（架空）" in page and "セミナー（架空）" not in page
    page = client.get(reverse("events:index"), {"year": "nonsense"}).getvalue().decode()
    assert "説明会（架空）" in page
    csv = client.get(reverse("events:csv")).getvalue().decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("開催日,")
    assert "2026-06-01" in lines[1] and "2025-11-01" in lines[2] and ",5," in lines[2]


def test_the_empty_list_says_what_to_do(client, city):
    client.force_login(secretariat(city))
    assert "催しを登録する" in client.get(reverse("events:index")).content.decode()


def test_an_employer_sees_only_its_events_and_its_own_slots(client, city):
    mine = own_company(city)
    other = EmployerFactory(local_government=city.lg, name="よその会社（架空）")
    s1, s2 = seeker(city, "S-21"), seeker(city, "S-22")
    shared = event_with(city, employers=[mine, other], seekers=[s1, s2], title="合同説明会（架空）")
    not_mine = event_with(city, employers=[other], title="よその説明会（架空）")
    slot(city, shared, mine, at(10), at(10, 30), s1)
    slot(city, shared, other, at(10), at(10, 30), s2)

    client.force_login(city.users[Role.EMPLOYER])
    listing = client.get(reverse("events:index")).content.decode()
    assert "合同説明会（架空）" in listing and "よその説明会（架空）" not in listing
    page = client.get(reverse("events:detail", kwargs={"pk": shared.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "S-21" in body  # its own interview: the seeker's code only
    assert "S-22" not in body  # another company's interview
    assert "よその会社（架空）" not in body  # nor the other companies
    assert city.users[Role.PARTNER].organization.name not in body  # nor who supports the seeker
    assert client.get(reverse("events:detail", kwargs={"pk": not_mine.pk})).status_code == 404
    assert client.get(reverse("events:edit", kwargs={"pk": shared.pk})).status_code == 403


def test_an_employer_not_yet_approved_sees_no_events(client, city):
    mine = own_company(city)
    event = event_with(city, employers=[mine])
    Employer.objects.filter(pk=mine.pk).update(status=Employer.Status.APPLIED)
    client.force_login(city.users[Role.EMPLOYER])
    assert event.title not in client.get(reverse("events:index")).content.decode()
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 404


def test_reported_hires_count_only_while_there_are_no_recorded_ones(city, fair):
    event, a, _b, s1, _s2 = fair
    Event.objects.filter(pk=event.pk).update(reported_hires=2)
    counts = event_counts(event)
    assert (counts.hires, counts.hires_are_reported) == (2, True)
    services.event_hire_record(
        actor=secretariat(city), event=event, seeker=s1, employer=a, started_on=DAY
    )
    counts = event_counts(event)
    assert (counts.hires, counts.hires_are_reported) == (1, False)


def test_fiscal_year_counts_follow_april_to_march(city):
    lg = city.lg
    EventFactory(
        local_government=lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2020, 3, 31),
        guest_companies=4,
        guest_participants=9,
    )
    EventFactory(
        local_government=lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2020, 4, 1),
        guest_companies=1,
        guest_participants=1,
    )
    EventFactory(
        local_government=lg,
        kind=Event.Kind.INFO_SESSION,
        held_on=datetime.date(2019, 4, 1),
        guest_companies=6,
        guest_participants=3,
        reported_hires=1,
    )
    TrainingCourseFactory(
        local_government=lg,
        starts_on=datetime.date(2020, 1, 9),
        reported_sessions=23,
        reported_participants=3,
        reported_certified=3,
    )
    elsewhere = LocalGovernmentFactory(code="999993", slug="elsewhere")
    EventFactory(
        local_government=elsewhere,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2019, 5, 1),
        guest_companies=50,
    )

    counts = fiscal_year_counts(lg, 2019)
    assert (counts.seminar.events, counts.seminar.companies, counts.seminar.participants) == (
        1,
        4,
        9,
    )
    assert (counts.info_session.companies, counts.info_session.participants) == (6, 3)
    assert counts.info_session.hires == 1
    assert (counts.training.sessions, counts.training.participants) == (23, 3)
    assert counts.training.certified == 3
    assert fiscal_year_counts(lg, 2020).seminar.companies == 1
    assert fiscal_year_counts(lg, 2018).is_empty


def test_figures_for_a_progress_report_leave_out_what_did_not_happen(city):
    EventFactory(
        local_government=city.lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2021, 5, 1),
        guest_companies=22,
        guest_participants=37,
    )
    groups = figure_groups(fiscal_year_counts(city.lg, 2021))
    assert [g.key for g in groups] == ["seminar"]
    assert [(f.value, f.unit) for f in groups[0].figures] == [(1, "回"), (22, "社"), (37, "人")]
    assert groups[0].figures[1].label == "企業セミナーの参加企業数"


def test_the_summary_offers_the_figures_to_the_matching_progress_report(client, city):
    from pdca.tests.utils import open_cycle

    measure = MeasureFactory(
        area=city.areas[1], headings=["就職説明会の開催"], departments=[city.departments["housing"]]
    )
    cycle = open_cycle(city, 2021)
    report = cycle.reports.get(measure=measure)
    EventFactory(
        local_government=city.lg,
        held_on=datetime.date(2021, 11, 26),
        guest_companies=18,
        guest_participants=10,
        reported_hires=2,
    )

    client.force_login(city.users[Role.DEPARTMENT])
    page = client.get(reverse("events:summary"), {"year": "2021"}).getvalue().decode()
    assert "企業説明会・個別面談会の参加企業数" in page
    assert reverse("pdca:report_edit", kwargs={"pk": report.pk}) in page
    assert "令和3年度（2021年度）" in page
    csv = client.get(reverse("events:summary_csv")).getvalue().decode("utf-8-sig")
    assert "企業説明会・個別面談会,参加企業数,社" in csv
    assert ",18" in csv
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(reverse("events:summary_xlsx")).getvalue()))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["区分", "項目", "単位"]
    assert ["企業説明会・個別面談会", "参加企業数", "社"] in [row[:3] for row in rows]
    row = next(r for r in rows if r[:2] == ["企業説明会・個別面談会", "参加企業数"])
    assert 18 in row[3:]
    assert numeric_text_cells(workbook) == [] and unseparated_numbers(workbook) == []


def test_the_summary_says_when_the_year_has_no_reporting_cycle(client, city):
    EventFactory(local_government=city.lg, held_on=datetime.date(2019, 11, 26), guest_companies=1)
    client.force_login(secretariat(city))
    page = client.get(reverse("events:summary"), {"year": "2019"}).content.decode()
    assert "報告サイクル）はまだありません" in page


def test_a_department_of_another_body_sees_only_its_own_counts(client, city):
    EventFactory(local_government=city.lg, held_on=datetime.date(2021, 11, 26), guest_companies=77)
    elsewhere = LocalGovernmentFactory(code="999994", slug="far")
    organization = OrganizationFactory(local_government=elsewhere, name="よその課（架空）")
    user = UserFactory(username="far-secretariat", role=Role.SECRETARIAT, organization=organization)
    client.force_login(user)
    page = client.get(reverse("events:summary")).content.decode()
    assert "77社" not in page
