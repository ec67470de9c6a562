"""Background jobs (core.jobs) on the embedded engine as the suite runs it (django-tasks'
immediate backend): enqueue → run → succeeded with progress and a result; failures retried,
then failed and visible to the secretariat; a job a dead worker left; who sees a job."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.jobs import services
from core.jobs.models import Job
from core.roles import Role
from core.testing.audit import assert_audited

S = Job.Status


def _run(callbacks, kind, city, user=None, **params):
    with callbacks(execute=True):
        job = services.enqueue(kind, local_government=city.lg, created_by=user, params=params)
    job.refresh_from_db()
    return job


def test_it_runs_a_job_to_its_result_and_its_creator_downloads_it(
    client, city, django_capture_on_commit_callbacks
):
    creator = city.users[Role.DEPARTMENT]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.enqueue(
            "test.succeeds", local_government=city.lg, created_by=creator, params={"n": 1}
        )
    assert Job.objects.get(pk=job.pk).status == S.QUEUED  # nothing runs before the commit
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (S.SUCCEEDED, 100, 1)
    assert job.result_name == "result.csv" and job.finished_at is not None
    client.force_login(creator)
    page = client.get(reverse("background_jobs:detail", kwargs={"pk": job.pk}))
    html = page.content.decode()
    assert '<progress id="job-progress" max="100" value="100">' in html
    assert reverse("background_jobs:download", kwargs={"pk": job.pk}) in html
    assert "data-hx-get" not in html  # finished: no more polling
    download = client.get(reverse("background_jobs:download", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content) == b"a,b\n1,2\n"
    assert 'filename="result.csv"' in download["Content-Disposition"]


def test_a_running_job_shows_its_progress_and_polls_with_a_refresh_link(client, city):
    creator = city.users[Role.DEPARTMENT]
    job = Job.objects.create(
        local_government=city.lg,
        kind="test.succeeds",
        created_by=creator,
        status=S.RUNNING,
        progress=40,
        message="ファイルを作成しています。",
    )
    client.force_login(creator)
    fragment = client.get(reverse("background_jobs:status", kwargs={"pk": job.pk}))
    html = fragment.content.decode()
    assert 'value="40"' in html and "40%" in html and "ファイルを作成しています。" in html
    assert f'data-hx-get="{reverse("background_jobs:status", kwargs={"pk": job.pk})}"' in html
    # without script: a link that reloads the job's page
    assert f'href="{reverse("background_jobs:detail", kwargs={"pk": job.pk})}"' in html


def test_progress_is_recorded_while_the_job_runs(city, django_capture_on_commit_callbacks):
    seen = []

    def watch(job, progress):
        progress(55, "half")
        seen.append(Job.objects.values_list("status", "progress", "message").get(pk=job.pk))

    from core.jobs import registry

    registry.register(registry.JobKind(name="test.watch", label="watch", run=watch))
    try:
        job = _run(django_capture_on_commit_callbacks, "test.watch", city)
    finally:
        registry._KINDS.pop("test.watch")
    assert seen == [(S.RUNNING, 55, "half")]
    assert job.status == S.SUCCEEDED


def test_a_failing_job_is_retried_then_failed_and_listed_for_the_secretariat(
    client, city, other_city, django_capture_on_commit_callbacks
):
    job = _run(django_capture_on_commit_callbacks, "test.always_fails", city)
    assert (job.status, job.attempts) == (S.FAILED, 3)
    assert "ConnectionRefusedError" in job.error
    assert "example.invalid" not in job.error  # the exception's text may be personal
    failed = reverse("background_jobs:failed")
    client.force_login(city.users[Role.SECRETARIAT])
    assert (
        reverse("background_jobs:detail", kwargs={"pk": job.pk})
        in client.get(failed).content.decode()
    )
    client.force_login(other_city.users[Role.SECRETARIAT])
    assert (
        reverse("background_jobs:detail", kwargs={"pk": job.pk})
        not in client.get(failed).content.decode()
    )
    client.force_login(city.users[Role.SYSTEM_ADMIN])
    assert (
        reverse("background_jobs:detail", kwargs={"pk": job.pk})
        in client.get(failed).content.decode()
    )

    # the secretariat retries it: three more tries, failed again, the retry audited
    client.force_login(city.users[Role.SECRETARIAT])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("background_jobs:retry", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (S.FAILED, 3)
    assert_audited(
        action="jobs.retry",
        actor=city.users[Role.SECRETARIAT],
        obj=job,
        changes={"status": {"before": S.FAILED, "after": S.QUEUED}},
    )


def test_a_job_that_fails_once_succeeds_on_its_retry(city, django_capture_on_commit_callbacks):
    job = _run(django_capture_on_commit_callbacks, "test.fails_once", city)
    assert (job.status, job.attempts, job.result_url) == (S.SUCCEEDED, 2, "/staff/")
    assert job.error == "" and job.message == "done on the second try"


def test_refused_input_fails_at_once_without_retry(city, django_capture_on_commit_callbacks):
    job = _run(django_capture_on_commit_callbacks, "test.rejected", city)
    assert (job.status, job.attempts, job.error) == (S.FAILED, 1, "row 3: no such indicator")


def test_a_job_whose_worker_died_is_requeued_or_failed_never_lost(
    city, settings, django_capture_on_commit_callbacks
):
    settings.TSUNAGU_JOBS_STALE_SECONDS = 600
    long_ago = timezone.now() - datetime.timedelta(seconds=601)
    recent = timezone.now() - datetime.timedelta(seconds=60)

    def running(kind, attempts, max_attempts, heartbeat):
        return Job.objects.create(
            local_government=city.lg,
            kind=kind,
            status=S.RUNNING,
            attempts=attempts,
            max_attempts=max_attempts,
            heartbeat_at=heartbeat,
        )

    with_tries_left = running("test.succeeds", 1, 2, long_ago)
    out_of_tries = running("test.succeeds", 2, 2, long_ago)
    still_alive = running("test.succeeds", 1, 2, recent)
    forgotten = Job.objects.create(local_government=city.lg, kind="test.succeeds")
    Job.objects.filter(pk=forgotten.pk).update(created_at=long_ago)

    outcome = services.recover_stale_jobs()
    assert outcome.requeued == [with_tries_left.pk] and outcome.failed == [out_of_tries.pk]
    assert outcome.redispatched == [forgotten.pk]
    states = dict(Job.objects.values_list("pk", "status"))
    # the requeued and the forgotten ran again (the immediate engine), the other is failed
    assert states[with_tries_left.pk] == S.SUCCEEDED and states[forgotten.pk] == S.SUCCEEDED
    assert states[out_of_tries.pk] == S.FAILED and states[still_alive.pk] == S.RUNNING
    assert "停止" in Job.objects.get(pk=out_of_tries.pk).error


def test_a_job_is_run_once_even_if_the_engine_delivers_it_twice(city):
    from core.jobs.runner import run_job

    job = Job.objects.create(local_government=city.lg, kind="test.succeeds")
    run_job(job.pk)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (S.SUCCEEDED, 1)


def test_only_the_creator_the_bodys_secretariat_and_the_system_admin_see_a_job(
    client, city, other_city, city_outsiders
):
    creator = city.users[Role.DEPARTMENT]
    job = Job.objects.create(
        local_government=city.lg,
        kind="test.succeeds",
        created_by=creator,
        status=S.SUCCEEDED,
        result_name="r.csv",
    )
    job.result_file.save(f"jobs/{job.pk}/r.csv", ContentFile(b"x"))
    detail = reverse("background_jobs:detail", kwargs={"pk": job.pk})
    download = reverse("background_jobs:download", kwargs={"pk": job.pk})
    for user in (creator, city.users[Role.SECRETARIAT]):
        client.force_login(user)
        assert client.get(detail).status_code == 200 and client.get(download).status_code == 200
    client.force_login(city.users[Role.SYSTEM_ADMIN])  # its state, not its file
    assert client.get(detail).status_code == 200 and client.get(download).status_code == 404
    refused = [
        city.users[Role.PARTNER],
        city_outsiders[Role.DEPARTMENT],  # another department of the same city
        other_city.users[Role.SECRETARIAT],
        other_city.users[Role.DEPARTMENT],
    ]
    for user in refused:
        client.force_login(user)
        assert client.get(detail).status_code == 404, user
        assert client.get(download).status_code == 404, user
    client.logout()
    assert client.get(detail).status_code == 302  # to the login page
