"""Access-matrix rows of the events part (merged by access_rows.py)."""

ROWS = {}
