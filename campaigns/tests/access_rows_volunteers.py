"""Access-matrix rows of the volunteers part (merged by access_rows.py)."""

ROWS = {}
