"""Access-matrix rows of the employment part "matching" (merged in access_rows.py)."""

ROWS: dict = {}
