"""Access-matrix rows of support coordination, merged from one module per part, and the pages
of one case that the record-scope test (test_record_scope.py) tries with a consent withdrawn,
expired, a field group not covered and another organization.

Each part's module defines ROWS (URL name → Row) and CASE_PAGES (URL name → callable(world)
→ kwargs, for the GET pages of one case; world is coordination.tests.factories.matrix_world)."""

from coordination.tests import (
    access_rows_api,
    access_rows_applications,
    access_rows_cases,
    access_rows_consents,
    access_rows_housing,
    access_rows_referrals,
    access_rows_support,
)

PARTS = (
    access_rows_cases,
    access_rows_consents,
    access_rows_referrals,
    access_rows_support,
    access_rows_housing,
    access_rows_applications,
    access_rows_api,
)

ROWS = {}
CASE_PAGES = {}
for _part in PARTS:
    assert not set(ROWS) & set(_part.ROWS), f"rows defined twice in {_part.__name__}"
    ROWS.update(_part.ROWS)
    CASE_PAGES.update(getattr(_part, "CASE_PAGES", {}))
