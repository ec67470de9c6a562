"""Plan packages: Kumamoto's holds the whole plan; bad packages are refused with the file,
line and field of every problem; export → load gives the same data."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import LocalGovernment
from core.testing.audit import assert_audited
from housing.models import HousingProvider
from plans.loading import plan_load_package
from plans.models import Department, Measure, PartnerOrganization, Plan
from plans.package.content import PackageInvalid
from plans.package.reading import check_digit_ok, read_package
from plans.package.writing import write_package
from plans.selectors import package_from_plan
from stats.models import StatisticValue

KUMAMOTO = Path(__file__).resolve().parents[2] / "packages" / "kumamoto-2021"


def measure(package, key):
    pillar_number, area_number, number = (int(part) for part in key.split("-"))
    pillar = next(p for p in package.pillars if p.number == pillar_number)
    area = next(a for a in pillar.areas if a.number == area_number)
    return next(m for m in area.measures if m.number == number)


class TestKumamotoPackage:
    def test_it_holds_the_six_pillars_and_their_areas(self, kumamoto_package):
        assert [p.title for p in kumamoto_package.pillars] == [
            "国・県・関係団体との連携強化と広報・啓発の推進",
            "住居の確保に関する支援",
            "就労の確保に関する支援",
            "保健医療・福祉サービスの利用促進",
            "非行の防止と修学支援",
            "犯罪をした人等の特性に応じた指導・支援",
        ]
        assert [[a.title for a in p.areas] for p in kumamoto_package.pillars][1] == [
            "民間住宅への入居支援",
            "公営住宅への入居支援",
        ]
        assert sum(len(p.areas) for p in kumamoto_package.pillars) == 12

    def test_it_holds_every_measure_of_chapter_four(self, kumamoto_package):
        per_pillar = [sum(len(a.measures) for a in p.areas) for p in kumamoto_package.pillars]
        assert per_pillar == [18, 13, 18, 20, 25, 22]
        assert kumamoto_package.measure_count() == 116

    def test_measures_keep_their_text_headings_and_departments_in_order(self, kumamoto_package):
        first = measure(kumamoto_package, "1-1-1")
        assert first.headings == ["“社会を明るくする運動”等による人権啓発"]
        assert first.departments == ["生活安全課", "人権政策課", "各区総務企画課", "保護管理援護課"]
        assert first.body.endswith("市民と地域社会の理解を深めるための人権啓発に取り組みます。")
        assert measure(kumamoto_package, "2-1-2").headings == []  # continues the heading above it
        # A 室 written "課（室）" in the plan resolves to the 室.
        assert (
            "しごとづくり推進室"
            in measure(kumamoto_package, "3-1-2").departments
            + measure(kumamoto_package, "3-1-1").departments
            + measure(kumamoto_package, "3-1-3").departments
        )

    def test_repeated_measures_point_to_the_original(self, kumamoto_package):
        assert measure(kumamoto_package, "2-2-4").repeats == "2-1-9"
        assert measure(kumamoto_package, "3-1-10").repeats == "2-1-9"
        assert measure(kumamoto_package, "6-2-4").repeats == "1-2-8"
        assert "生活自立支援センター" in measure(kumamoto_package, "2-1-9").body

    def test_it_holds_the_partner_activities_of_every_pillar(self, kumamoto_package):
        counts = [len(p.partner_activities) for p in kumamoto_package.pillars]
        assert all(count > 0 for count in counts)
        organizations = {
            a.organization for p in kumamoto_package.pillars for a in p.partner_activities
        }
        # Spelling variants in the plan resolve to one body.
        assert "熊本県暴力追放センター" not in organizations
        assert "熊本県暴力追放運動推進センター" in organizations
        assert "熊本地区ＢＢＳ会" in organizations

    def test_it_holds_the_departments_with_their_phones(self, kumamoto_package):
        departments = {d.name: d for d in kumamoto_package.departments}
        assert departments["生活安全課"].phone == "096-328-2397"
        assert departments["生活安全課"].bureau == "文化市民局"
        assert departments["しごとづくり推進室"].parent == "経済政策課"
        assert departments["しごとづくり推進室"].phone == "096-328-2377"
        assert departments["指導課"].phone == "096-328-2716"
        with_phone = [d for d in kumamoto_package.departments if d.phone]
        assert len(with_phone) == 32  # every row of 資料編 7(2)

    def test_it_holds_the_nineteen_members_of_the_council(self, kumamoto_package):
        members = sorted(
            (o.council_number, o.name) for o in kumamoto_package.organizations if o.council_number
        )
        assert [number for number, _ in members] == list(range(1, 20))
        assert members[0] == (1, "熊本市防犯協会")
        assert members[15] == (16, "熊本保護観察所")

    def test_it_holds_the_outcome_and_reference_indicators(self, kumamoto_package):
        outcome = [i for i in kumamoto_package.indicators if i.kind == "outcome"]
        reference = [i for i in kumamoto_package.indicators if i.kind == "reference"]
        assert len(outcome) == 1
        assert (outcome[0].baseline_value, outcome[0].target_value, outcome[0].better) == (
            Decimal("564"),
            Decimal("450"),
            "lower",
        )
        assert outcome[0].baseline_period_kind == "calendar_year"
        assert len(reference) == 13
        by_name = {i.name: i for i in reference}
        assert by_name["熊本市における協力雇用主数"].target_direction == "increase"
        assert by_name["熊本市における刑法犯少年数"].better == "lower"
        assert by_name["住まいの満足度"].baseline_value == Decimal("62.5")

    def test_it_holds_the_plan_texts_and_glossary(self, kumamoto_package):
        plan = kumamoto_package.plan
        assert (plan.start_fiscal_year, plan.end_fiscal_year) == (2021, 2023)
        assert plan.texts["basic_philosophy"].startswith("犯罪をした人等の人権を尊重し")
        assert "再犯防止推進関係課長会議" in plan.texts["promotion_structure"]
        assert len(kumamoto_package.glossary) == 34
        assert kumamoto_package.local_government.code == "431001"


def test_check_digit():
    assert check_digit_ok("431001")  # 熊本市
    assert check_digit_ok("131016")  # 千代田区
    assert not check_digit_ok("431002")
    assert not check_digit_ok("43100")


# --- validation ---------------------------------------------------------------------------


@pytest.fixture
def broken(tmp_path):
    """A writable copy of Kumamoto's package to break."""
    target = tmp_path / "package"
    shutil.copytree(KUMAMOTO, target)
    return target


