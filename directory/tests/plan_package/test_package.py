"""The directory of a plan package: validated row by row, loaded all or nothing, reloaded
without changes, and never deleting what the package did not make."""

import datetime

import pytest
from django.core.management import call_command

from conftest import KUMAMOTO_PACKAGE
from core.models import AuditEntry, LocalGovernment
from core.testing.audit import assert_audited
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import DirectoryInvalid
from directory.plan_package.reading import read_directory_package, split_address
from directory.services import directory_load_package, package_id
from directory.tests.factories import ServiceFactory
from directory.tests.package_data import (
    FILES,
    city_plan,
    load_city_directory,
    replace_line,
    write_package,
)


def problems(tmp_path, city, **changes) -> list[str]:
    with pytest.raises(DirectoryInvalid) as caught:
        read_directory_package(write_package(tmp_path, **changes), plan=city_plan(city))
    return [str(error) for error in caught.value.errors]


def test_a_package_without_a_directory_has_none(tmp_path):
    assert read_directory_package(tmp_path) is None


def test_it_reads_the_fictional_package(tmp_path, city):
    package = read_directory_package(write_package(tmp_path), plan=city_plan(city))
    assert [t.code for t in package.terms["need"]] == ["housing", "work"]
    center, office = package.organizations
    assert center.partner == "テスト支援団体（架空）" and office.department == "生活安全課"
    place = package.locations[0]
    assert (place.region, place.address.address_1, place.address.address_2) == (
        "中央区",
        "架空町1-2-3",
        "架空ビル2階",
    )
    assert place.address.postal_code == "860-0001"
    assert package.locations[1].address is None  # a phone-only window: no address invented
    housing, hotline = package.services
    assert housing.location == "本所"  # empty: the organization's first place
    assert housing.terms == {
        "need": ["housing"],
        "audience": ["self", "family"],
        "situation": ["probation"],
    }
    assert housing.measures == ["2-1-1", "2-1-2"] and hotline.is_24_hours
    assert package.phones[1].number == "096-000-0002" and package.phones[1].type == "voice"
    assert package.schedules[0].opens_at == datetime.time(8, 30)
    assert package.plan_key == city.plan.key


