"""Access-matrix rows of the housing referral part (coordination.housing), merged by
access_rows.py."""

ROWS = {}
CASE_PAGES = {}
