"""Kumamoto's housing records in the plan package (packages/kumamoto-2021/housing/,
docs/housing/package.md): the 居住支援協議会 and the 居住支援法人 the seed names, the 市営住宅
rules as the seed states them; a broken file names its file, row and column and loads nothing;
a reload changes nothing; export_plan writes the files back as they were."""

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organization
from core.fields.choice_masks import from_mask
from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory
from directory.models import Organization as DirectoryOrganization
from housing.models import (
    HousingProvider,
    HousingRules,
    ProviderService,
    PublicHousingRound,
    PublicHousingRule,
    SafetyNetHome,
)
from housing.plan_package.loading import housing_load_package
from housing.plan_package.reading import HousingPackageInvalid, read_housing_package
from housing.plan_package.writing import write_housing_package
from housing.tests.factories import HousingProviderFactory

KUMAMOTO = Path(__file__).resolve().parents[3] / "packages" / "kumamoto-2021"
FOLDER = KUMAMOTO / "housing"
COUNCIL = "熊本市居住支援協議会"
SHAKYO = "熊本市社会福祉協議会"


@pytest.fixture(scope="module")
def package():
    return read_housing_package(KUMAMOTO)


@pytest.fixture
def lg(db):
    body = LocalGovernmentFactory(code="431001", slug="kumamoto", name="熊本市")
    for name in (COUNCIL, SHAKYO):
        DirectoryOrganization.objects.create(local_government=body, name=name, category="council")
    return body


@pytest.fixture
def loaded(lg, package):
    housing_load_package(local_government=lg, package=package)
    return lg


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "package"
    shutil.copytree(FOLDER, target / "housing")
    return target


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(path) -> list[str]:
    with pytest.raises(HousingPackageInvalid) as caught:
        read_housing_package(path)
    return [str(error) for error in caught.value.errors]


def snapshot(lg):
    return (
        sorted(
            HousingProvider.objects.filter(local_government=lg).values_list(
                "organization__name",
                "organization__kind",
                "kind",
                "designation_number",
                "established_on",
                "services",
                "areas",
                "directory_organization__name",
                "note",
                "source_note",
                "is_fictional",
            )
        ),
        sorted(
            PublicHousingRule.objects.filter(local_government=lg).values_list(
                "order", "title", "body", "source_note"
            )
        ),
        sorted(
            PublicHousingRound.objects.filter(local_government=lg).values_list(
                "kind", "title", "application_from", "application_until", "units", "is_published"
            )
        ),
        list(HousingRules.objects.filter(local_government=lg).values_list("min_floor_area")),
    )


# --- what the seed gives -----------------------------------------------------------------------


def test_the_council_is_a_provider_founded_in_july_2011_with_the_saflanet_site(loaded):
    council = HousingProvider.objects.select_related("organization").get(organization__name=COUNCIL)
    assert council.kind == HousingProvider.Kind.COUNCIL
    assert council.organization.kind == Organization.Kind.HOUSING_PROVIDER
    assert not council.organization.is_fictional and not council.is_fictional
    assert council.directory_organization.name == COUNCIL  # phone and address from there
    assert from_mask(ProviderService, council.services) == [ProviderService.TENANCY_CONSULTATION]
    # the seed gives the month only: the day is not invented
    assert council.established_on is None
    assert "平成23年（2011年）7月設立" in council.note
    assert "Ｓａｆｌａｎｅｔ（セーフラネット）あんしん住み替え支援サイト" in council.source_note
    assert "http" not in council.note + council.source_note  # the seed prints no URL


def test_the_social_welfare_council_is_the_support_corporation_the_seed_names(loaded):
    shakyo = HousingProvider.objects.get(organization__name=SHAKYO)
    assert shakyo.kind == HousingProvider.Kind.SUPPORT_CORPORATION
    assert from_mask(ProviderService, shakyo.services) == [
        ProviderService.RENT_GUARANTEE,
        ProviderService.WATCHING_OVER,
    ]
    assert shakyo.designation_number == "" and shakyo.established_on is None