def test_it_splits_addresses_into_hsds_fields():
    address = split_address(
        "熊本市中央区手取本町1-1 市役所3階", state_province="熊本県", city="熊本市", region=""
    )
    assert (address.region, address.address_1, address.address_2) == (
        "中央区",
        "手取本町1-1",
        "市役所3階",
    )
    town = split_address("大字宮園1", state_province="熊本県", city="益城町", region="")
    assert (town.region, town.address_1) == ("", "大字宮園1")
    given = split_address("京町1丁目12-11", state_province="熊本県", city="熊本市", region="中央区")
    assert (given.region, given.address_1) == ("中央区", "京町1丁目12-11")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"taxonomy_yaml": FILES["taxonomy.yaml"].replace("code: work", "code: housing")},
            "directory/taxonomy.yaml:3 [need[2].code] housing が重複しています。",
        ),
        (
            {"taxonomy_yaml": "feelings:\n  - {code: sad, name: 悲しい}\n"},
            "directory/taxonomy.yaml:1 [feelings] feelings は使えません。",
        ),
        (
            {
                "organizations_csv": replace_line(
                    "organizations.csv", "センター,partner,", "センター,friend,"
                )
            },
            "directory/organizations.csv:2 [category] friend は使えません。",
        ),
        (
            {
                "organizations_csv": replace_line(
                    "organizations.csv", "テスト支援団体（架空）", "知らない団体"
                )
            },
            "directory/organizations.csv:2 [partner] 知らない団体 は計画の organizations.csv に",
        ),
        (
            {"organizations_csv": replace_line("organizations.csv", "生活安全課", "広報課")},
            "directory/organizations.csv:3 [department] 広報課 は計画の departments.csv にありません。",
        ),
        (
            {
                "organizations_csv": replace_line(
                    "organizations.csv", "https://example.org/", "example"
                )
            },
            "directory/organizations.csv:2 [website] http:// か https://",
        ),
        (
            {"organizations_csv": replace_line("organizations.csv", "info@example.org", "info")},
            "directory/organizations.csv:2 [email] メールアドレスの形が正しくありません。",
        ),
        (
            {
                "organizations_csv": replace_line(
                    "organizations.csv", "テスト市の市役所です（架空）。", ""
                )
            },
            "directory/organizations.csv:3 [description] 必須項目です。どんな機関・団体か",
        ),
        (
            {
                "taxonomy_yaml": FILES["taxonomy.yaml"].replace(
                    ", description: 家族が相談するとき", ""
                )
            },
            "directory/taxonomy.yaml:6 [audience[2].description] 必須項目です。1行の説明",
        ),
        (
            {
                "locations_csv": replace_line(
                    "locations.csv",
                    "〒860-0001 中央区架空町1-2-3 架空ビル2階,架空県,テスト市,,,",
                    "京町1丁目12-11,熊本県,熊本市,中央区,862-0971,",
                )
            },
            "directory/locations.csv:2 [postal_code] 郵便番号 862-0971 は所在地と合いません"
            "（日本郵便の郵便番号データでは 860-0078）。",
        ),
        (
            {
                "organizations_csv": FILES["organizations.csv"]
                + "テスト市役所（架空）,,city,,,,,,,,\n"
            },
            "directory/organizations.csv:4 [name] テスト市役所（架空） は3行目と重複しています。",
        ),
        (
            {
                "locations_csv": replace_line(
                    "locations.csv", "テスト市役所（架空）,電話", "市役所,電話"
                )
            },
            "directory/locations.csv:3 [organization] 市役所 は organizations.csv にありません。",
        ),
        (
            {"locations_csv": replace_line("locations.csv", ",架空県,テスト市,", ",,テスト市,")},
            "directory/locations.csv:2 [state_province] 必須項目です。",
        ),
        (
            {"locations_csv": replace_line("locations.csv", ",physical,", ",walk-in,")},
            "directory/locations.csv:2 [location_type] walk-in は使えません。",
        ),
        (
            {"services_csv": replace_line("services.csv", "hotline,", "housing,")},
            "directory/services.csv:3 [key] housing は2行目と重複しています。",
        ),
        (
            {"services_csv": replace_line("services.csv", "hotline,", "hot line,")},
            "directory/services.csv:3 [key] キーは英数字",
        ),
        (
            {"services_csv": replace_line("services.csv", "housing;work", "housing;jobs")},
            "directory/services.csv:3 [needs] jobs は taxonomy.yaml の need にありません。",
        ),
        (
            {"services_csv": replace_line("services.csv", "self;family", "self;parent")},
            "directory/services.csv:2 [audiences] parent は taxonomy.yaml の audience にありません。",
        ),
        (
            {"services_csv": replace_line("services.csv", ",probation,", ",prison,")},
            "directory/services.csv:2 [situations] prison は taxonomy.yaml の situation にありません。",
        ),
        (
            {"services_csv": replace_line("services.csv", "2-1-1;2-1-2", "2-1-1;9-9-9")},
            "directory/services.csv:2 [measures] 取組 9-9-9 は計画にありません。",
        ),
        (
            {"services_csv": replace_line("services.csv", "2-1-1;2-1-2", "2.1.1")},
            "directory/services.csv:2 [measures] 取組は「節-分野-番号」",
        ),
        (
            {"services_csv": replace_line("services.csv", ",電話窓口,", ",本所,")},
            "directory/services.csv:3 [location] 本所 は locations.csv にこの機関・団体の場所としてありません。",
        ),
        (
            {"services_csv": replace_line("services.csv", ",yes,", ",maybe,")},
            "directory/services.csv:3 [is_24_hours] yes か no（または空欄）にしてください。",
        ),
        (
            {"phones_csv": replace_line("phones.csv", ",hotline,", ",helpline,")},
            "directory/phones.csv:5 [service] helpline は services.csv のキーにありません。",
        ),
        (
            {
                "phones_csv": replace_line(
                    "phones.csv",
                    "テスト市役所（架空）,hotline",
                    "テスト住まい支援センター（架空）,hotline",
                )
            },
            "directory/phones.csv:5 [service] hotline は テスト住まい支援センター（架空） の支援ではありません。",
        ),
        (
            {"phones_csv": replace_line("phones.csv", "096-000-0001", "でんわ")},
            "directory/phones.csv:2 [number] 電話番号は数字とハイフンで書いてください（でんわ）。",
        ),
        (
            {"phones_csv": replace_line("phones.csv", ",fax,", ",pigeon,")},
            "directory/phones.csv:4 [type] pigeon は使えません。",
        ),
        (
            {"schedules_csv": replace_line("schedules.csv", "8:30", "8:70")},
            "directory/schedules.csv:2 [opens_at] 時刻は 8:30 のように HH:MM で書いてください（8:70）。",
        ),
        (
            {"schedules_csv": replace_line("schedules.csv", '"MO,TU,WE,TH,FR"', "MON")},
            "directory/schedules.csv:2 [byday] 曜日は MO,TU,WE,TH,FR,SA,SU をカンマで区切って",
        ),
        (
            {"schedules_csv": replace_line("schedules.csv", ",17:15,", ",,")},
            "directory/schedules.csv:2 [closes_at] 開始時刻と終了時刻は両方書くか、",
        ),
        (
            {
                "schedules_csv": replace_line(
                    "schedules.csv", "hotline,,,,yes", "hotline,,9:00,,yes"
                )
            },
            "directory/schedules.csv:3 [is_24_hours] 24時間なら時刻は空欄にしてください。",
        ),
        (
            {"schedules_csv": replace_line("schedules.csv", "hotline,", "helpline,")},
            "directory/schedules.csv:3 [service] helpline は services.csv のキーにありません。",
        ),
        (
            {"phones_csv": "organization,service,phone,type,description\n"},
            "directory/phones.csv:1 見出し行は organization,service,number,type,description",
        ),
        ({"schedules_csv": ""}, "directory/schedules.csv ファイルがありません。"),
    ],
)
def test_it_reports_each_problem_with_file_row_and_column(tmp_path, city, changes, expected):
    found = problems(tmp_path, city, **changes)
    assert any(line.startswith(expected) for line in found), found


