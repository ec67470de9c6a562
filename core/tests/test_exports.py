"""Every export, walked with a hostile value planted (ASVS V1.2.10, issue 14 §5).

The export views are the ones marked with `core.web.exports.export`; the first test enumerates
the URL resolver for them and fails when one has no case below, so a new export cannot skip
this walk. Each case plants formula-like text in the fields the export shows (through the
factories, the services or the public employer application), downloads the file as a role
that may, and reads it back: no CSV cell may begin with =, +, -, @, a tab or a carriage return
unless it is neutralised (a leading ') or is a number, and no .xlsx cell may be a formula.
Personal-data exports also answer a user who has not re-authenticated with the re-auth page.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from accounts.tests.factories import reauthenticate
from core.roles import Role
from core.web.exports import FORMULA_PREFIXES, export_of

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
HOSTILE = (HYPERLINK, "+1+1", "-1+1", "@SUM(A1)")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def url_patterns() -> list[tuple[str, str, object]]:
    """(URL name, route, view) of every pattern the resolver knows."""
    found = []

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append(
                    (f"{namespace}{pattern.name}", prefix + str(pattern.pattern), pattern.callback)
                )

    walk(get_resolver().url_patterns)
    return found


def export_urls() -> dict[str, object]:
    """{URL name: its Export mark} for every marked view the resolver knows."""
    return {name: export_of(view) for name, _route, view in url_patterns() if export_of(view)}


# --- planting ----------------------------------------------------------------------------------


def fit(model, **values) -> dict:
    """The values cut to their fields' max_length (PostgreSQL refuses a longer one; a cut
    hostile value still begins with its formula character)."""
    return {
        name: value[: model._meta.get_field(name).max_length or None]
        for name, value in values.items()
    }


def _secretariat_org(city):
    return city.users[Role.SECRETARIAT].organization


def _employers(city, **extra):
    from employment.models import Employer
    from employment.tests.factories import EmployerFactory

    return [
        EmployerFactory(
            local_government=city.lg,
            **fit(
                Employer,
                name=value,
                name_kana=value,
                address=value,
                contact_name=value,
                contact_phone=value,
            ),
            contact_email="x@example.jp",
            **extra,
        )
        for value in HOSTILE
    ]


def plant_accounts(city):
    from accounts.tests.factories import UserFactory

    for index, value in enumerate(HOSTILE):
        UserFactory(
            username=f"hostile{index}",
            display_name=value,
            email=f"hostile{index}@example.jp",
            organization=_secretariat_org(city),
        )
    return {}


def plant_employers(city):
    _employers(city)
    return {}


def plant_postings(city):
    from employment.tests.factories import JobPostingFactory

    for employer, value in zip(_employers(city), HOSTILE, strict=True):
        JobPostingFactory(
            employer=employer, title=value, workplace=value, working_hours=value, holidays=value
        )
    return {}


def plant_search_homes(city):
    from housing.models import SafetyNetHome
    from housing.tests.factories import SafetyNetHomeFactory

    for value in HOSTILE:
        SafetyNetHomeFactory(
            provider__local_government=city.lg,
            **fit(SafetyNetHome, name=value, address=value, contact=value, layout=value),
        )
    return {}


def plant_seekers(city):
    from employment.models import JobSeeker
    from employment.tests.factories import JobSeekerFactory

    for value in HOSTILE:
        JobSeekerFactory(
            supporter_organization=_secretariat_org(city),
            **fit(JobSeeker, code=value, desired_jobs=value, desired_wards=value),
        )
    return {}


def plant_hires(city):
    from employment.models import JobSeeker
    from employment.tests.factories import HireFactory, JobSeekerFactory

    for employer, value in zip(_employers(city), HOSTILE, strict=True):
        seeker = JobSeekerFactory(
            supporter_organization=_secretariat_org(city), **fit(JobSeeker, code=value)
        )
        HireFactory(seeker=seeker, employer=employer, started_on=datetime.date(2025, 5, 1))
    return {}


def plant_referrals(city):
    """A referral of the matrix's case (partner → department) per hostile service name."""
    from coordination.tests.factories_referrals import matrix_referral
    from directory.models import Service
    from directory.tests.factories import ServiceFactory

    for value in HOSTILE:
        referral = matrix_referral(city)
        referral.service = ServiceFactory(
            local_government=city.lg,
            organization__local_government=city.lg,
            **fit(Service, name=value),
        )
        referral.save(update_fields=["service"])
    return {}