def test_the_public_housing_rules_quote_the_seed_in_order(loaded):
    rules = list(PublicHousingRule.objects.filter(local_government=loaded))
    assert [rule.order for rule in rules] == [1, 2, 3, 4, 5]
    assert (
        rules[1].body
        == "低所得でも入居可能な市営住宅においては、高齢者等へ当選率優遇措置を行います。"
    )
    assert rules[4].body == (
        "犯罪の被害に遭われた人については、定期募集の際の入居の優遇措置として抽せん番号の追加をします。"
    )
    assert all(
        "第4章第2節 2(2)" in rule.source_note and "seed" in rule.source_note for rule in rules
    )


def test_what_the_seed_does_not_give_stays_empty(loaded):
    # no recruitment round has a day in the seed, the eased floor area has no figure, and
    # safety-net homes are the providers' listings, never package data
    assert not PublicHousingRound.objects.exists()
    assert not HousingRules.objects.exists()
    assert not SafetyNetHome.objects.exists()


# --- reloading ---------------------------------------------------------------------------------


def test_a_reload_changes_nothing(loaded, package):
    before = snapshot(loaded)
    audits = AuditEntry.objects.count()
    result = housing_load_package(local_government=loaded, package=package)
    assert not result.changed
    assert snapshot(loaded) == before
    assert AuditEntry.objects.count() == audits


def test_a_reload_restores_the_package_and_keeps_what_the_back_office_made(loaded, package):
    PublicHousingRule.objects.filter(order=2).update(body="書き換えた本文（架空）")
    own_rule = PublicHousingRule.objects.create(
        local_government=loaded, title="事務局が加えた案内（架空）", body="（架空）", order=9
    )
    own_provider = HousingProviderFactory(local_government=loaded)
    result = housing_load_package(local_government=loaded, package=package)
    assert result.counts["updated"] == 1
    assert PublicHousingRule.objects.get(order=2).body.startswith("低所得でも")
    assert PublicHousingRule.objects.filter(pk=own_rule.pk).exists()
    assert HousingProvider.objects.filter(pk=own_provider.pk).exists()


def test_only_the_secretariat_of_the_body_may_load(lg, package, city):
    with pytest.raises(PermissionDenied):
        housing_load_package(
            local_government=lg, package=package, actor=city.users[Role.SECRETARIAT]
        )


# --- validation: file, row and column; all or nothing ------------------------------------------


def test_the_kumamoto_package_is_valid(package):
    assert package.summary() == (
        "2 providers, 0 registration standards, 5 public-housing rules, 0 public-housing rounds"
    )


def test_bad_cells_are_named_with_file_row_and_column(copy):
    providers = copy / "housing" / "providers.csv"
    replace_in(providers, f"{COUNCIL},council,", f"{COUNCIL},landlady,")
    replace_in(providers, "rent_guarantee;watching_over", "rent_guarantee;cooking")
    rules = copy / "housing" / "public_housing_rules.csv"
    replace_in(rules, "\n3,", "\nthree,")
    (copy / "housing" / "public_housing_rounds.csv").write_text(
        "kind,title,application_from,application_until,units,description,contact,url,"
        "is_published\n"
        "regular,定期募集（架空）,2021-08-31,2021-08-01,many,,,ftp://example.jp,maybe\n",
        encoding="utf-8",
    )
    errors = errors_of(copy)
    expected = [
        "housing/providers.csv:2 [kind] landlady は使えません。",
        "housing/providers.csv:3 [services] cooking は使えません。",
        "housing/public_housing_rules.csv:4 [order] 0以上32767以下の整数にしてください（three）。",
        "housing/public_housing_rounds.csv:2 [application_until] 受付終了日が受付開始日より前です。",
        "housing/public_housing_rounds.csv:2 [is_published] yes か no",
        "housing/public_housing_rounds.csv:2 [units] 0以上1000000以下の整数",
        "housing/public_housing_rounds.csv:2 [url] http:// か https://",
    ]
    for start in expected:
        assert any(error.startswith(start) for error in errors), (start, errors)
    assert len(errors) == len(expected), errors


