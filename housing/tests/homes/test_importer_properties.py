"""Property: any list of safety-net homes (CSV or Excel) is either imported cleanly or refused
with a list of row errors and nothing written; never an exception (docs/testing.md). The file
goes the way the import page takes it: read (importing.read_rows), then taken all or nothing
(services.home_import), by the secretariat and by a provider for its own homes."""

from hypothesis import event, given
from hypothesis import strategies as st

from core.roles import Role
from core.testing.properties import assert_row_errors, row_counts, uploads
from housing.homes import importing, services
from housing.models import SafetyNetHome
from housing.tests.factories import SafetyNetHomeFactory
from housing.tests.factories_homes import provider_of_city
from stats.importer import ImportInvalid

PLAUSIBLE = {
    "provider": ["居住支援法人（架空）", "知らない法人"],
    "registration_number": ["架空-A1", "架空-A2", ""],
    "name": ["ひとつめ荘（架空）", ""],
    "address": ["テスト市中央区1（架空）"],
    "ward": ["中央区"],
    "rent": ["38000", "41,000円", "-1", "¥50,000"],
    "common_fee": ["0", "3000"],
    "deposit": ["0", "76000"],
    "floor_area": ["25.5", "30㎡", "17", "9999.99", "25.555"],
    "layout": ["1K", "1DK", ""],
    "units": ["1", "4", "4戸"],
    "vacancies": ["0", "1", "9"],
    "earthquake_resistant": ["はい", "いいえ"],
    "barrier_free": ["はい", "×"],
    "pets_allowed": ["可", "不可"],
    "dedicated": ["yes", "no"],
    "accepts": ["高齢者、保護観察対象者等", "elderly", "宇宙人"],
    "contact": ["096-000-0000"],
    "is_public": ["公開", "非公開"],
    "latitude": ["32.8", "91", "32.1234567"],
    "longitude": ["130.7", "-181"],
    "note": ["", "駅から5分"],
}

GOOD = {
    "provider": "居住支援法人（架空）",
    "address": "テスト市中央区1（架空）",
    "rent": "38000",
    "floor_area": "25.5",
    "layout": "1K",
    "units": "4",
    "vacancies": "1",
    "earthquake_resistant": "はい",
}
GOOD_ROWS = [
    {**GOOD, "registration_number": "架空-A1", "name": "ひとつめ荘（架空）"},
    {**GOOD, "registration_number": "架空-B2", "name": "ふたつめ荘（架空）", "rent": "41,000円"},
    {**GOOD, "name": "みっつめ荘（架空）", "accepts": "高齢者、保護観察対象者等"},
]


@given(upload=uploads(importing.COLUMNS, PLAUSIBLE, good_rows=GOOD_ROWS), as_provider=st.booleans())
def test_any_homes_list_is_imported_or_refused_with_row_errors(city, upload, as_provider):
    provider = provider_of_city(city)
    if not SafetyNetHome.objects.filter(registration_number="架空-A1").exists():
        SafetyNetHomeFactory(
            local_government=city.lg, provider=provider, registration_number="架空-A1"
        )
    actor = city.users[Role.HOUSING_PROVIDER if as_provider else Role.SECRETARIAT]
    before = row_counts("housing")
    try:
        raw_rows = importing.read_rows(filename=upload.filename, content=upload.content)
        result = services.home_import(
            actor=actor,
            local_government=city.lg,
            raw_rows=raw_rows,
            filename=upload.filename,
            provider=provider if as_provider else None,
        )
    except ImportInvalid as invalid:
        event("refused")
        assert_row_errors(invalid.errors)
        assert row_counts("housing") == before, "a refused file wrote something"
    else:
        event("loaded")
        assert result.rows >= 1