def plant_events(city):
    from employment.tests.factories import EventFactory

    for value in HOSTILE:
        EventFactory(local_government=city.lg, title=value, venue=value, note=value)
    return {}


def plant_courses(city):
    from employment.tests.factories import TrainingCourseFactory

    for value in HOSTILE:
        TrainingCourseFactory(
            local_government=city.lg, title=value, provider=value, certification=value, note=value
        )
    return {}


def plant_issues(city):
    from employment.tests.factories import MagazineIssueFactory

    for value in HOSTILE:
        MagazineIssueFactory(local_government=city.lg, title=value)
    return {}


def plant_directory(city):
    from directory.tests.factories import OrganizationFactory, ServiceFactory

    for value in HOSTILE:
        organization = OrganizationFactory(local_government=city.lg, name=value)
        ServiceFactory(organization=organization, name=value)
    return {}


def plant_crisis_terms(city):
    from directory.models import CrisisTerm

    for position, value in enumerate(HOSTILE, start=1):
        CrisisTerm.objects.create(local_government=city.lg, text=value, position=position)
    return {}


def plant_meetings(city):
    from pdca.models import Meeting

    for day, value in enumerate(HOSTILE, start=1):
        Meeting.objects.create(
            local_government=city.lg,
            plan=city.plan,
            held_on=datetime.date(2025, 5, day),
            kind=Meeting.Kind.SECTION_CHIEFS,
            title=value,
            place=value,
            agenda=value,
            decisions=value,
        )
    return {}


def _reports(city):
    """FY2021 with the housing report accepted, its texts hostile."""
    from pdca.reports import services
    from pdca.tests.utils import submitted_report

    report = submitted_report(
        city, actions=HYPERLINK, results="+1+1", issues="-1+1", next_steps="@SUM(A1)"
    )
    services.report_accept(actor=city.users[Role.SECRETARIAT], report=report)
    return report.cycle


def plant_report_list(city):
    return {"pk": _reports(city).pk}


def plant_compiled(city):
    return {"pk": _reports(city).pk}


def plant_public_compiled(city):
    return {"lg": city.lg.slug, "year": _reports(city).fiscal_year}


def _statistics(city):
    from stats.tests.factories import StatisticSeriesFactory, StatisticValueFactory

    series = StatisticSeriesFactory(local_government=city.lg, key="hostile", name=HYPERLINK)
    for period, value in enumerate(HOSTILE, start=2019):
        StatisticValueFactory(series=series, area=value, period=period, value=-3, note=value)
    return series


def plant_statistics(city):
    _statistics(city)
    return {"lg": city.lg.slug}


def plant_series(city):
    return {"lg": city.lg.slug, "key": _statistics(city).key}


def plant_statistics_template(city):
    _statistics(city)
    return {}


def plant_departments(city, **kwargs):
    from plans.tests.factories import DepartmentFactory

    for position, value in enumerate(HOSTILE, start=10):
        DepartmentFactory(local_government=city.lg, name=value, position=position)
    return {"lg": city.lg.slug, **kwargs}


def plant_audit_log(city):
    """Through the public employer application: anyone can put a name into the audit log."""
    from django.test import Client

    from employment.tests.employers.helpers import application

    anonymous = Client()
    url = reverse("employer_apply:apply", kwargs={"lg": city.lg.slug})
    for value in HOSTILE:
        response = anonymous.post(url, application(name=value, contact_name=value))
        assert response.status_code == 302, response.content.decode()[:2000]
    return {}


def plant_homes(city):
    from housing.models import SafetyNetHome
    from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory

    provider = HousingProviderFactory(local_government=city.lg)
    for value in HOSTILE:
        SafetyNetHomeFactory(
            provider=provider,
            **fit(SafetyNetHome, name=value, address=value, contact=value, note=value, ward=value),
        )
    return {}


