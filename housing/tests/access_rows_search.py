"""Access-matrix rows of the search part (merged by access_rows.py)."""

ROWS = {}
