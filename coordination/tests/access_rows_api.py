"""Access-matrix rows of support coordination: api (merged in access_rows.py)."""

ROWS = {}
CASE_PAGES = {}
