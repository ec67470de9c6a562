"""A small fictional directory package (架空) for the `city` fixture, and helpers to write
and read it in tests."""

from pathlib import Path
from types import SimpleNamespace

from plans.package.content import DepartmentRow, OrganizationRow

FILES = {
    "taxonomy.yaml": """\
need:
  - {code: housing, name: 住まい, plain_name: すむところ, description: 住む所の相談}
  - {code: work, name: 仕事, plain_name: しごと, description: 仕事の相談}
audience:
  - {code: self, name: 本人, description: 本人が相談するとき}
  - {code: family, name: 家族, description: 家族が相談するとき}
situation:
  - {code: probation, name: 保護観察中, description: 保護観察を受けている人}
""",
    "organizations.csv": """\
name,alternate_name,category,description,partner,department,website,email,legal_status,source,note
テスト住まい支援センター（架空）,住まいセンター,partner,住まいの相談を受けます（架空）。,テスト支援団体（架空）,,https://example.org/,info@example.org,NPO法人,テスト資料1,メモ
テスト市役所（架空）,,city,テスト市の市役所です（架空）。,,生活安全課,,,,テスト資料2,
""",
    "locations.csv": """\
organization,name,location_type,address,state_province,city,region,postal_code,source
テスト住まい支援センター（架空）,本所,physical,〒860-0001 中央区架空町1-2-3 架空ビル2階,架空県,テスト市,,,テスト資料1
テスト市役所（架空）,電話窓口,virtual,,,,,,テスト資料2
""",
    "services.csv": """\
key,organization,name,description,eligibility,application_process,is_24_hours,needs,audiences,situations,measures,location,source
housing,テスト住まい支援センター（架空）,住まいの相談（架空）,部屋探しを手伝います。,本人と家族,電話で予約,no,housing,self;family,probation,2-1-1;2-1-2,,テスト資料1
hotline,テスト市役所（架空）,24時間電話相談（架空）,いつでも話を聞きます。,,,yes,housing;work,self,,1-1-1,電話窓口,テスト資料2
""",
    "phones.csv": """\
organization,service,number,type,description
テスト住まい支援センター（架空）,,096-000-0001,voice,代表
テスト住まい支援センター（架空）,housing,０９６－０００－０００２,,相談専用
テスト住まい支援センター（架空）,,096-000-0003,fax,
テスト市役所（架空）,hotline,0120-000-000,voice,
""",
    "schedules.csv": """\
service,byday,opens_at,closes_at,is_24_hours,notes,source
housing,"MO,TU,WE,TH,FR",8:30,17:15,no,祝日・年末年始を除く,テスト資料1
hotline,,,,yes,,テスト資料2
""",
}


def write_package(root: Path, **changes: str) -> Path:
    """Write the fictional package under root/directory/, with files replaced by `changes`
    (a file name with "." as "_": organizations_csv=…); an empty text removes the file."""
    folder = root / "directory"
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(FILES)
    for name, text in changes.items():
        files[name.replace("_csv", ".csv").replace("_yaml", ".yaml")] = text
    for name, text in files.items():
        path = folder / name
        if text:
            path.write_text(text, encoding="utf-8")
        elif path.exists():
            path.unlink()
    return root


def replace_line(name: str, old: str, new: str) -> str:
    """The text of a default file with `old` replaced by `new` (which must be there)."""
    text = FILES[name]
    assert old in text, old
    return text.replace(old, new)


def city_plan(city) -> SimpleNamespace:
    """What the directory reader needs of the `city` fixture's plan package: its key,
    measures, departments and organizations (a partner body is created for it)."""
    from plans.models import PartnerOrganization

    PartnerOrganization.objects.get_or_create(
        local_government=city.lg, name="テスト支援団体（架空）", defaults={"position": 1}
    )
    pillars = {}
    for measure in city.measures:
        area = measure.area
        pillar = pillars.setdefault(
            area.pillar.number, SimpleNamespace(number=area.pillar.number, areas={})
        )
        pillar.areas.setdefault(area.number, SimpleNamespace(number=area.number, measures=[]))
        pillar.areas[area.number].measures.append(SimpleNamespace(number=measure.number))
    for pillar in pillars.values():
        pillar.areas = list(pillar.areas.values())
    return SimpleNamespace(
        plan=SimpleNamespace(key=city.plan.key),
        local_government=SimpleNamespace(wards=list(city.lg.wards) or ["中央区", "北区"]),
        pillars=list(pillars.values()),
        departments=[DepartmentRow(name=d.name) for d in city.departments.values()],
        organizations=[OrganizationRow(name="テスト支援団体（架空）", alias="支援団体A")],
    )


def load_city_directory(city, tmp_path: Path, **changes: str):
    """Read and load the fictional package into `city`; return (package, result)."""
    from directory.plan_package.reading import read_directory_package
    from directory.services import directory_load_package

    package = read_directory_package(write_package(tmp_path, **changes), plan=city_plan(city))
    return package, directory_load_package(local_government=city.lg, package=package)