def plant_recruitment(city):
    from campaigns.tests.factories import RecruitmentActivityFactory

    for value in HOSTILE:
        RecruitmentActivityFactory(local_government=city.lg, audience=value, note=value)
    return {}


def _campaign_events(city):
    from campaigns.tests.factories import (
        CampaignEventFactory,
        CampaignYearFactory,
        EventParticipationFactory,
    )

    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    for value in HOSTILE:
        event = CampaignEventFactory(
            campaign=campaign,
            **fit(CampaignEventFactory._meta.model, title=value, place=value, organizer=value),
            source_note=value,
        )
        EventParticipationFactory(event=event, count=3)
    return campaign


def plant_campaign_events(city):
    _campaign_events(city)
    return {}


def plant_campaign_results(city):
    return {"pk": _campaign_events(city).pk}


def nothing(city):
    return {}


def public_lg(city):
    return {"lg": city.lg.slug}


@dataclass(frozen=True)
class Case:
    plant: Callable
    role: str | None = Role.SECRETARIAT  # None: anonymous (a public file)
    # False when the export shows no free text (counts, fixed labels): it is still read back
    planted: bool = True


CASES = {
    "staff:audit_log": Case(plant_audit_log),
    "people:export_csv": Case(plant_accounts),
    "pdca:report_list": Case(plant_report_list),
    "meetings:export_csv": Case(plant_meetings),
    "pdca_report:xlsx": Case(plant_compiled),
    "progress:xlsx": Case(plant_public_compiled, role=None),
    "stats:all_csv": Case(plant_statistics, role=None),
    "stats:series_csv": Case(plant_series, role=None),
    "stats_admin:template": Case(plant_statistics_template),
    "directory_admin:organizations_csv": Case(plant_directory),
    "directory_admin:services_csv": Case(plant_directory),
    "directory_admin:crisis_terms_csv": Case(plant_crisis_terms),
    "employers:export_csv": Case(plant_employers),
    "employers:export_xlsx": Case(plant_employers),
    "employers:template": Case(nothing, planted=False),  # a fixed, fictional example row
    "postings:csv": Case(plant_postings),
    "postings:xlsx": Case(plant_postings),
    "home_search:csv": Case(plant_search_homes),
    "magazine:issues_csv": Case(plant_issues),
    "events:csv": Case(plant_events),
    "referrals:inbox": Case(plant_referrals, role=Role.DEPARTMENT),  # the receiver
    "referrals:outbox": Case(plant_referrals, role=Role.PARTNER),  # the sender
    "events:summary_csv": Case(plant_events, planted=False),  # counts per fiscal year
    "events:summary_xlsx": Case(plant_events, planted=False),
    "training:csv": Case(plant_courses),
    "seekers:csv": Case(plant_seekers),
    "seekers:hires_csv": Case(plant_hires),
    "seekers:summary_csv": Case(plant_hires, planted=False),  # counts only
    "industry_gap:csv": Case(plant_employers, planted=False),  # industries (fixed) and counts
    "jobs_gap:csv": Case(lambda city: {**plant_employers(city), **public_lg(city)}, None, False),
    "opendata:resource": Case(lambda city: plant_departments(city, name="departments"), None),
    "opendata:zip": Case(plant_departments, role=None),
    "support:aggregates_csv": Case(nothing, planted=False),  # suppressed counts, fixed labels
    "housing:home_csv": Case(plant_homes),
    "housing:import_template": Case(nothing, planted=False),  # a fixed, fictional example row
    "volunteers:recruitment_csv": Case(plant_recruitment),
    "campaigns:events_csv": Case(plant_campaign_events),
    "campaigns:results_csv": Case(plant_campaign_results, planted=False),  # kinds and counts
}


def test_every_export_url_has_a_case():
    marked = export_urls()
    assert len(marked) >= 25  # the walk found the exports (a broken walk finds none)
    assert sorted(set(marked) - set(CASES)) == [], "an export without a case in CASES"
    assert sorted(set(CASES) - set(marked)) == [], "a case for a view not marked @export"


FILE_LIKE = re.compile(r"(csv|xlsx|xls|zip)\b", re.IGNORECASE)


