"""A plan package's statistics: validated with the plan before anything is loaded, loaded in
the same transaction, and idempotent."""

import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import KUMAMOTO_PACKAGE
from core.models import AuditEntry, LocalGovernment
from core.testing.audit import assert_audited
from plans.models import Plan
from stats.importer import ImportInvalid
from stats.models import StatisticSeries, StatisticValue
from stats.package import read_statistics_package, statistics_files
from stats.services import statistics_load_package


@pytest.fixture
def package_copy(tmp_path):
    target = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO_PACKAGE, target)
    return target


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(path):
    with pytest.raises(ImportInvalid) as caught:
        read_statistics_package(path)
    return caught.value.errors


def test_kumamoto_has_60_series_and_140_values(kumamoto_statistics_package):
    package = kumamoto_statistics_package
    assert (len(package.series), len(package.values)) == (60, 140)
    assert package.series_file == "statistics/series.csv"
    rate = next(s for s in package.series if s.key == "reoffender_rate")
    assert (rate.kind, rate.numerator, rate.denominator, rate.scale) == (
        "rate",
        "reoffenders",
        "arrested_persons",
        Decimal(100),
    )


def test_loading_twice_changes_nothing(kumamoto, kumamoto_statistics_package):
    lg = kumamoto.local_government
    # the fixture loads the statistics as load_plan does; start from none
    StatisticSeries.objects.filter(local_government=lg, kind="rate").delete()
    StatisticSeries.objects.filter(local_government=lg).delete()
    loaded_before = AuditEntry.objects.filter(action="stats.load_package").count()
    first = statistics_load_package(local_government=lg, package=kumamoto_statistics_package)
    assert (first.counts["series_created"], first.counts["created"]) == (60, 140)
    ids = sorted(StatisticValue.objects.values_list("pk", "series__key", "period", "value"))
    revision = LocalGovernment.objects.get(pk=lg.pk).content_revision
    second = statistics_load_package(local_government=lg, package=kumamoto_statistics_package)
    assert first.changed and not second.changed
    assert second.counts["unchanged"] == 140
    assert sorted(StatisticValue.objects.values_list("pk", "series__key", "period", "value")) == ids
    assert StatisticValue.objects.count() == 140
    assert StatisticSeries.objects.filter(local_government=lg).count() == 60
    assert LocalGovernment.objects.get(pk=lg.pk).content_revision == revision
    # the audit log is append-only: the fixture's entry stays, this load adds one, the second none
    entry = assert_audited(
        action="stats.load_package",
        actor=None,
        object_type="stats.statisticseries",
        local_government=lg,
        count=loaded_before + 1,
        changes_include={"series": 60, "values": 140, "series_created": 60, "created": 140},
    )
    assert entry.changes["updated"] == entry.changes["deleted"] == 0


def test_rates_are_linked_to_their_counts_and_never_stored(kumamoto_stats):
    rate = StatisticSeries.objects.get(local_government=kumamoto_stats, key="reoffender_rate")
    assert (rate.numerator.key, rate.denominator.key) == ("reoffenders", "arrested_persons")
    assert not StatisticValue.objects.filter(series__kind=StatisticSeries.Kind.RATE).exists()
    assert list(
        StatisticSeries.objects.filter(local_government=kumamoto_stats).values_list(
            "key", flat=True
        )[:2]
    ) == ["penal_code_offences_known", "arrested_persons"]


def test_a_changed_package_updates_and_deletes_in_place(kumamoto_stats, package_copy):
    values = package_copy / "statistics" / "values.csv"
    replace_in(values, "probationers,熊本市,2020,,,156,1月末現在\n", "")
    replace_in(values, "seminar_companies,熊本市,2019,,,22,", "seminar_companies,熊本市,2019,,,23,")
    kept = StatisticValue.objects.get(series__key="seminar_companies")
    result = statistics_load_package(
        local_government=kumamoto_stats, package=read_statistics_package(package_copy)
    )
    assert (result.counts["created"], result.counts["updated"], result.counts["deleted"]) == (
        0,
        1,
        1,
    )
    assert StatisticValue.objects.get(pk=kept.pk).value == Decimal(23)
    assert not StatisticValue.objects.filter(series__key="probationers", period=2020).exists()


