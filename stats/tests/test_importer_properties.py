"""Property: any statistics values file (CSV or Excel) is either imported cleanly or refused
with a list of row errors and nothing written; never an exception (docs/testing.md)."""

from hypothesis import event, given

from core.roles import Role
from core.testing.properties import assert_row_errors, row_counts, uploads
from stats.importer import OPTIONAL_VALUE_COLUMNS, VALUE_COLUMNS, ImportInvalid
from stats.services import statistics_import_file

PLAUSIBLE = {
    "series": ["arrests", "reoffenders", "reoffender-rate", "unknown-series"],
    "area": ["テスト市（架空）", "よそ市"],
    "period": ["2019", "2018", "2020", "1899", "２０２１"],
    "breakdown_kind": ["", "", "罪種"],
    "breakdown": ["", "", "窃盗犯", "粗暴犯"],
    "value": ["100", "300", "0", "1.5", "-3", "1,234"],
    "note": ["", "速報値"],
}

GOOD_ROWS = [
    {"series": "arrests", "area": "テスト市（架空）", "period": "2020", "value": "310"},
    {"series": "reoffenders", "area": "テスト市（架空）", "period": "2021", "value": "90"},
    {"series": "arrests", "area": "テスト市（架空）", "period": "2017", "value": "1,200"},
]


@given(upload=uploads(VALUE_COLUMNS, PLAUSIBLE, good_rows=GOOD_ROWS))
def test_any_values_file_is_imported_or_refused_with_row_errors(city, city_series, upload):
    assert "note" in OPTIONAL_VALUE_COLUMNS
    before = row_counts("stats")
    try:
        result = statistics_import_file(
            actor=city.users[Role.SECRETARIAT],
            local_government=city.lg,
            filename=upload.filename,
            content=upload.content,
        )
    except ImportInvalid as invalid:
        event("refused")
        assert_row_errors(invalid.errors)
        assert row_counts("stats") == before, "a refused file wrote something"
    else:
        event("loaded")
        assert result.counts["rows"] >= 1