def errors_of(path):
    with pytest.raises(PackageInvalid) as caught:
        read_package(path)
    return caught.value.errors


def replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_an_unknown_department_is_named_with_file_line_and_field(broken):
    replace_in(broken / "pillars" / "2.yaml", "- 住宅政策課", "- 存在しない課")
    errors = errors_of(broken)
    assert len(errors) == 1
    error = errors[0]
    assert error.file == "pillars/2.yaml"
    assert error.line is not None and error.line > 1
    assert error.field == "areas[1].measures[1].departments"
    assert "存在しない課" in error.message


def test_every_problem_is_reported_at_once(broken):
    replace_in(broken / "pillars" / "1.yaml", "- 生活安全課", "- 架空課")
    replace_in(broken / "indicators.yaml", "unit: 社", "unit: ''")
    replace_in(broken / "package.yaml", 'code: "431001"', 'code: "431002"')
    errors = errors_of(broken)
    files = {error.file for error in errors}
    assert files == {"pillars/1.yaml", "indicators.yaml", "package.yaml"}
    assert any("全国地方公共団体コード" in error.message for error in errors)


def test_a_duplicate_department_names_its_row(broken):
    with (broken / "departments.csv").open("a", encoding="utf-8") as handle:
        handle.write("生活安全課,文化市民局,,096-000-0000,department,\n")
    [error] = errors_of(broken)
    assert (error.file, error.line, error.field) == ("departments.csv", 42, "name")
    assert "重複" in error.message


