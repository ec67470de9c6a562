"""Access-matrix rows of the pdca app (merged from its parts)."""

from pdca.tests.access_rows_core import ROWS as CORE_ROWS
from pdca.tests.access_rows_meetings import ROWS as MEETING_ROWS
from pdca.tests.access_rows_report import ROWS as REPORT_ROWS

ROWS = {**CORE_ROWS, **MEETING_ROWS, **REPORT_ROWS}
