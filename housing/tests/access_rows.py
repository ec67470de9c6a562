"""Access-matrix rows of housing, merged from one module per part (ROWS: URL name → Row)."""

from housing.tests import (
    access_rows_homes,
    access_rows_public,
    access_rows_search,
)

PARTS = (
    access_rows_homes,
    access_rows_search,
    access_rows_public,
)

ROWS = {}
for _part in PARTS:
    assert not set(ROWS) & set(_part.ROWS), f"rows defined twice in {_part.__name__}"
    ROWS.update(_part.ROWS)
