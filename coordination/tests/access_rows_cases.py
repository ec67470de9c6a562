"""Access-matrix rows of support coordination: cases (merged in access_rows.py)."""

from coordination.access import CASE_ROLES
from core.testing.matrix import REDIRECT, staff_only

# PLACEHOLDER from the support branch (drop at merge, with coordination/cases/urls.py's).
ROWS = {"cases:index": staff_only(*CASE_ROLES, ok=REDIRECT)}
CASE_PAGES = {}
