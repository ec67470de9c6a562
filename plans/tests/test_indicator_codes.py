"""Indicator codes: required, slug-like and unique per plan, in the package and the database;
carried into the next plan; the key by which a reload matches indicators."""

import importlib
import shutil

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import KUMAMOTO_PACKAGE
from core.roles import Role
from pdca.models import IndicatorValue
from plans.loading import plan_load_package
from plans.models import Indicator
from plans.package.content import PackageInvalid
from plans.package.reading import read_package
from plans.services import plan_start_next
from plans.tests.factories import IndicatorFactory, PlanFactory


@pytest.fixture
def package_copy(tmp_path):
    target = tmp_path / "package"
    shutil.copytree(KUMAMOTO_PACKAGE, target)
    return target


def errors_of(path):
    with pytest.raises(PackageInvalid) as caught:
        read_package(path)
    return caught.value.errors


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, text):
    return next(
        number
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if text in line
    )


# --- the package -------------------------------------------------------------------------------


def test_kumamotos_indicators_have_stable_english_codes(kumamoto_package):
    codes = [indicator.code for indicator in kumamoto_package.indicators]
    assert len(codes) == len(set(codes)) == 14
    by_code = {indicator.code: indicator.name for indicator in kumamoto_package.indicators}
    assert by_code["reoffenders_among_arrested"] == "熊本市の刑法犯検挙人員中の再犯者数"
    assert by_code["job_magazine_postings"] == "求人情報誌の求人募集件数"
    assert by_code["volunteer_probation_officers"] == "熊本市の保護司数"


def test_a_missing_code_is_named_with_its_line(package_copy):
    path = package_copy / "indicators.yaml"
    replace_in(path, "    code: housing_satisfaction\n", "")
    [error] = errors_of(package_copy)
    assert (error.file, error.field, error.message) == (
        "indicators.yaml",
        "reference[5].code",
        "必須項目です。",
    )
    assert error.line == line_of(path, "- pillar: 2")


def test_a_duplicate_code_names_both_rows(package_copy):
    path = package_copy / "indicators.yaml"
    replace_in(path, "code: cooperating_employers", "code: housing_satisfaction")
    [error] = errors_of(package_copy)
    assert (error.file, error.field) == ("indicators.yaml", "reference[6].code")
    assert error.line == line_of(path, "name: 熊本市における協力雇用主数") - 1
    first = line_of(path, "code: housing_satisfaction")
    assert error.message == (
        f"コード housing_satisfaction は reference[5]（{first}行目）と重複しています。"
    )


def test_a_code_that_is_not_a_slug_is_refused(package_copy):
    replace_in(package_copy / "indicators.yaml", "code: juvenile_offenders", "code: 刑法犯少年")
    [error] = errors_of(package_copy)
    assert error.field == "reference[11].code"
    assert "英小文字で始め" in error.message


def test_the_export_writes_the_codes(db, kumamoto_package, tmp_path):
    from plans.package.writing import write_package
    from plans.selectors import package_from_plan

    plan = plan_load_package(package=kumamoto_package).plan
    write_package(package_from_plan(plan), tmp_path / "export")
    text = (tmp_path / "export" / "indicators.yaml").read_text(encoding="utf-8")
    assert "code: job_magazine_postings" in text
    assert [i.code for i in read_package(tmp_path / "export").indicators] == [
        i.code for i in kumamoto_package.indicators
    ]


# --- the database ------------------------------------------------------------------------------


def test_codes_are_unique_within_a_plan_only(city):
    other = PlanFactory(local_government=city.lg, key="2024")
    IndicatorFactory(plan=other, code=city.indicator.code)  # another plan: allowed
    duplicate = Indicator(
        local_government=city.lg,
        plan=city.plan,
        kind="reference",
        position=9,
        code=city.indicator.code,
        name="別の指標（架空）",
        unit="人",
        target_direction="increase",
        better="higher",
    )
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "この計画には同じコードの指標がすでにあります。" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_code_must_be_slug_like(city):
    city.indicator.code = "Job Magazine"
    with pytest.raises(ValidationError) as caught:
        city.indicator.full_clean()
    assert "英小文字で始まり" in str(caught.value.message_dict["code"])


def test_the_next_plan_keeps_the_codes(city):
    IndicatorFactory(plan=city.plan, kind="reference", code="job_magazine_postings")
    new_plan = plan_start_next(actor=city.users[Role.SECRETARIAT], plan=city.plan)
    assert sorted(new_plan.indicators.values_list("code", flat=True)) == sorted(
        city.plan.indicators.values_list("code", flat=True)
    )


def test_a_reload_matches_indicators_by_code(db, kumamoto_package, package_copy):
    """A renamed and reordered indicator keeps its id, and with it its actuals."""
    plan = plan_load_package(package=kumamoto_package).plan
    magazine = plan.indicators.get(code="job_magazine_postings")
    IndicatorValue.objects.create(
        local_government=plan.local_government, indicator=magazine, period=2021, value=31
    )
    path = package_copy / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    block = text[text.index("  - pillar: 3\n    code: job_magazine_postings") :]
    block = block[: block.index("  - pillar: 4")]
    text = text.replace(block, "")
    text = text.replace("reference:\n", "reference:\n" + block, 1)
    text = text.replace(
        "name: 求人情報誌の求人募集件数", "name: 求人情報誌「Change!」の求人募集件数"
    )
    path.write_text(text, encoding="utf-8")
    result = plan_load_package(package=read_package(package_copy))
    magazine_after = plan.indicators.get(code="job_magazine_postings")
    assert magazine_after.pk == magazine.pk
    assert (magazine_after.name, magazine_after.position) == (
        "求人情報誌「Change!」の求人募集件数",
        1,
    )
    assert IndicatorValue.objects.get(indicator=magazine_after).value == 31
    assert result.counts["deleted"] == 0 and result.counts["created"] == 0


def test_the_data_migration_derives_codes_from_the_package_or_kind_and_position(kumamoto):
    migration = importlib.import_module("plans.migrations.0004_fill_indicator_codes")
    renamed = kumamoto.indicators.get(code="housing_satisfaction")
    renamed.name = "住まいの満足度（改称）"
    renamed.save()
    # As step 1 leaves them: no code (one empty code per plan is all the constraint allows
    # here; the others get codes the migration must replace).
    for indicator in Indicator.objects.all():
        indicator.code = "" if indicator.pk == renamed.pk else f"old_{indicator.pk}"
        indicator.save(update_fields=["code"])
    migration.fill_codes(apps, None)
    codes = dict(kumamoto.indicators.values_list("name", "code"))
    assert codes["求人情報誌の求人募集件数"] == "job_magazine_postings"
    assert codes["熊本市の刑法犯検挙人員中の再犯者数"] == "reoffenders_among_arrested"
    assert codes["住まいの満足度（改称）"] == f"reference_{renamed.position}"
