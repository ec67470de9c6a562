"""Access-matrix rows of background jobs (core/jobs) (see core/tests/access_rows.py)."""

ROWS = {}
