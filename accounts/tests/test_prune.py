"""manage.py prune_login_attempts: deletes what is past its time, in batches; safe for cron."""

from datetime import timedelta
from io import StringIO

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessLog
from django.core.management import call_command
from django.utils import timezone


def attempt(username, *, expires_in: timedelta):
    row = AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.10",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=1,
        get_data="",
        post_data="",
    )
    AccessAttemptExpiration.objects.create(
        access_attempt=row, expires_at=timezone.now() + expires_in
    )
    return row


def access_log(username, *, days_ago: int):
    row = AccessLog.objects.create(
        username=username,
        ip_address="203.0.113.10",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
    )
    AccessLog.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - timedelta(days=days_ago)
    )
    return row


def prune(*args) -> str:
    out = StringIO()
    call_command("prune_login_attempts", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_expired_attempts_and_old_logs_and_keeps_the_rest(db, settings):
    settings.LOGIN_ATTEMPT_RETENTION_DAYS = 30
    attempt("expired", expires_in=timedelta(seconds=-1))
    live = attempt("live", expires_in=timedelta(minutes=5))
    access_log("old", days_ago=31)
    recent = access_log("recent", days_ago=29)
    output = prune()
    assert "deleted 1 attempts" in output and "deleted 1 access logs" in output
    assert list(AccessAttempt.objects.all()) == [live]
    assert list(AccessLog.objects.all()) == [recent]


def test_a_second_run_finds_nothing_and_says_so(db):
    attempt("expired", expires_in=timedelta(seconds=-1))
    prune()
    assert prune().startswith("nothing to prune")


def test_it_stops_after_its_batches_and_the_next_run_continues(db):
    for number in range(5):
        attempt(f"expired{number}", expires_in=timedelta(seconds=-1))
    output = prune("--batch-size", "2", "--max-batches", "2")
    assert "deleted 4 attempts (more left for the next run)" in output
    assert AccessAttempt.objects.count() == 1
    assert "deleted 1 attempts" in prune("--batch-size", "2", "--max-batches", "2")
    assert not AccessAttempt.objects.exists()


def test_an_empty_database_is_nothing_to_do(db):
    assert prune("--days", "7") == "nothing to prune (access logs kept for 7 days)\n"
