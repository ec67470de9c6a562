"""Access-matrix rows of core's own parts, merged from one module per part (ROWS: URL name → Row).
The portal's and the API's first rows stay in test_access_matrix.MATRIX."""

from core.tests import access_rows_jobs, access_rows_ops

PARTS = (access_rows_jobs, access_rows_ops)

ROWS = {}
for _part in PARTS:
    assert not set(ROWS) & set(_part.ROWS), f"rows defined twice in {_part.__name__}"
    ROWS.update(_part.ROWS)
