"""Access-matrix rows of the directory (merged from its parts)."""

from directory.tests.access_rows_api import ROWS as API_ROWS
from directory.tests.access_rows_portal import ROWS as PORTAL_ROWS
from directory.tests.access_rows_staff import ROWS as STAFF_ROWS

ROWS = {**PORTAL_ROWS, **STAFF_ROWS, **API_ROWS}