def test_every_url_that_looks_like_a_download_is_marked():
    """A new download named like one (…csv, …xlsx, …zip) cannot skip the walk by not being
    marked."""
    unmarked = sorted(
        name
        for name, route, view in url_patterns()
        if (FILE_LIKE.search(route) or FILE_LIKE.search(name)) and not export_of(view)
    )
    assert unmarked == []


# --- reading the files back --------------------------------------------------------------------


def unsafe(value) -> bool:
    """A text cell a spreadsheet would run as a formula (a plain number is data)."""
    return isinstance(value, str) and value[:1] in FORMULA_PREFIXES and not NUMBER.match(value)


def csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(body: bytes) -> list:
    book = load_workbook(io.BytesIO(body))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formulas == [], f"formula cells: {formulas}"
    return [cell.value for cell in cells]


def read_cells(kind: str, body: bytes) -> list:
    if kind == "xlsx":
        return xlsx_cells(body)
    if kind == "zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [
                cell
                for name in archive.namelist()
                if name.endswith(".csv")
                for cell in csv_cells(archive.read(name))
            ]
    return csv_cells(body)


def download(client, city, name):
    case = CASES[name]
    mark = export_urls()[name]
    kwargs = case.plant(city)
    if case.role is not None:
        client.force_login(city.users[case.role])
    url = reverse(name, kwargs=kwargs) + (f"?{mark.query}" if mark.query else "")
    return mark, url


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_cell_of_an_export_runs_as_a_formula(client, city, name):
    mark, url = download(client, city, name)
    if CASES[name].role is not None:
        reauthenticate(client)
    response = client.get(url)
    assert response.status_code == 200, url
    cells = read_cells(mark.formats[0], response.getvalue())
    assert cells, "an empty file proves nothing"
    assert [cell for cell in cells if unsafe(cell)] == []
    if CASES[name].planted:
        assert any(isinstance(c, str) and c.startswith("'=HYPERLINK") for c in cells), (
            "the planted value did not reach the file: plant it in a field the export shows"
        )


PERSONAL = sorted(name for name, mark in export_urls().items() if mark.personal)


def test_the_personal_data_exports_are_the_expected_ones():
    assert PERSONAL == [
        "employers:export_csv",
        "employers:export_xlsx",
        "people:export_csv",
        "seekers:csv",
        "seekers:hires_csv",
        "staff:audit_log",
    ]


@pytest.mark.parametrize("name", PERSONAL)
def test_a_personal_data_export_asks_to_re_authenticate_first(client, city, name):
    _mark, url = download(client, city, name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert "text/csv" not in response.get("Content-Type", "")


# --- the writer itself -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "\t=1+1", "\r=1+1", "\0=1+1", "-", "=", "@"])
def test_formula_like_text_is_written_as_text(text):
    from core.web.exports import csv_cell, neutralise

    assert neutralise(text) == "'" + text
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [(-3, "-3"), (-1.5, "-1.5"), (Decimal("-0.50"), "-0.50"), (0, "0"), (None, ""), ("a=b", "a=b")],
)
def test_numbers_stay_numbers_and_plain_text_is_unchanged(value, written):
    from core.web.exports import csv_cell, neutralise

    assert csv_cell(value) == written
    if not isinstance(value, str):
        assert neutralise(value) is value


def test_the_xlsx_writer_keeps_numbers_and_writes_no_formula():
    from core.web.exports import xlsx_response

    response = xlsx_response([["name", "value"], [HYPERLINK, -3], ["=1+1", Decimal("2.5")]], "x")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(min_row=2))
    assert [[cell.value for cell in row] for row in rows] == [
        ["'" + HYPERLINK, -3],
        ["'=1+1", 2.5],
    ]
    assert {cell.data_type for row in rows for cell in row} == {"s", "n"}


def test_the_csv_writer_streams_with_a_bom_and_a_header():
    from core.web.exports import csv_response

    response = csv_response(iter([["=a", -1]]), "x.csv", header=["h1", "h2"])
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.getvalue().decode("utf-8") == "\ufeffh1,h2\r\n'=a,-1\r\n"
