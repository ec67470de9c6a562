"""Access-matrix rows of the employment part "magazine" (merged in access_rows.py)."""

ROWS: dict = {}
