"""Access-matrix rows of the employment part "postings" (merged in access_rows.py)."""

ROWS: dict = {}
