"""Access-matrix rows of the public part (merged by access_rows.py)."""

ROWS = {}