def test_it_reports_every_problem_at_once(tmp_path, city):
    found = problems(
        tmp_path,
        city,
        services_csv=replace_line("services.csv", "2-1-1;2-1-2", "9-9-9").replace(
            ",yes,", ",maybe,"
        ),
        phones_csv=replace_line("phones.csv", ",fax,", ",pigeon,"),
    )
    assert len(found) == 3


def test_it_loads_everything_and_links_the_plan(tmp_path, city):
    package, result = load_city_directory(city, tmp_path)
    lg = city.lg
    assert result.changed
    assert Taxonomy.objects.filter(local_government=lg).count() == 3
    assert TaxonomyTerm.objects.filter(local_government=lg).count() == 5
    center = Organization.objects.get(local_government=lg, name="テスト住まい支援センター（架空）")
    assert center.partner.name == "テスト支援団体（架空）" and center.is_fictional is False
    assert center.hsds_id == package_id(lg, "organization", center.name)
    office = Organization.objects.get(local_government=lg, name="テスト市役所（架空）")
    assert office.department == city.departments["safety"]
    place = Location.objects.get(organization=center)
    assert place.ward == "中央区"
    address = Address.objects.get(location=place)
    assert (address.state_province, address.city, address.address_1, address.postal_code) == (
        "架空県",
        "テスト市",
        "架空町1-2-3",
        "860-0001",
    )
    assert not Address.objects.filter(location__organization=office).exists()
    housing = Service.objects.get(local_government=lg, name="住まいの相談（架空）")
    assert housing.review_status == "published" and housing.status == "active"
    assert sorted(f"{t.taxonomy.kind}:{t.code}" for t in housing.terms.all()) == [
        "audience:family",
        "audience:self",
        "need:housing",
        "situation:probation",
    ]
    assert set(housing.measures.all()) == {city.measures[1], city.measures[2]}
    assert [sal.location for sal in housing.service_at_locations.all()] == [place]
    assert [p.number for p in housing.phones.all()] == ["096-000-0002"]
    assert [p.number for p in center.phones.order_by("position")] == [
        "096-000-0001",
        "096-000-0003",
    ]
    schedule = Schedule.objects.get(service=housing)
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "MO,TU,WE,TH,FR",
        datetime.time(8, 30),
        datetime.time(17, 15),
    )
    assert Schedule.objects.get(service__name="24時間電話相談（架空）").is_24_hours
    assert housing.search_text  # indexed for the portal's search
    entry = AuditEntry.objects.get(action="directory.load_package")
    assert entry.changes["services"] == 2


def test_loading_bumps_the_content_revision_only_on_change(tmp_path, city):
    package, first = load_city_directory(city, tmp_path)
    revision = LocalGovernment.objects.get(pk=city.lg.pk).content_revision
    _package, again = load_city_directory(city, tmp_path)
    assert not again.changed
    assert again.counts["unchanged"] > 0
    assert LocalGovernment.objects.get(pk=city.lg.pk).content_revision == revision
    # only the first load is audited: the second changed nothing
    assert_audited(
        action="directory.load_package",
        actor=None,
        object_type="directory.service",
        local_government=city.lg,
        changes={
            "organizations": len(package.organizations),
            "services": len(package.services),
            "created": first.counts["created"],
            "updated": 0,
            "deleted": 0,
        },
    )


def test_a_reload_is_idempotent_and_keeps_every_id(tmp_path, city):
    load_city_directory(city, tmp_path)
    models = (
        Organization,
        Location,
        Address,
        Service,
        ServiceAtLocation,
        Phone,
        Schedule,
        TaxonomyTerm,
    )
    before = {m: sorted(m.objects.values_list("pk", "hsds_id")) for m in models}
    load_city_directory(city, tmp_path)
    assert {m: sorted(m.objects.values_list("pk", "hsds_id")) for m in models} == before