def test_a_duplicate_and_a_wrong_header_are_refused(copy):
    rules = copy / "housing" / "public_housing_rules.csv"
    line = rules.read_text(encoding="utf-8").splitlines()[2]
    rules.write_text(rules.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    replace_in(copy / "housing" / "providers.csv", "name,kind,", "name,type,")
    errors = errors_of(copy)
    assert errors[0].startswith("housing/providers.csv:1 見出し行は name,kind,")
    assert errors[1].startswith("housing/public_housing_rules.csv:7 [title]")
    assert "3行目と重複しています" in errors[1]


def test_a_wards_name_is_checked_against_the_plan(copy, kumamoto_package):
    replace_in(copy / "housing" / "providers.csv", "watching_over,,", "watching_over,中央区;港区,")
    with pytest.raises(HousingPackageInvalid) as caught:
        read_housing_package(copy, plan=kumamoto_package)
    assert [str(e) for e in caught.value.errors] == [
        "housing/providers.csv:3 [areas] 港区 は使えません。中央区, 東区, 西区, 南区, 北区 "
        "のいずれかにしてください。"
    ]


def test_a_directory_entry_that_is_not_there_refuses_the_whole_load(lg, copy):
    replace_in(copy / "housing" / "providers.csv", f",,{SHAKYO},", ",,存在しない団体（架空）,")
    with pytest.raises(HousingPackageInvalid) as caught:
        housing_load_package(local_government=lg, package=read_housing_package(copy))
    assert str(caught.value.errors[0]).startswith(
        "housing/providers.csv:3 [directory_organization] 存在しない団体（架空） は"
    )
    assert not HousingProvider.objects.exists() and not PublicHousingRule.objects.exists()


def test_a_body_without_a_directory_gets_its_providers_unlinked(db, package):
    bare = LocalGovernmentFactory()
    result = housing_load_package(local_government=bare, package=package)
    assert HousingProvider.objects.filter(local_government=bare).count() == 2
    assert not HousingProvider.objects.filter(directory_organization__isnull=False).exists()
    assert result.totals()["kept"] == 2


def test_a_package_without_the_folder_has_no_housing_records(tmp_path):
    assert read_housing_package(tmp_path) is None


# --- load_plan and export_plan -----------------------------------------------------------------


def test_load_plan_loads_the_housing_records_once(db, capsys):
    call_command("load_plan", str(KUMAMOTO))
    out = capsys.readouterr().out
    assert "housing: 2 providers, 0 registration standards, 5 public-housing rules" in out
    lg = LocalGovernment.objects.get(slug="kumamoto")
    assert HousingProvider.objects.filter(local_government=lg).count() == 2
    call_command("reload_plan", str(KUMAMOTO), "--dry-run")
    assert "housing: 0 added, 0 changed, 0 removed" in capsys.readouterr().out


def test_load_plan_loads_nothing_when_a_housing_row_is_bad(db, tmp_path, capsys):
    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO, package)
    replace_in(package / "housing" / "providers.csv", f"{COUNCIL},council,", f"{COUNCIL},club,")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_plan", str(package))
    assert "housing/providers.csv:2 [kind] club は使えません。" in capsys.readouterr().err
    assert not LocalGovernment.objects.exists()
    assert not HousingProvider.objects.exists()


def test_export_plan_writes_the_files_back_and_they_load_to_the_same_data(db, tmp_path):
    call_command("load_plan", str(KUMAMOTO))
    lg = LocalGovernment.objects.get(slug="kumamoto")
    PublicHousingRound.objects.create(
        local_government=lg,
        kind=PublicHousingRound.Kind.REGULAR,
        title="定期募集（架空）",
        application_from="2021-08-01",
        application_until="2021-08-10",
        units=12,
        is_published=True,
    )
    HousingRules.objects.create(local_government=lg, min_floor_area="18.50", note="（架空）")
    HousingProviderFactory(local_government=lg)  # fictional: never exported
    call_command("export_plan", str(tmp_path / "export"), local_government="kumamoto")
    exported = tmp_path / "export" / "housing"
    for name in ("providers.csv", "public_housing_rules.csv"):
        assert (exported / name).read_text(encoding="utf-8") == (FOLDER / name).read_text(
            encoding="utf-8"
        ), name
    before = snapshot(lg)
    HousingProvider.objects.filter(local_government=lg).delete()
    PublicHousingRule.objects.all().delete()
    PublicHousingRound.objects.all().delete()
    HousingRules.objects.all().delete()
    housing_load_package(local_government=lg, package=read_housing_package(tmp_path / "export"))
    after = snapshot(lg)
    assert after[1:] == before[1:]
    assert after[0] == [row for row in before[0] if not row[-1]]  # the real providers


def test_export_writes_nothing_without_records(db, tmp_path):
    assert write_housing_package(LocalGovernmentFactory(), tmp_path) == 0
    assert not (tmp_path / "housing").exists()
