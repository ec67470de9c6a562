"""Access-matrix rows of support coordination: cases (merged in access_rows.py)."""

ROWS = {}
CASE_PAGES = {}
