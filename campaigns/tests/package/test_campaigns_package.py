"""Kumamoto's campaign records in the plan package (packages/kumamoto-2021/campaigns/,
docs/campaigns/package.md): the 第70回 campaign with its theme and slogan, the 36 member bodies
of 別紙1, the events the seed names without invented dates or participants; a broken file names
its file, row and column and loads nothing; a reload changes nothing; export_plan writes the
files back as they were."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventKind,
    EventParticipation,
    ParticipantKind,
)
from campaigns.plan_package.loading import campaigns_load_package
from campaigns.plan_package.reading import CampaignsPackageInvalid, read_campaigns_package
from campaigns.plan_package.writing import write_campaigns_package
from campaigns.tests.factories import CampaignEventFactory, EventParticipationFactory
from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory

KUMAMOTO = Path(__file__).resolve().parents[3] / "packages" / "kumamoto-2021"
FOLDER = KUMAMOTO / "campaigns"
FILES = ("years.csv", "committee.csv", "events.csv")


@pytest.fixture(scope="module")
def package():
    return read_campaigns_package(KUMAMOTO)


@pytest.fixture
def lg(db):
    return LocalGovernmentFactory(code="431001", slug="kumamoto", name="熊本市")


@pytest.fixture
def loaded(lg, package):
    campaigns_load_package(local_government=lg, package=package)
    return lg


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "package"
    shutil.copytree(FOLDER, target / "campaigns")
    return target


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(path) -> list[str]:
    with pytest.raises(CampaignsPackageInvalid) as caught:
        read_campaigns_package(path)
    return [str(error) for error in caught.value.errors]


def snapshot(lg):
    return (
        sorted(
            CampaignYear.objects.filter(local_government=lg).values_list(
                "fiscal_year", "theme", "slogan", "note", "source_note"
            )
        ),
        sorted(
            CommitteeMember.objects.filter(local_government=lg).values_list(
                "campaign__fiscal_year", "order", "name", "position"
            )
        ),
        sorted(
            CampaignEvent.objects.filter(local_government=lg, is_fictional=False).values_list(
                "campaign__fiscal_year",
                "kind",
                "title",
                "starts_on",
                "ends_on",
                "start_time",
                "end_time",
                "place",
                "organizer",
                "description",
                "is_public",
                "source_note",
            ),
            key=str,
        ),
        sorted(
            EventParticipation.objects.filter(
                local_government=lg, event__is_fictional=False
            ).values_list("event__title", "kind", "count")
        ),
    )


# --- what the seed gives -----------------------------------------------------------------------


def test_the_70th_campaign_has_its_theme_and_slogan(loaded):
    year = CampaignYear.objects.get(local_government=loaded)
    assert year.fiscal_year == 2020
    assert year.theme == "～犯罪や非行を防止し、立ち直りを支える地域のチカラ～"
    assert year.slogan == "犯罪に戻らない・戻さない"
    assert "第７０回" in year.note and "資料編5" in year.source_note


def test_the_committee_is_the_36_bodies_of_annex_1_chaired_by_the_city(loaded):
    members = list(CommitteeMember.objects.filter(local_government=loaded))
    assert len(members) == 36
    assert [m.order for m in members] == list(range(1, 37))
    assert (members[0].name, members[0].position) == ("熊本市", "委員長（熊本市長）")
    assert all(m.position == "" for m in members[1:])
    names = {m.name for m in members}
    assert {
        "熊本保護観察所",
        "熊本地区保護司会ＯＢぎんなん会",
        "熊本北合志地区少年警察ボランティア連絡協議会",
    } <= names


def test_the_events_the_seed_names_have_no_invented_day_or_count(loaded):
    events = CampaignEvent.objects.filter(local_government=loaded)
    assert sorted(events.values_list("kind", flat=True)) == sorted(
        [
            EventKind.RALLY,
            EventKind.MESSAGE_CEREMONY,
            EventKind.EXHIBITION,
            EventKind.SCHOOL_LESSON,
            EventKind.PARADE,
            EventKind.ESSAY_CONTEST,
            EventKind.OTHER,
        ]
    )
    assert not events.filter(starts_on__isnull=False).exists()
    # the baselines 452 and 8,311 stay the indicators' own: no event repeats them
    assert not EventParticipation.objects.exists()
    assert not events.filter(is_public=True).exists()
    assert not events.filter(is_fictional=True).exists()
    assert events.get(kind=EventKind.EXHIBITION).place == "熊本市役所のロビー"
    assert all("出典" in e.source_note and "seed" in e.source_note for e in events)


# --- reloading ---------------------------------------------------------------------------------


def test_a_reload_changes_nothing(loaded, package):
    before = snapshot(loaded)
    audits = AuditEntry.objects.count()
    result = campaigns_load_package(local_government=loaded, package=package)
    assert not result.changed
    assert snapshot(loaded) == before
    assert AuditEntry.objects.count() == audits


def test_a_reload_restores_the_package_and_keeps_the_back_offices_events(loaded, package):
    year = CampaignYear.objects.get(local_government=loaded)
    CampaignYear.objects.filter(pk=year.pk).update(slogan="書き換えた標語（架空）")
    CommitteeMember.objects.create(
        local_government=loaded, campaign=year, name="追加した団体（架空）", order=99
    )
    own = CampaignEventFactory(campaign=year, is_fictional=False, title="事務局の行事（架空）")
    result = campaigns_load_package(local_government=loaded, package=package)
    assert (result.counts["updated"], result.counts["deleted"]) == (1, 1)
    assert CampaignYear.objects.get(pk=year.pk).slogan == "犯罪に戻らない・戻さない"
    assert not CommitteeMember.objects.filter(name="追加した団体（架空）").exists()
    assert CampaignEvent.objects.filter(pk=own.pk).exists()


def test_participants_follow_the_package(loaded, copy):
    events = copy / "campaigns" / "events.csv"
    rows = events.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    citizens = header.index("participants_citizens")
    # a row with 120 citizens and a day in the year (a fictional addition)
    cells = [""] * len(header)
    cells[:4] = ["2020", "street_campaign", "街頭啓発（架空）", "2020-07-10"]
    cells[header.index("is_public")] = "yes"
    cells[citizens] = "120"
    events.write_text("\n".join([*rows, ",".join(cells)]) + "\n", encoding="utf-8")
    campaigns_load_package(local_government=loaded, package=read_campaigns_package(copy))
    event = CampaignEvent.objects.get(title="街頭啓発（架空）")
    assert list(event.participations.values_list("kind", "count")) == [
        (ParticipantKind.CITIZENS, 120)
    ]
    cells[citizens] = ""
    events.write_text("\n".join([*rows, ",".join(cells)]) + "\n", encoding="utf-8")
    campaigns_load_package(local_government=loaded, package=read_campaigns_package(copy))
    assert not event.participations.exists()


def test_only_the_secretariat_of_the_body_may_load(lg, package, city):
    with pytest.raises(PermissionDenied):
        campaigns_load_package(
            local_government=lg, package=package, actor=city.users[Role.SECRETARIAT]
        )


# --- validation: file, row and column; all or nothing ------------------------------------------


def test_the_kumamoto_package_is_valid(package):
    assert package.summary() == "1 campaign years, 36 committee members, 7 campaign events"


def test_bad_cells_are_named_with_file_row_and_column(copy):
    replace_in(copy / "campaigns" / "committee.csv", "2020,2,", "2019,2,")
    replace_in(copy / "campaigns" / "committee.csv", "2020,3,", "2020,x,")
    events = copy / "campaigns" / "events.csv"
    replace_in(events, "2020,rally,", "2020,festival,")
    replace_in(events, "2020,parade,街頭パレード,,", "2020,parade,街頭パレード,2021-07-01,")
    replace_in(
        events,
        "2020,exhibition,“社会を明るくする運動”の啓発展示ブース,,",
        ("2020,exhibition,“社会を明るくする運動”の啓発展示ブース,2020-07-31,2020-07-01"),
    )
    errors = errors_of(copy)
    expected = [
        "campaigns/committee.csv:3 [fiscal_year] 2019年度は years.csv にありません。",
        "campaigns/committee.csv:4 [order] 0以上32767以下の整数にしてください（x）。",
        "campaigns/events.csv:2 [kind] festival は使えません。",
        "campaigns/events.csv:4 [ends_on] 終了日が開催日より前です。",
        "campaigns/events.csv:6 [starts_on] 開催日が2020年度（4月〜翌年3月）の外です。",
    ]
    for start in expected:
        assert any(error.startswith(start) for error in errors), (start, errors)
    assert len(errors) == len(expected), errors


def test_a_duplicate_member_and_a_missing_years_file_are_refused(copy):
    committee = copy / "campaigns" / "committee.csv"
    committee.write_text(
        committee.read_text(encoding="utf-8") + "2020,37,熊本保護観察所,\n", encoding="utf-8"
    )
    assert errors_of(copy) == [
        "campaigns/committee.csv:38 [name] 熊本保護観察所 は19行目と重複しています。"
    ]
    (copy / "campaigns" / "years.csv").unlink()
    errors = errors_of(copy)
    assert "campaigns/years.csv ファイルがありません。" in errors


def test_a_package_without_the_folder_has_no_campaign_records(tmp_path):
    assert read_campaigns_package(tmp_path) is None


# --- load_plan and export_plan -----------------------------------------------------------------


def test_load_plan_loads_nothing_when_a_campaign_row_is_bad(db, tmp_path, capsys):
    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO, package)
    replace_in(package / "campaigns" / "years.csv", "\n2020,", "\n20x0,")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_plan", str(package))
    assert "campaigns/years.csv:2 [fiscal_year]" in capsys.readouterr().err
    assert not LocalGovernment.objects.exists()
    assert not CampaignYear.objects.exists()


def test_load_plan_loads_then_export_writes_the_files_back_and_they_load_the_same(
    db, tmp_path, capsys
):
    call_command("load_plan", str(KUMAMOTO))
    assert "campaigns: 1 campaign years, 36 committee members, 7 campaign events" in (
        capsys.readouterr().out
    )
    call_command("reload_plan", str(KUMAMOTO), "--dry-run")
    assert "campaigns: 0 added, 0 changed, 0 removed" in capsys.readouterr().out
    lg = LocalGovernment.objects.get(slug="kumamoto")
    call_command("seed_demo", stdout=io.StringIO())  # fictional: never exported
    call_command("export_plan", str(tmp_path / "export"), local_government="kumamoto")
    for name in FILES:
        exported = (tmp_path / "export" / "campaigns" / name).read_text(encoding="utf-8")
        assert exported == (FOLDER / name).read_text(encoding="utf-8"), name
    before = snapshot(lg)
    CampaignYear.objects.filter(fiscal_year=2020).delete()
    campaigns_load_package(local_government=lg, package=read_campaigns_package(tmp_path / "export"))
    assert snapshot(lg) == before


def test_an_export_keeps_times_days_and_participants(db, tmp_path):
    lg = LocalGovernmentFactory()
    event = CampaignEventFactory(
        campaign__local_government=lg,
        is_fictional=False,
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 7, 3),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(16, 0),
    )
    EventParticipationFactory(event=event, kind=ParticipantKind.STUDENTS, count=42)
    before = snapshot(lg)
    assert write_campaigns_package(lg, tmp_path) == 2
    CampaignYear.objects.all().delete()
    campaigns_load_package(local_government=lg, package=read_campaigns_package(tmp_path))
    assert snapshot(lg) == before


def test_export_writes_nothing_without_real_records(db, tmp_path):
    lg = LocalGovernmentFactory()
    CampaignEventFactory(campaign__local_government=lg)  # fictional only
    assert write_campaigns_package(lg, tmp_path) == 0
    assert not (tmp_path / "campaigns").exists()
