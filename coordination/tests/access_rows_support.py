"""Access-matrix rows of support coordination: support (merged in access_rows.py)."""

ROWS = {}
CASE_PAGES = {}
