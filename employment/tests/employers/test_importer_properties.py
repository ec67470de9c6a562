"""Property: any list of cooperating employers (CSV or Excel) is either imported cleanly or
refused with a list of row errors and nothing written; never an exception (docs/testing.md)."""

from hypothesis import event, given

from core.roles import Role
from core.testing.properties import assert_row_errors, row_counts, uploads
from employment.employers.importing import COLUMNS
from employment.employers.services import employer_import_file
from employment.models import Employer, Industry
from employment.tests.factories import EmployerFactory
from stats.importer import ImportInvalid

PLAUSIBLE = {
    "name": ["つばめ建設（架空）", "ひばり食堂（架空）", "ツバメ建設（架空）", ""],
    "name_kana": ["ツバメケンセツ", "つばめけんせつ", "ABC"],
    "industry": [*Industry.values, *map(str, Industry.labels), "宇宙業"],
    "postal_code": ["860-0001", "8600001", "86-0001"],
    "address": ["テスト市東区1-1"],
    "ward": ["東区", ""],
    "size": [*Employer.Size.values, *map(str, Employer.Size.labels), "巨大"],
    "employees": ["5", "30", "12人", "300", "-1", "100001"],
    "registered_with_probation_office": ["はい", "いいえ", "yes", "no", "たぶん"],
    "registered_on": ["2019-06-01", "令和元年6月1日", "2099-01-01", "2019-02-30"],
    "contact_name": ["山田（架空）"],
    "contact_phone": ["096-000-0000", "電話なし"],
    "contact_email": ["info@example.jp", "not an e-mail"],
    "hires_before_registration": ["0", "3", "3人"],
    "is_public": ["公開", "非公開", "yes", "no"],
}

GOOD_ROWS = [
    {"name": "つばめ建設（架空）", "industry": "建設業", "employees": "30"},
    {"name": "ひばり食堂（架空）", "industry": "飲食業", "is_public": "はい"},
    {"name": "かもめ運送（架空）", "industry": "運送業", "registered_on": "令和元年6月1日"},
]


@given(upload=uploads(COLUMNS, PLAUSIBLE, good_rows=GOOD_ROWS))
def test_any_employer_list_is_imported_or_refused_with_row_errors(city, upload):
    if not Employer.objects.filter(local_government=city.lg, name="つばめ建設（架空）").exists():
        EmployerFactory(local_government=city.lg, name="つばめ建設（架空）")
    before = row_counts("employment", "accounts")
    try:
        result = employer_import_file(
            actor=city.users[Role.SECRETARIAT],
            local_government=city.lg,
            filename=upload.filename,
            content=upload.content,
        )
    except ImportInvalid as invalid:
        event("refused")
        assert_row_errors(invalid.errors)
        assert row_counts("employment", "accounts") == before, "a refused file wrote something"
    else:
        event("loaded")
        assert result.rows >= 1
