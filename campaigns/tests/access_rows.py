"""Access-matrix rows of campaigns, merged from one module per part (ROWS: URL name → Row)."""

from campaigns.tests import (
    access_rows_events,
    access_rows_volunteers,
)

PARTS = (
    access_rows_events,
    access_rows_volunteers,
)

ROWS = {}
for _part in PARTS:
    assert not set(ROWS) & set(_part.ROWS), f"rows defined twice in {_part.__name__}"
    ROWS.update(_part.ROWS)