def test_a_wrong_csv_header_is_refused(broken):
    replace_in(broken / "organizations.csv", "name,legal_form", "名称,legal_form")
    [error] = errors_of(broken)
    assert (error.file, error.line) == ("organizations.csv", 1)


def test_a_council_number_must_be_a_number(broken):
    replace_in(
        broken / "organizations.csv", "熊本市防犯協会,,関係団体,1,", "熊本市防犯協会,,関係団体,一,"
    )
    [error] = errors_of(broken)
    assert (error.file, error.line, error.field) == ("organizations.csv", 2, "council_number")


def test_measure_numbers_must_run_from_one(broken):
    replace_in(broken / "pillars" / "2.yaml", "      - number: 2\n", "      - number: 7\n")
    errors = errors_of(broken)
    assert any("1から順に" in error.message and error.file == "pillars/2.yaml" for error in errors)


def test_a_repeat_must_point_to_an_existing_measure(broken):
    replace_in(broken / "pillars" / "3.yaml", "repeats: 2-1-9", "repeats: 2-1-99")
    [error] = errors_of(broken)
    assert error.field == "repeats" and "2-1-99" in error.message


def test_an_indicator_target_is_a_value_or_a_direction_not_both(broken):
    replace_in(
        broken / "indicators.yaml",
        "target: {direction: increase,",
        "target: {value: 1, direction: increase,",
    )
    [error] = errors_of(broken)
    assert error.file == "indicators.yaml" and "どちらか一方" in error.message


def test_an_indicator_value_must_be_a_number(broken):
    replace_in(broken / "indicators.yaml", "{value: 8311,", "{value: たくさん,")
    [error] = errors_of(broken)
    assert error.field == "reference[1].baseline.value"


