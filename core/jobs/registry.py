"""The registry of job kinds: each app registers what it runs in the background from its
AppConfig.ready(); core runs a job by its kind's name and never names the app above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Output:
    """What a job hands back: a file (bytes, its name and type) or a page to go to, and a
    one-line message (shown on the job's page)."""

    content: bytes | None = None
    file_name: str = ""
    content_type: str = "application/octet-stream"
    url: str = ""
    message: str = ""


class Rejected(Exception):
    """The job's input is wrong (an import's row errors): the job fails at once, without a
    retry, and `message` says why (shown to whoever asked for it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JobKind:
    name: str
    label: Any  # a lazy translation
    # run(job, progress) -> Output | None; progress(percent, message) records progress
    run: Callable
    # tries in all (1: no retry); a retry waits backoff_seconds × 2^(attempt − 1)
    max_attempts: int = 1
    backoff_seconds: int = 30
    # who may start a job of this kind is decided by the view that enqueues it; who may read
    # it afterwards: its creator and the secretariat of its body (core.jobs.access)


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"job kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind


def get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} registered") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
