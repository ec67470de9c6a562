"""Access-matrix rows of the employment part "events" (merged in access_rows.py)."""

ROWS: dict = {}
