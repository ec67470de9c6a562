"""Catch personal data in the application log (docs/adr/0014-logs-health-and-shared-cache.md).

`capture_logs()` adds a handler to the root logger that formats every record as production
does (JSON, core.logs.formatter, with the refusal filter) and keeps the lines. `PersonalData`
notes, while it is connected, every personal value saved to the database: the accounts' user
names, display names and e-mail addresses, every encrypted field's text (core.fields: names,
contacts, legal status, offence details of persons and seekers), and the contact names and
e-mails of employers and applications. `leaks(lines, words)` lists the lines that contain any.

As a pytest plugin (conftest.py's `pytest_plugins`) it gives:
- `log_scan`: a fixture that captures every log line of the test (DEBUG and up) and the
  personal data the test saved; `log_scan.assert_clean(extra_words)` fails on a leak;
- the same check, automatically, on every browser test: the live server logs from its own
  thread into the same root logger, so a page the browser opened that logged a name fails
  the test (words: the personal data saved during the test and `LOG_FORBIDDEN_WORDS`, a
  fixture that conftest.py fills with the demo data's names and the offence words).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db.models.signals import post_save

from core.fields import EncryptedTextField
from core.logs import RefusalFilter, formatter

# Plain (not encrypted) fields that hold a person's name or address, on any model.
PERSONAL_FIELD_NAMES = frozenset(
    {
        "username",
        "display_name",
        "email",
        "first_name",
        "last_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "phone",
        "name_kana",
    }
)
# Test tooling that logs the values it builds (factory_boy at DEBUG): not the application's log.
TOOLING_LOGGERS = ("factory", "faker")
# The demo accounts' user names are their roles ("partner", "employer"), which also name pages
# (/staff/employment/employers/): a user name of one lowercase word says nothing in a path.
GENERIC_USERNAME = re.compile(r"[a-z]+")
# Shorter values (a one-letter initial, "1") would match everywhere and prove nothing.
MIN_WORD_LENGTH = 3


class LineCapture(logging.Handler):
    def __init__(self, level=logging.DEBUG):
        super().__init__(level)
        self.stream = io.StringIO()
        self.setFormatter(formatter("json"))
        self.addFilter(RefusalFilter())

    def emit(self, record):
        if record.name.startswith(TOOLING_LOGGERS):
            return
        try:
            self.stream.write(self.format(record) + "\n")
        except Exception:  # pragma: no cover - a broken record must not hide the others
            self.handleError(record)

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stream.getvalue().splitlines() if line]


@contextmanager
def capture_logs(level=logging.DEBUG) -> Iterator[LineCapture]:
    """Keep every line logged (at `level` and up) while the block runs, formatted as JSON. The
    other handlers keep showing only what they showed before, and the test tooling's loggers
    stay quiet."""
    root = logging.getLogger()
    handler = LineCapture(level)
    previous = root.level
    others = [(other, other.level) for other in root.handlers]
    tooling = [(logging.getLogger(name), logging.getLogger(name).level) for name in TOOLING_LOGGERS]
    for other, _level in others:
        other.setLevel(max(other.level, previous))
    for logger, _level in tooling:
        logger.setLevel(logging.WARNING)
    root.addHandler(handler)
    root.setLevel(min(level, previous) if previous else level)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        for other, other_level in [*others, *tooling]:
            other.setLevel(other_level)


class PersonalData:
    """The personal values saved while connected (see the module's docstring)."""

    def __init__(self):
        self.words: set[str] = set()

    def _saved(self, sender, instance, **kwargs):
        for field in sender._meta.concrete_fields:
            if field.name in PERSONAL_FIELD_NAMES or isinstance(field, EncryptedTextField):
                value = getattr(instance, field.attname, None)
                if isinstance(value, str) and len(value.strip()) >= MIN_WORD_LENGTH:
                    if field.name == "username" and GENERIC_USERNAME.fullmatch(value):
                        continue
                    self.words.add(value.strip())

    def connect(self):
        post_save.connect(self._saved, dispatch_uid=f"logscan-{id(self)}", weak=False)

    def disconnect(self):
        post_save.disconnect(dispatch_uid=f"logscan-{id(self)}")


def leaks(lines: Iterable[str], words: Iterable[str]) -> list[tuple[str, str]]:
    """(word, line) for every line that contains one of `words`."""
    words = sorted({word for word in words if len(word) >= MIN_WORD_LENGTH})
    return [(word, line) for line in lines for word in words if word in line]


def leak_report(found: list[tuple[str, str]]) -> str:
    return "personal data in the log:\n" + "\n".join(
        f"  {word!r} in {line[:300]}" for word, line in found[:20]
    )


class LogScan:
    def __init__(self, capture: LineCapture, personal: PersonalData):
        self.capture = capture
        self.personal = personal

    @property
    def lines(self) -> list[str]:
        return self.capture.lines

    def leaks(self, extra_words: Iterable[str] = ()) -> list[tuple[str, str]]:
        return leaks(self.lines, {*self.personal.words, *extra_words})

    def assert_clean(self, extra_words: Iterable[str] = ()) -> None:
        found = self.leaks(extra_words)
        assert not found, leak_report(found)


@contextmanager
def scanning() -> Iterator[LogScan]:
    personal = PersonalData()
    personal.connect()
    try:
        with capture_logs() as capture:
            yield LogScan(capture, personal)
    finally:
        personal.disconnect()


@pytest.fixture
def log_scan():
    """Every log line of the test and the personal data it saved (see LogScan)."""
    with scanning() as scan:
        yield scan


@pytest.fixture(scope="session")
def log_forbidden_words() -> frozenset[str]:
    """Words that must never be logged whatever the test saved; conftest.py overrides it."""
    return frozenset()


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(request):
    """A browser test fails when the server logged a personal value the test saved, a demo
    name or an offence word while its pages were open."""
    if "browser" not in request.fixturenames or not getattr(settings, "configured", False):
        yield
        return
    words = request.getfixturevalue("log_forbidden_words")
    with scanning() as scan:
        yield
    found = scan.leaks(words)
    if found:
        pytest.fail(leak_report(found), pytrace=False)
