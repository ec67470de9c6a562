"""Access-matrix rows of support coordination: consents (merged in access_rows.py)."""

ROWS = {}
CASE_PAGES = {}