def test_broken_yaml_names_its_line(broken):
    path = broken / "pillars" / "4.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = "  - : : ["
    path.write_text("\n".join(lines), encoding="utf-8")
    [error] = errors_of(broken)
    assert error.file == "pillars/4.yaml" and error.line is not None


def test_yaml_aliases_and_oversized_files_are_refused(broken, settings):
    path = broken / "glossary.csv"
    (broken / "pillars" / "4.yaml").write_text(
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", encoding="utf-8"
    )
    errors = errors_of(broken)
    assert [(e.file, e.message) for e in errors if e.file == "pillars/4.yaml"] == [
        ("pillars/4.yaml", "YAML として読めません: 別名（*名前）は使えません。")
    ]
    settings.TSUNAGU_PACKAGE_MAX_FILE_BYTES = path.stat().st_size - 1
    assert any(
        e.file == "glossary.csv" and e.message.startswith("ファイルが大きすぎます（上限")
        for e in errors_of(broken)
    )


def test_a_missing_file_is_named(broken):
    (broken / "glossary.csv").unlink()
    [error] = errors_of(broken)
    assert error.file == "glossary.csv"


@pytest.mark.parametrize("name", ["pillars/2.yaml", "indicators.yaml", "package.yaml"])
def test_an_empty_yaml_file_is_named(broken, name):
    # found by the property test: an empty pillar file was read as no pillar at all
    (broken / name).write_text("", encoding="utf-8")
    [error] = errors_of(broken)
    assert (error.file, error.message) == (name, "ファイルが空です。")


def test_a_missing_folder_is_refused(tmp_path):
    [error] = errors_of(tmp_path / "nowhere")
    assert "フォルダ" in error.message


# --- loading --------------------------------------------------------------------------------


def test_load_plan_loads_nothing_from_a_bad_package(db, broken, capsys):
    replace_in(broken / "pillars" / "6.yaml", "- 男女共同参画課", "- 架空課")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_plan", str(broken))
    assert "pillars/6.yaml" in capsys.readouterr().err
    assert not LocalGovernment.objects.exists()
    assert not Measure.objects.exists()


def test_a_crash_half_way_leaves_nothing_behind(db, kumamoto_package, monkeypatch):
    from plans import loading

    calls = {"n": 0}
    original = loading.measure_search_text

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 60:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(loading, "measure_search_text", failing)
    with pytest.raises(RuntimeError):
        plan_load_package(package=kumamoto_package)
    assert not Plan.objects.exists()
    assert not Measure.objects.exists()
    assert not LocalGovernment.objects.exists()


def test_loading_twice_changes_nothing(db, kumamoto_package):
    first = plan_load_package(package=kumamoto_package)
    ids = sorted(Measure.objects.values_list("pk", "number", "body"))
    second = plan_load_package(package=kumamoto_package)
    assert first.changed and not second.changed
    assert sorted(Measure.objects.values_list("pk", "number", "body")) == ids
    assert_audited(  # the first load only: the second changed nothing
        action="plan.load_package",
        actor=None,
        obj=Plan.objects.get(),
        changes_include={
            "package_version": kumamoto_package.version,
            "measures": kumamoto_package.measure_count(),
            "updated": 0,
            "deleted": 0,
        },
    )


def test_loading_a_changed_package_updates_in_place_and_is_audited(db, kumamoto_package, broken):
    plan_load_package(package=kumamoto_package)
    before = Measure.objects.get(area__pillar__number=2, area__number=1, number=1)
    replace_in(broken / "pillars" / "2.yaml", "確保に努めます。", "確保に努めます。（改訂）")
    result = plan_load_package(package=read_package(broken))
    after = Measure.objects.get(pk=before.pk)
    assert after.body.endswith("（改訂）")
    assert result.counts["updated"] == 1
    assert result.counts["created"] == result.counts["deleted"] == 0
    assert_audited(
        action="plan.load_package",
        actor=None,
        obj=Plan.objects.get(),
        count=2,
        changes_include={"created": 0, "updated": 1, "deleted": 0},
    )


# --- round trip -------------------------------------------------------------------------------


def test_export_then_read_gives_the_same_package(db, kumamoto_package, tmp_path):
    plan = plan_load_package(package=kumamoto_package).plan
    write_package(package_from_plan(plan), tmp_path / "export")
    exported = read_package(tmp_path / "export")
    assert exported == kumamoto_package


def test_loading_the_export_into_a_fresh_database_gives_the_same_data(
    db, kumamoto_package, tmp_path
):
    call_command("load_plan", "packages/kumamoto-2021")  # the plan and its statistics
    plan = Plan.objects.get(local_government__code="431001", key="2021")
    call_command("export_plan", str(tmp_path / "export"), local_government="kumamoto")
    snapshot = package_from_plan(plan)
    statistics = sorted(
        StatisticValue.objects.values_list("series__key", "area", "period", "breakdown", "value")
    )
    assert len(statistics) == 140
    Plan.objects.all().delete()
    HousingProvider.objects.all().delete()  # protects its accounts organization
    Department.objects.filter(parent__isnull=False).delete()
    Department.objects.all().delete()
    PartnerOrganization.objects.all().delete()
    LocalGovernment.objects.all().delete()
    call_command("load_plan", str(tmp_path / "export"))
    reloaded = Plan.objects.get(local_government__code="431001", key="2021")
    assert package_from_plan(reloaded) == snapshot
    assert (
        sorted(
            StatisticValue.objects.values_list(
                "series__key", "area", "period", "breakdown", "value"
            )
        )
        == statistics
    )


def test_export_refuses_a_non_empty_folder(db, kumamoto_package, tmp_path):
    plan_load_package(package=kumamoto_package)
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_plan", str(tmp_path), local_government="kumamoto")


def test_a_reserved_slug_is_refused(broken):
    replace_in(broken / "package.yaml", "slug: kumamoto", "slug: staff")
    [error] = errors_of(broken)
    assert error.field == "local_government.slug"


def test_a_slug_taken_by_another_local_government_is_refused(db, broken):
    from core.tests.factories import LocalGovernmentFactory

    LocalGovernmentFactory(code="999991", slug="kumamoto")
    with pytest.raises(CommandError, match="別の地方公共団体"):
        call_command("load_plan", str(broken))
    assert not Plan.objects.exists()
