"""Access-matrix rows of health and readiness endpoints (see core/tests/access_rows.py)."""

ROWS = {}