def test_a_series_the_package_drops_is_deleted_with_its_values(kumamoto_stats, package_copy):
    series = package_copy / "statistics" / "series.csv"
    values = package_copy / "statistics" / "values.csv"
    replace_in(
        series,
        "elderly_reoffender_rate,65歳以上の高齢者の再犯者率",
        "elderly_reoffender_rate_x,65歳以上の高齢者の再犯者率",
    )
    text = series.read_text(encoding="utf-8").splitlines(keepends=True)
    series.write_text(
        "".join(line for line in text if not line.startswith("care_course_certified,")),
        encoding="utf-8",
    )
    replace_in(values, "care_course_certified,熊本市,2019,,,3,\n", "")
    result = statistics_load_package(
        local_government=kumamoto_stats, package=read_statistics_package(package_copy)
    )
    assert result.counts["series_deleted"] == 2  # the renamed rate and the dropped count
    assert result.counts["series_created"] == 1
    keys = set(StatisticSeries.objects.values_list("key", flat=True))
    assert "care_course_certified" not in keys and "elderly_reoffender_rate_x" in keys
    assert StatisticValue.objects.count() == 139


def test_values_imported_by_hand_survive_a_reload(kumamoto_stats, package_copy):
    """The secretariat's figures win over the package's: reloading (reload_plan) neither
    overwrites nor deletes them, nor the series that hold them."""
    from accounts.tests.factories import OrganizationFactory, UserFactory
    from core.roles import Role
    from stats.services import statistics_import_file

    secretariat = UserFactory(
        username="kumamoto-secretariat",
        role=Role.SECRETARIAT,
        organization=OrganizationFactory(local_government=kumamoto_stats),
    )
    upload = (
        "series,area,period,breakdown_kind,breakdown,value,note\n"
        "seminar_companies,熊本市,2019,,,25,訂正\n"
        "care_course_certified,熊本市,2020,,,4,\n"
    )
    statistics_import_file(
        actor=secretariat,
        local_government=kumamoto_stats,
        filename="fix.csv",
        content=upload.encode(),
    )
    # the package drops care_course_certified; the series holds a value imported by hand
    series = package_copy / "statistics" / "series.csv"
    text = series.read_text(encoding="utf-8").splitlines(keepends=True)
    series.write_text(
        "".join(line for line in text if not line.startswith("care_course_certified,")),
        encoding="utf-8",
    )
    replace_in(
        package_copy / "statistics" / "values.csv", "care_course_certified,熊本市,2019,,,3,\n", ""
    )
    result = statistics_load_package(
        local_government=kumamoto_stats, package=read_statistics_package(package_copy)
    )
    assert result.counts["kept_imported"] == 1  # seminar_companies 2019 stays 25
    assert result.counts["series_kept"] == 1
    assert StatisticValue.objects.get(series__key="seminar_companies", period=2019).value == 25
    kept = StatisticValue.objects.filter(series__key="care_course_certified")
    assert list(kept.values_list("period", "value", "from_package")) == [(2020, 4, False)]


