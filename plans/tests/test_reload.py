"""What `make run` runs on every start (load_plan, seed_demo) never overwrites what users
changed; reload_plan shows what it would change, asks, and is audited (docs/plan-package.md)."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organization, User
from conftest import KUMAMOTO_PACKAGE
from core.models import AuditEntry, LocalGovernment
from core.testing.audit import assert_audited
from directory.back_office.services import service_edit
from directory.models import Service
from employment.employers.services import employer_update
from employment.models import Employer, Event, JobPosting, MagazineIssue, TrainingCourse
from pdca.models import IndicatorValue
from plans.models import Indicator, Measure, Plan
from plans.services import measure_update
from stats.models import StatisticSeries, StatisticValue
from stats.services import statistics_import_file


def make_run():
    """What `make run` runs before it serves (Makefile)."""
    out = io.StringIO()
    call_command("load_plan", str(KUMAMOTO_PACKAGE), stdout=out)
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def reload(*args):
    out = io.StringIO()
    call_command("reload_plan", str(KUMAMOTO_PACKAGE), *args, stdout=out)
    return out.getvalue()


def the_measure():
    return Measure.objects.get(area__pillar__number=2, area__number=1, number=3)


def the_service():
    return Service.objects.get(name="仮釈放後の帰住先の調査・生活環境の調整")


@pytest.fixture
def started(db):
    """A fresh database after one `make run`."""
    make_run()
    return User.objects.get(username="secretariat")


@pytest.fixture
def edited(started):
    """A measure, a directory entry and two employers edited in the browser (through the
    services the browser's views call)."""
    secretariat = started
    measure = the_measure()
    departments = list(measure.departments.order_by("assignments__position"))
    measure_update(
        actor=secretariat,
        measure=measure,
        headings=["セーフティネット住宅の普及啓発（改訂）"],
        body=measure.body + "\n令和6年度から対象を広げます。",
        departments=departments,
    )
    service = the_service()
    service_edit(
        actor=secretariat,
        service=service,
        values={"description": service.description + " 土曜日も受け付けます。"},
    )
    shop = Employer.objects.get(name="食堂みらい（架空）")
    employer_update(
        actor=secretariat, employer=shop, values={"name": "食堂みらい本店（架空）", "employees": 12}
    )
    account_company = Employer.objects.get(name="株式会社つなぐ建設（架空）")
    employer_update(
        actor=secretariat, employer=account_company, values={"name": "つなぐ建設株式会社（架空）"}
    )
    return secretariat


def assert_edits_are_there():
    measure = the_measure()
    assert measure.headings == ["セーフティネット住宅の普及啓発（改訂）"]
    assert measure.body.endswith("令和6年度から対象を広げます。")
    assert the_service().description.endswith("土曜日も受け付けます。")
    shop = Employer.objects.get(name="食堂みらい本店（架空）")
    assert shop.employees == 12
    company = Employer.objects.get(name="つなぐ建設株式会社（架空）")
    assert company.organization.name == "つなぐ建設株式会社（架空）"
    # neither edited employer came back under its old name
    assert not Employer.objects.filter(
        name__in=["食堂みらい（架空）", "株式会社つなぐ建設（架空）"]
    )
    assert Employer.objects.count() == 6
    assert not Organization.objects.filter(name="株式会社つなぐ建設（架空）").exists()


# --- make run --------------------------------------------------------------------------------


def test_a_fresh_database_gets_everything(db):
    out = make_run()
    assert out.startswith("loaded 熊本市 熊本市再犯防止推進計画:")
    assert Measure.objects.count() == 116
    assert Indicator.objects.count() == 14
    assert StatisticValue.objects.count() == 140
    assert Service.objects.count() == 127
    assert Event.objects.count() == 3
    assert User.objects.count() == 7
    assert Employer.objects.count() == JobPosting.objects.count() == 6


def test_edits_survive_any_number_of_restarts(edited):
    for _restart in range(3):
        out = make_run()
        assert_edits_are_there()
    assert "already loaded: 熊本市" in out
    assert f"manage.py reload_plan {KUMAMOTO_PACKAGE}" in out
    assert "demo employers: 0 created, 6 already there" in out
    assert_audited(  # the first start only
        action="plan.load_package",
        actor=None,
        obj=Plan.objects.get(local_government__code="431001"),
        changes_include={"updated": 0, "deleted": 0},
    )


def test_what_a_user_deleted_stays_deleted(started):
    the_service().delete()
    Employer.objects.get(name="みどり農園合同会社（架空）").delete()
    JobPosting.objects.filter(employer__name="あおぞら運輸株式会社（架空）").delete()
    User.objects.get(username="volunteer").delete()
    out = make_run()
    assert not Service.objects.filter(name="仮釈放後の帰住先の調査・生活環境の調整").exists()
    assert not Employer.objects.filter(name="みどり農園合同会社（架空）").exists()
    assert not JobPosting.objects.filter(employer__name="あおぞら運輸株式会社（架空）").exists()
    assert not User.objects.filter(username="volunteer").exists()
    assert "1 deleted by a user and not recreated (seed_demo --restore recreates them)" in out
    # the operator can bring the demo records back; existing ones stay as they are
    call_command("seed_demo", restore=True, stdout=io.StringIO())
    assert Employer.objects.filter(name="みどり農園合同会社（架空）").exists()
    assert JobPosting.objects.filter(employer__name="あおぞら運輸株式会社（架空）").exists()
    assert User.objects.filter(username="volunteer").exists()


def test_only_the_missing_parts_are_loaded(started):
    measure = the_measure()
    measure_update(
        actor=started,
        measure=measure,
        headings=measure.headings,
        body="書き換えた本文",
        departments=list(measure.departments.all()),
    )
    for model in (Event, TrainingCourse, MagazineIssue):
        model.objects.all().delete()
    out = make_run()
    assert "employment: 3 events, 1 training courses, 4 magazine issues (created 8," in out
    assert (
        "not loaded: 熊本市 already has its plan, statistics, directory, crisis_terms, housing, "
        "campaigns, kept as they are" in out
    )
    assert Event.objects.count() == 3
    assert the_measure().body == "書き換えた本文"


# --- reload_plan -----------------------------------------------------------------------------


def test_the_diff_names_file_row_and_fields_and_nothing_changes_without_confirmation(edited):
    out = io.StringIO()
    with pytest.raises(CommandError, match="refused: reload_plan asks before it changes anything"):
        call_command("reload_plan", str(KUMAMOTO_PACKAGE), stdout=out)
    diff = out.getvalue()
    assert "pillars/2.yaml\n  line 59 measure 2-1-3 (" in diff
    assert ": changed headings, body\n" in diff
    assert (
        "      headings: [セーフティネット住宅の普及啓発（改訂）] → [セーフティネット住宅の普及啓発]"
        in diff
    )
    assert "directory/services.csv\n  row 2 service hogoshi_kankyo_chosei" in diff
    assert "土曜日も受け付けます。 → " in diff
    assert "plan: 0 added, 1 changed, 0 removed" in diff
    assert "employment: 0 added, 0 changed, 0 removed" in diff
    assert_edits_are_there()
    assert not AuditEntry.objects.filter(action="plan.reload_package").exists()


def test_a_dry_run_shows_the_diff_and_changes_nothing(edited):
    out = reload("--dry-run")
    assert "measure 2-1-3" in out and "dry run: nothing was changed." in out
    assert_edits_are_there()


def test_on_a_terminal_it_asks_and_only_yes_applies(edited, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert "not applied: nothing was changed." in reload()
    assert_edits_are_there()
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "yes")
    assert "applied 2 changes to 熊本市." in reload()
    assert questions == ["Apply these 2 changes to 熊本市? Type yes to apply: "]
    assert the_measure().headings == ["セーフティネット住宅の普及啓発"]


def test_yes_applies_everything_and_audits_it(edited):
    out = reload("--yes")
    assert "applied 2 changes to 熊本市." in out
    assert the_measure().headings == ["セーフティネット住宅の普及啓発"]
    assert not the_service().description.endswith("土曜日も受け付けます。")
    # the employers are not in the package: a reload leaves them
    assert Employer.objects.filter(name="食堂みらい本店（架空）").exists()
    entry = AuditEntry.objects.get(action="plan.reload_package")
    assert entry.changes["command"] == f"manage.py reload_plan {KUMAMOTO_PACKAGE} --yes"
    assert entry.changes["operator"] and entry.actor_label.startswith(entry.changes["operator"])
    assert entry.changes["plan"] == {"added": 0, "changed": 1, "removed": 0, "kept": 0}
    assert entry.changes["directory"]["changed"] == 1
    assert entry.local_government.code == "431001"
    assert "nothing to change" in reload("--yes")
    assert_audited(  # still that one entry: a reload with nothing to change writes none
        action="plan.reload_package",
        actor=None,
        actor_label=entry.actor_label,
        obj=Plan.objects.get(local_government__code="431001"),
        changes=entry.changes,
    )


def test_removed_rows_say_what_goes_with_them_and_kept_records_are_listed(started, tmp_path):
    from pdca.indicators.services import indicator_value_save

    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO_PACKAGE, package)
    services = package / "directory" / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    services.write_text(
        "".join(line for line in lines if not line.startswith("hogoshi_shido,")), encoding="utf-8"
    )
    indicators = package / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    start = text.index("  - pillar: 6\n    code: gender_equality_outreach_lectures")
    indicators.write_text(text[:start], encoding="utf-8")
    dropped = Indicator.objects.get(code="gender_equality_outreach_lectures")
    indicator_value_save(
        actor=started, indicator=dropped, period=2021, value=22, source="", note="", publish=True
    )
    statistics_import_file(
        actor=started,
        local_government=LocalGovernment.objects.get(code="431001"),
        filename="fix.csv",
        content="series,area,period,breakdown_kind,breakdown,value,note\n"
        "seminar_companies,熊本市,2019,,,25,\n".encode(),
    )
    out = io.StringIO()
    call_command("reload_plan", str(package), dry_run=True, stdout=out)
    diff = out.getvalue()
    assert (
        "  indicator gender_equality_outreach_lectures (男女共同参画出前講座の開催回数): removed; "
        "also removes 指標の実績値 ×1"
    ) in diff
    assert "  service (熊本市保護司会連絡協議会 保護観察中の面談・指導・助言): removed" in diff
    assert (
        "  kept 1: imported by hand in the back office; the secretariat's value wins over the "
        "package's: value seminar_companies 熊本市 2019 (25 by hand, 22 in the package)"
    ) in diff
    assert IndicatorValue.objects.filter(indicator=dropped).exists()
    assert Service.objects.filter(name="保護観察中の面談・指導・助言").exists()


def test_it_refuses_when_the_data_changed_after_the_diff_was_shown(edited, monkeypatch):
    def meanwhile(question):
        measure = the_measure()
        Measure.objects.filter(pk=measure.pk).update(body="その間に別の人が書き換えた本文")
        return "yes"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", meanwhile)
    with pytest.raises(CommandError, match="the data changed while the changes were shown"):
        reload()
    assert the_measure().body == "その間に別の人が書き換えた本文"
    assert the_service().description.endswith("土曜日も受け付けます。")
    assert not AuditEntry.objects.filter(action="plan.reload_package").exists()


def test_a_bad_package_is_refused_before_any_diff(started, tmp_path, capsys):
    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO_PACKAGE, package)
    path = package / "pillars" / "2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- 住宅政策課", "- 架空課", 1))
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("reload_plan", str(package), "--yes")
    assert "pillars/2.yaml" in capsys.readouterr().err
    assert Plan.objects.count() == 1
    assert StatisticSeries.objects.count() == 60
