"""Access-matrix rows of the homes part (merged by access_rows.py)."""

ROWS = {}
