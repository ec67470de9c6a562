"""Hostile query strings for every GET page (core/tests/test_hostile_params.py), kept next to
the access matrix whose rows say which URLs exist and who may open them.

The parameters a page reads are found by asking it: a probe request records every key the
view looks up in request.GET (directly, through a form, or on a copy). `EXTRA` lists the few
that a probe cannot find, read only when some other parameter is present; a name there that
a page no longer reads fails the test, so the list cannot go stale silently.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.utils.functional import cached_property

# '²' passes str.isdigit() but not int(); '١٢' is Arabic-Indic 12 (int() reads it); a 30-digit
# number overflows every integer column; the others are plainly wrong.
HOSTILE_VALUES = [
    "²",
    "١٢",
    "1" * 30,
    "-1",
    "",
    "9223372036854775808",
    "abc",
    "1.5",
    "0x1",
    "a\x00b",
]

PROBE = "__probe"

# URL name -> parameters the page reads only when a filter is present (so the probe, which
# sends none, does not see them).
EXTRA: dict[str, list[str]] = {
    "jobs:board": ["q", "industry", "ward", "employment_type", "housing", "probation", "page"],
}


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes every key looked up in it (and in its copies)."""

    seen: set[str] | None = None

    def _note(self, key) -> None:
        if RecordingQueryDict.seen is not None and isinstance(key, str) and key != PROBE:
            RecordingQueryDict.seen.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


def _recording_get(self):
    raw = get_bytes_from_wsgi(self.environ, "QUERY_STRING", "")
    return RecordingQueryDict(raw, encoding=self._encoding)


@contextmanager
def recording_query_reads():
    """Within it, every request's GET records the keys read; yields the set of keys."""
    original = WSGIRequest.__dict__["GET"]
    prop = cached_property(_recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    WSGIRequest.GET = prop
    RecordingQueryDict.seen = set()
    try:
        yield RecordingQueryDict.seen
    finally:
        WSGIRequest.GET = original
        RecordingQueryDict.seen = None
