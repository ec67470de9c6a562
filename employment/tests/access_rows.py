"""Access-matrix rows of employment (merged from its parts)."""

from employment.tests.employers.access_rows import ROWS as EMPLOYER_ROWS
from employment.tests.events.access_rows import ROWS as EVENT_ROWS
from employment.tests.magazine.access_rows import ROWS as MAGAZINE_ROWS
from employment.tests.postings.access_rows import ROWS as POSTING_ROWS
from employment.tests.seekers.access_rows import ROWS as MATCHING_ROWS

ROWS = {**EMPLOYER_ROWS, **POSTING_ROWS, **MAGAZINE_ROWS, **EVENT_ROWS, **MATCHING_ROWS}
