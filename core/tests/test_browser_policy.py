"""Under CI=true a missing browser fails the run; elsewhere the browser tests are skipped."""

import pytest
from _pytest.outcomes import Failed, Skipped

from conftest import _browser_unavailable


def test_a_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed):
        _browser_unavailable("no chromium")


def test_a_missing_browser_skips_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped):
        _browser_unavailable("no chromium")
