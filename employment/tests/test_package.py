"""Kumamoto's historic employment records in the plan package (packages/kumamoto-2021/
employment/, docs/employment-package.md): every figure the seed gives is loaded exactly, each
record says where in the seed it comes from, a reload changes nothing, a broken file names
its file, line and column and loads nothing, and export_plan writes the files back as
they were."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory
from employment.events.counts import fiscal_year_counts
from employment.models import Event, MagazineIssue, MagazineItem, TrainingCourse
from employment.package import (
    EmploymentPackageInvalid,
    employment_load_package,
    read_employment_package,
)
from employment.package_export import write_employment_package
from employment.tests.factories import EventFactory, JobPostingFactory

KUMAMOTO = Path(__file__).resolve().parents[2] / "packages" / "kumamoto-2021"
FOLDER = KUMAMOTO / "employment"


@pytest.fixture(scope="module")
def package():
    return read_employment_package(KUMAMOTO)


@pytest.fixture
def lg(db):
    return LocalGovernmentFactory(code="431001", slug="kumamoto", name="熊本市")


@pytest.fixture
def loaded(lg, package):
    employment_load_package(local_government=lg, package=package)
    return lg


@pytest.fixture
def copy(tmp_path):
    """A writable copy of the employment folder to break."""
    target = tmp_path / "package"
    shutil.copytree(FOLDER, target / "employment")
    return target


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(path) -> list[str]:
    with pytest.raises(EmploymentPackageInvalid) as caught:
        read_employment_package(path)
    return [str(error) for error in caught.value.errors]


def snapshot(lg):
    return (
        sorted(
            Event.objects.filter(local_government=lg).values_list(
                "package_key",
                "kind",
                "title",
                "held_on",
                "held_on_month_only",
                "guest_companies",
                "guest_participants",
                "reported_hires",
                "counted_with__package_key",
                "note",
            )
        ),
        sorted(
            TrainingCourse.objects.filter(local_government=lg).values_list(
                "package_key",
                "starts_on",
                "ends_on",
                "planned_sessions",
                "reported_sessions",
                "reported_participants",
                "reported_completed",
                "reported_certified",
                "reported_hires",
                "note",
            )
        ),
        sorted(
            MagazineIssue.objects.filter(local_government=lg).values_list(
                "number", "issued_on", "issued_on_month_only", "copies_printed", "status", "note"
            )
        ),
    )


# --- the figures -------------------------------------------------------------------------------


def test_the_seminar_is_loaded_as_the_seed_gives_it(loaded):
    seminar = Event.objects.get(local_government=loaded, kind=Event.Kind.SEMINAR)
    assert seminar.title == "社会復帰応援「企業セミナー」"
    # 令和元年11月 (seed line 1189), the 25th from the timeline (line 5555)
    assert (seminar.held_on, seminar.held_on_month_only) == (datetime.date(2019, 11, 25), False)
    assert (seminar.guest_companies, seminar.guest_participants) == (22, 37)
    assert seminar.reported_hires is None
    assert not seminar.employers.exists() and not seminar.participants.exists()


def test_the_information_sessions_record_the_totals_once(loaded):
    first, second = Event.objects.filter(
        local_government=loaded, kind=Event.Kind.INFO_SESSION
    ).order_by("held_on")
    assert (first.held_on, first.held_on_month_only) == (datetime.date(2019, 11, 26), False)
    assert (first.guest_companies, first.guest_participants, first.reported_hires) == (18, 10, 2)
    # 令和2年2月: no day in the seed, so the first of the month and a month-only flag
    assert (second.held_on, second.held_on_month_only) == (datetime.date(2020, 2, 1), True)
    assert (second.guest_companies, second.guest_participants, second.reported_hires) == (
        0,
        0,
        None,
    )
    assert second.counted_with == first
    assert "日付は月のみ判明" in second.note


def test_the_care_worker_course_is_loaded_with_its_counts(loaded):
    course = TrainingCourse.objects.get(local_government=loaded)
    assert course.title == "介護職員初任者研修養成講座"
    assert course.certification == "介護職員初任者研修"
    assert (course.starts_on, course.ends_on) == (
        datetime.date(2020, 1, 9),
        datetime.date(2020, 2, 13),
    )
    assert course.planned_sessions == 23
    assert (
        course.reported_sessions,
        course.reported_participants,
        course.reported_completed,
        course.reported_certified,
        course.reported_hires,
    ) == (23, 3, 3, 3, 2)
    assert not course.sessions.exists() and not course.enrollments.exists()


def test_the_four_magazine_issues_are_issued_with_their_copies_and_no_items(loaded):
    issues = MagazineIssue.objects.filter(local_government=loaded).order_by("number")
    assert [(i.number, i.issued_on, i.copies_printed) for i in issues] == [
        (1, datetime.date(2019, 10, 1), 250),
        (2, datetime.date(2020, 2, 1), 470),
        (3, datetime.date(2020, 9, 1), 430),
        (4, datetime.date(2021, 1, 1), 430),
    ]
    assert all(i.status == MagazineIssue.Status.ISSUED for i in issues)
    assert all(i.issued_on_month_only and "日付は月のみ判明" in i.note for i in issues)
    assert all(i.title == "Change（チェンジ）！" for i in issues)
    assert not MagazineItem.objects.exists()


def test_every_record_names_its_source_lines_in_the_seed(loaded):
    notes = [
        *Event.objects.filter(local_government=loaded).values_list("note", flat=True),
        *TrainingCourse.objects.filter(local_government=loaded).values_list("note", flat=True),
        *MagazineIssue.objects.filter(local_government=loaded).values_list("note", flat=True),
    ]
    assert len(notes) == 8
    assert all("出典" in note and "seed " in note and "行" in note for note in notes)


def test_the_fiscal_year_counts_give_the_seeds_figures(loaded):
    counts = fiscal_year_counts(loaded, 2019)
    assert (counts.seminar.events, counts.seminar.companies, counts.seminar.participants) == (
        1,
        22,
        37,
    )
    assert (
        counts.info_session.events,
        counts.info_session.companies,
        counts.info_session.participants,
        counts.info_session.hires,
    ) == (2, 18, 10, 2)
    training = counts.training
    assert (
        training.courses,
        training.sessions,
        training.participants,
        training.completed,
        training.certified,
        training.hires,
    ) == (1, 23, 3, 3, 3, 2)
    assert fiscal_year_counts(loaded, 2020).is_empty


# --- reloading ---------------------------------------------------------------------------------


def test_a_reload_changes_nothing(loaded, package):
    before = snapshot(loaded)
    audits = AuditEntry.objects.count()
    result = employment_load_package(local_government=loaded, package=package)
    assert not result.changed
    assert result.counts["unchanged"] == 8
    assert snapshot(loaded) == before
    assert AuditEntry.objects.count() == audits


def test_a_reload_restores_the_packages_values_and_keeps_back_office_records(loaded, package):
    Event.objects.filter(package_key="seminar-2019-11").update(guest_companies=99)
    own = EventFactory(local_government=loaded, title="事務局が登録した説明会（架空）")
    result = employment_load_package(local_government=loaded, package=package)
    assert result.counts["updated"] == 1
    assert Event.objects.get(package_key="seminar-2019-11").guest_companies == 22
    assert Event.objects.filter(pk=own.pk).exists()


def test_a_record_the_package_no_longer_holds_is_deleted(loaded, copy):
    lines = (copy / "employment" / "events.csv").read_text(encoding="utf-8").splitlines()
    (copy / "employment" / "events.csv").write_text(
        "\n".join([lines[0], lines[1]]) + "\n", encoding="utf-8"
    )
    result = employment_load_package(local_government=loaded, package=read_employment_package(copy))
    assert result.counts["deleted"] == 2
    assert list(
        Event.objects.filter(local_government=loaded).values_list("package_key", flat=True)
    ) == ["seminar-2019-11"]


def test_an_issue_built_from_postings_is_not_overwritten(lg, package):
    issue = MagazineIssue.objects.create(local_government=lg, number=2, cover_text="（架空）")
    posting = JobPostingFactory(employer__local_government=lg)
    MagazineItem.objects.create(local_government=lg, issue=issue, posting=posting, order=1)
    with pytest.raises(EmploymentPackageInvalid) as caught:
        employment_load_package(local_government=lg, package=package)
    assert "employment/magazine_issues.csv:3 [number] 第2号は求人を掲載した号" in str(
        caught.value.errors[0]
    )
    assert not Event.objects.exists()
    assert MagazineIssue.objects.get(pk=issue.pk).copies_printed is None


def test_only_the_secretariat_of_the_body_may_load(lg, package, city):
    with pytest.raises(PermissionDenied):
        employment_load_package(
            local_government=lg, package=package, actor=city.users[Role.SECRETARIAT]
        )


# --- validation: file, line and column -----------------------------------------------------------


def test_the_kumamoto_package_is_valid(package):
    assert package.summary() == "3 events, 1 training courses, 4 magazine issues"


def test_bad_cells_are_named_with_file_line_and_column(copy):
    events = copy / "employment" / "events.csv"
    replace_in(events, "seminar-2019-11,seminar,", "seminar-2019-11,party,")
    replace_in(events, ",2019-11-26,", ",2019-11-31,")
    replace_in(events, ",info-session-2019-11,出典", ",no-such-event,出典")
    courses = copy / "employment" / "courses.csv"
    replace_in(courses, ",23,23,3,3,3,2,", ",0,23,3,3,4,-2,")
    magazine = copy / "employment" / "magazine_issues.csv"
    replace_in(magazine, "\n2,Change", "\n1,Change")
    replace_in(magazine, ",2020-09,430,", ",令和2年9月,430,")
    errors = errors_of(copy)
    expected = [
        "employment/events.csv:2 [kind] party は使えません。",
        "employment/events.csv:3 [held_on] 日付は 2019-11-25 のように",
        "employment/events.csv:4 [counted_with] no-such-event は events.csv のキーにありません。",
        "employment/courses.csv:2 [planned_sessions] 1以上500以下の整数にしてください（0）。",
        "employment/courses.csv:2 [reported_certified] 受講者数（3）を超えています。",
        "employment/courses.csv:2 [reported_hires] 0以上32767以下の整数にしてください（-2）。",
        "employment/magazine_issues.csv:3 [number] 第1号は2行目と重複しています。",
        "employment/magazine_issues.csv:4 [issued_on] 日付は 2019-11-25 のように",
    ]
    for start in expected:
        assert any(error.startswith(start) for error in errors), (start, errors)
    assert len(errors) == len(expected), errors


def test_a_wrong_header_and_a_duplicate_key_are_refused(copy):
    events = copy / "employment" / "events.csv"
    replace_in(events, "key,kind,title", "key,type,title")
    courses = copy / "employment" / "courses.csv"
    line = courses.read_text(encoding="utf-8").splitlines()[1]
    courses.write_text(courses.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    errors = errors_of(copy)
    assert errors[0].startswith("employment/courses.csv:3 [key] kaigo-shoninsha-2020 は2行目と重複")
    assert errors[1].startswith("employment/events.csv:1 見出し行は key,kind,title,")


def test_a_package_without_the_folder_has_no_employment_records(tmp_path):
    assert read_employment_package(tmp_path) is None


def test_counted_with_may_not_chain_or_change_kind(copy):
    events = copy / "employment" / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(
        text
        + "info-session-2020-03,info_session,説明会（架空）,2020-03,,,0,0,,info-session-2020-02,\n"
        + "seminar-2020-03,seminar,セミナー（架空）,2020-03,,,0,0,,info-session-2019-11,\n",
        encoding="utf-8",
    )
    errors = errors_of(copy)
    assert any(e.startswith("employment/events.csv:5 [counted_with]") for e in errors)
    assert any(e.startswith("employment/events.csv:6 [counted_with] 種類の同じ") for e in errors)


# --- load_plan and export_plan -----------------------------------------------------------------


def test_load_plan_loads_the_records_and_a_reload_changes_nothing(db, capsys):
    call_command("load_plan", str(KUMAMOTO))
    out = capsys.readouterr().out
    assert "employment: 3 events, 1 training courses, 4 magazine issues (created 8," in out
    call_command("load_plan", str(KUMAMOTO))
    assert "already loaded:" in capsys.readouterr().out
    call_command("reload_plan", str(KUMAMOTO), "--dry-run")
    assert "employment: 0 added, 0 changed, 0 removed" in capsys.readouterr().out
    lg = LocalGovernment.objects.get(slug="kumamoto")
    assert fiscal_year_counts(lg, 2019).seminar.companies == 22


def test_load_plan_loads_nothing_when_the_employment_files_are_broken(db, tmp_path, capsys):
    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO, package)
    replace_in(package / "employment" / "events.csv", ",22,37,", ",22,many,")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_plan", str(package))
    assert "employment/events.csv:2 [guest_participants]" in capsys.readouterr().err
    assert not LocalGovernment.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_plan", str(package), check=True)


def test_export_plan_writes_the_files_back_as_they_were(db, tmp_path):
    call_command("load_plan", str(KUMAMOTO))
    call_command("export_plan", str(tmp_path / "export"), local_government="kumamoto")
    for name in ("events.csv", "courses.csv", "magazine_issues.csv"):
        exported = (tmp_path / "export" / "employment" / name).read_text(encoding="utf-8")
        assert exported == (FOLDER / name).read_text(encoding="utf-8"), name


def test_export_writes_nothing_without_records(db, tmp_path):
    lg = LocalGovernmentFactory()
    assert write_employment_package(lg, tmp_path) == 0
    assert not (tmp_path / "employment").exists()


# --- on the pages ------------------------------------------------------------------------------


def test_the_historic_records_read_well_on_the_pages(client, loaded):
    from accounts.tests.factories import OrganizationFactory, UserFactory

    organization = OrganizationFactory(local_government=loaded, name="生活安全課")
    client.force_login(
        UserFactory(
            username="kumamoto-secretariat", role=Role.SECRETARIAT, organization=organization
        )
    )
    listing = client.get(reverse("events:index")).content.decode()
    assert "令和2年（2020年）2月" in listing  # the month only, no invented day
    assert "令和2年（2020年）2月1日" not in listing
    assert "22社" in listing and "37人" in listing
    second = Event.objects.get(package_key="info-session-2020-02")
    page = client.get(reverse("events:detail", kwargs={"pk": second.pk})).content.decode()
    assert "合算して記録しています" in page
    course = TrainingCourse.objects.get(local_government=loaded)
    page = client.get(reverse("training:detail", kwargs={"pk": course.pk})).content.decode()
    assert "報告された数を表示しています" in page and "23回（予定 23回）" in page
    summary = client.get(reverse("events:summary"), {"year": "2019"}).content.decode()
    assert "令和元年度（2019年度）" in summary