class TestValidation:
    def test_a_bad_value_names_its_file_row_and_column(self, package_copy):
        replace_in(
            package_copy / "statistics" / "values.csv",
            "reoffenders,熊本市,2019,罪種,凶悪犯,5,表2",
            "reoffenders,熊本市,2019,罪種,凶悪犯,6,表2",
        )
        [error] = errors_of(package_copy)
        # reported on the total's row (39: reoffenders,熊本市,2019,,,564)
        assert (error.file, error.row, error.column) == ("statistics/values.csv", 39, "value")
        assert "内訳「罪種」の合計 565 が総数 564 と一致しません。" in error.message

    def test_a_value_of_a_rate_is_refused(self, package_copy):
        with (package_copy / "statistics" / "values.csv").open("a", encoding="utf-8") as handle:
            handle.write("reoffender_rate,熊本市,2019,,,50.9,\n")
        [error] = errors_of(package_copy)
        assert error.column == "series" and "件数から算出する率" in error.message

    @pytest.mark.parametrize(
        ("old", "new", "column", "message"),
        [
            (
                "reoffender_rate,再犯者率,％,calendar_year,rate,reoffenders,",
                "reoffender_rate,再犯者率,％,calendar_year,rate,,",
                "numerator",
                "率（rate）の系列には分子と分母の系列キーが必要です。",
            ),
            (
                "reoffender_rate,再犯者率,％,calendar_year,rate,reoffenders,",
                "reoffender_rate,再犯者率,％,calendar_year,rate,nosuch,",
                "numerator",
                "系列 nosuch がありません。",
            ),
            (
                "reoffenders,再犯者数,人,calendar_year,count,,,,yes",
                "reoffenders,再犯者数,人,weekly,count,,,,yes",
                "period_kind",
                "weekly は使えません。",
            ),
            (
                "reoffenders,再犯者数,人,calendar_year,count,,,,yes",
                "reoffenders,再犯者数,人,calendar_year,count,,,,maybe",
                "additive",
                "yes または no にしてください。",
            ),
            (
                "reoffenders,再犯者数,人,calendar_year,count,,,,yes",
                "arrested_persons,再犯者数,人,calendar_year,count,,,,yes",
                "key",
                "arrested_persons は3行目と重複しています。",
            ),
            (
                "reoffenders,再犯者数,人,calendar_year,count,,,,yes,熊本県警察,",
                "reoffenders,再犯者数,人,calendar_year,count,,,,yes, ,",
                "source",
                "出典を書いてください",
            ),
        ],
    )
    def test_a_bad_series_row_is_named(self, package_copy, old, new, column, message):
        replace_in(package_copy / "statistics" / "series.csv", old, new)
        errors = errors_of(package_copy)
        assert any(
            e.file == "statistics/series.csv" and e.column == column and message in e.message
            for e in errors
        ), errors

    def test_the_files_come_from_package_yaml_or_the_usual_folder(self, package_copy):
        assert statistics_files(package_copy) == (
            "statistics/series.csv",
            "statistics/values.csv",
        )
        (package_copy / "statistics").rename(package_copy / "figures")
        replace_in(
            package_copy / "package.yaml",
            "series: statistics/series.csv\n    values: statistics/values.csv",
            "series: figures/series.csv\n    values: figures/values.csv",
        )
        assert len(read_statistics_package(package_copy).values) == 140
        replace_in(package_copy / "package.yaml", "  statistics:\n", "  unused:\n")
        assert read_statistics_package(package_copy) is None  # none declared, none in statistics/
        (package_copy / "figures").rename(package_copy / "statistics")
        assert len(read_statistics_package(package_copy).series) == 60

    def test_a_declared_file_that_is_missing_is_named(self, package_copy):
        (package_copy / "statistics" / "values.csv").unlink()
        [error] = errors_of(package_copy)
        assert (error.file, error.message) == ("statistics/values.csv", "ファイルがありません。")


class TestLoadPlan:
    def test_it_loads_the_plan_and_the_statistics(self, db, capsys):
        call_command("load_plan", str(KUMAMOTO_PACKAGE))
        out = capsys.readouterr().out
        assert "60 statistic series, 140 values" in out
        assert "statistics: 60 series (created 60" in out
        assert StatisticValue.objects.count() == 140
        call_command("load_plan", str(KUMAMOTO_PACKAGE))
        out = capsys.readouterr().out
        assert out.startswith("already loaded:") and "statistics" in out
        call_command("reload_plan", str(KUMAMOTO_PACKAGE), "--yes")
        out = capsys.readouterr().out
        assert "nothing to change" in out

    def test_bad_statistics_load_nothing_at_all(self, db, package_copy, capsys):
        replace_in(
            package_copy / "statistics" / "values.csv",
            "probationers,熊本市,2020,,,156,",
            "probationers,熊本市,2020,,,多数,",
        )
        with pytest.raises(CommandError, match="nothing was loaded"):
            call_command("load_plan", str(package_copy))
        assert "statistics/values.csv" in capsys.readouterr().err
        assert not LocalGovernment.objects.exists()
        assert not Plan.objects.exists()
        assert not StatisticSeries.objects.exists()

    def test_check_validates_the_statistics_too(self, db, capsys):
        call_command("load_plan", str(KUMAMOTO_PACKAGE), "--check")
        assert "60 statistic series, 140 values" in capsys.readouterr().out
        assert not StatisticSeries.objects.exists()

    def test_a_crash_in_the_statistics_rolls_back_the_plan(self, db, monkeypatch):
        from stats import services

        def failing(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(services, "_upsert_values", failing)
        with pytest.raises(RuntimeError):
            call_command("load_plan", str(KUMAMOTO_PACKAGE))
        assert not Plan.objects.exists()
        assert not LocalGovernment.objects.exists()