def test_a_rebuilt_database_gets_the_same_hsds_ids(tmp_path, city):
    load_city_directory(city, tmp_path)
    ids = set(Service.objects.values_list("hsds_id", flat=True))
    Organization.objects.all().delete()
    load_city_directory(city, tmp_path)
    assert set(Service.objects.values_list("hsds_id", flat=True)) == ids


def test_a_reload_applies_changes_and_deletes_what_the_package_dropped(tmp_path, city):
    load_city_directory(city, tmp_path)
    services = FILES["services.csv"].splitlines()
    _package, result = load_city_directory(
        city,
        tmp_path,
        services_csv="\n".join(services[:2]).replace("部屋探し", "部屋さがし") + "\n",
        phones_csv="\n".join(FILES["phones.csv"].splitlines()[:4]) + "\n",
        schedules_csv="\n".join(FILES["schedules.csv"].splitlines()[:2]) + "\n",
    )
    assert result.counts["service_deleted"] == 1 and result.counts["service_updated"] == 1
    assert list(Service.objects.values_list("name", flat=True)) == ["住まいの相談（架空）"]
    assert Service.objects.get().description == "部屋さがしを手伝います。"
    assert Phone.objects.count() == 3 and Schedule.objects.count() == 1


def test_a_reload_keeps_entries_added_in_the_back_office(tmp_path, city):
    load_city_directory(city, tmp_path)
    center = Organization.objects.get(name="テスト住まい支援センター（架空）")
    added = ServiceFactory(organization=center, name="食料の支援（架空）")
    load_city_directory(city, tmp_path)
    assert Service.objects.filter(pk=added.pk).exists()


def test_a_renamed_entry_is_renamed_back_not_duplicated(tmp_path, city):
    load_city_directory(city, tmp_path)
    Service.objects.filter(name="住まいの相談（架空）").update(name="住まい相談")
    load_city_directory(city, tmp_path)
    assert sorted(Service.objects.values_list("name", flat=True)) == [
        "24時間電話相談（架空）",
        "住まいの相談（架空）",
    ]


def test_the_review_status_set_in_the_back_office_survives_a_reload(tmp_path, city):
    load_city_directory(city, tmp_path)
    Service.objects.filter(name="住まいの相談（架空）").update(review_status="draft")
    load_city_directory(city, tmp_path)
    assert Service.objects.get(name="住まいの相談（架空）").review_status == "draft"


def test_kumamotos_directory_is_valid_and_loaded_with_the_plan(kumamoto):
    lg = kumamoto.local_government
    services = Service.objects.filter(local_government=lg)
    assert services.count() > 50
    assert Organization.objects.filter(local_government=lg, partner__isnull=False).exists()
    assert Service.objects.filter(local_government=lg, measures__isnull=False).exists()
    assert not services.filter(search_text="").exists()
    assert Taxonomy.objects.filter(local_government=lg).count() == 3


def test_load_plan_loads_the_directory_and_prints_counts(db, capsys):
    call_command("load_plan", str(KUMAMOTO_PACKAGE))
    out = capsys.readouterr().out
    assert "directory:" in out and "services" in out
    assert Service.objects.exists()
    call_command("load_plan", str(KUMAMOTO_PACKAGE))
    assert "already loaded:" in capsys.readouterr().out
    call_command("reload_plan", str(KUMAMOTO_PACKAGE), "--dry-run")
    assert "directory: 0 added, 0 changed, 0 removed" in capsys.readouterr().out


def test_load_plan_loads_nothing_when_the_directory_is_broken(db, tmp_path, capsys):
    import shutil

    from django.core.management.base import CommandError

    package = tmp_path / "kumamoto"
    shutil.copytree(KUMAMOTO_PACKAGE, package)
    services = package / "directory" / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[header.split(",").index("measures")] = "9-9-9"
    services.write_text("\n".join([header, ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_plan", str(package))
    assert (
        "directory/services.csv:2 [measures] 取組 9-9-9 は計画にありません。"
        in capsys.readouterr().err
    )
    assert not LocalGovernment.objects.exists()


def test_a_secretariat_of_another_local_government_may_not_load(tmp_path, city, kumamoto):
    from django.core.exceptions import PermissionDenied

    from core.roles import Role

    package = read_directory_package(write_package(tmp_path), plan=city_plan(city))
    with pytest.raises(PermissionDenied):
        directory_load_package(
            local_government=kumamoto.local_government,
            package=package,
            actor=city.users[Role.SECRETARIAT],
        )
