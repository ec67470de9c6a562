"""Access-matrix rows of support coordination: referrals (merged in access_rows.py)."""

ROWS = {}
CASE_PAGES = {}
