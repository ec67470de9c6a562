"""Job kinds for the tests of core.jobs: one that succeeds with a file, one that always
fails, one that fails once, and one whose input is refused."""

import pytest

from core.jobs import registry
from core.jobs.registry import JobKind, Output, Rejected

SEEN = []


def _succeeds(job, progress):
    progress(30, "reading")
    SEEN.append(("progress", job.pk))
    progress(70, "writing")
    return Output(content=b"a,b\n1,2\n", file_name="result.csv", content_type="text/csv")


def _always_fails(job, progress):
    progress(10, "trying")
    raise ConnectionRefusedError("mail server for someone@example.invalid refused")


def _fails_once(job, progress):
    if job.attempts == 1:
        raise TimeoutError("first try")
    return Output(url="/staff/", message="done on the second try")


def _rejected(job, progress):
    raise Rejected("row 3: no such indicator")


KINDS = [
    JobKind(name="test.succeeds", label="test succeeds", run=_succeeds),
    JobKind(
        name="test.always_fails",
        label="test fails",
        run=_always_fails,
        max_attempts=3,
        backoff_seconds=0,
    ),
    JobKind(
        name="test.fails_once",
        label="test fails once",
        run=_fails_once,
        max_attempts=2,
        backoff_seconds=0,
    ),
    JobKind(name="test.rejected", label="test rejected", run=_rejected, max_attempts=3),
]


@pytest.fixture(autouse=True)
def _results_in_a_temporary_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def test_kinds():
    for kind in KINDS:
        registry.register(kind)
    yield
    for kind in KINDS:
        registry._KINDS.pop(kind.name, None)
