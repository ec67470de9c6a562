"""Access-matrix rows of the employment part "employers" (merged in access_rows.py)."""

ROWS: dict = {}
