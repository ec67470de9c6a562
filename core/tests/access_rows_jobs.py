"""Access-matrix rows of background jobs (core/jobs) (see core/tests/access_rows.py).

A job is seen by its creator (here the city's department user), the secretariat of its body
and the system admin (its state, not its file); every other role gets 404, as do the same
roles of another body and another department of the city."""

from core.roles import Role
from core.testing.matrix import DENIED, LOGIN, NOT_FOUND, OK, REDIRECT, Row, staff_only

SEES = {Role.SECRETARIAT, Role.DEPARTMENT, Role.SYSTEM_ADMIN}


def _job(city, **fields):
    from django.core.files.base import ContentFile

    from core.jobs.models import Job

    job = Job.objects.create(
        local_government=city.lg,
        kind="pdca.compiled_xlsx",
        created_by=city.users[Role.DEPARTMENT],
        **fields,
    )
    if fields.get("status") == Job.Status.SUCCEEDED:
        job.result_name = "report.csv"
        job.result_file.save(f"jobs/{job.pk}/report.csv", ContentFile(b"x"))
    return {"pk": job.pk}


def _running(city):
    return _job(city, status="running", progress=40)


def _succeeded(city):
    return _job(city, status="succeeded", progress=100)


def _failed(city):
    return _job(city, status="failed", error="ConnectionRefusedError", attempts=1)


def _seen_by(*roles, ok=OK, **extra) -> Row:
    expect = {"anonymous": LOGIN}
    expect.update({role: ok if role in roles else NOT_FOUND for role in Role.values})
    return Row(expect, **extra)


ROWS = {
    "background_jobs:detail": _seen_by(*SEES, kwargs=_running),
    "background_jobs:status": _seen_by(*SEES, kwargs=_running),
    "background_jobs:download": _seen_by(
        Role.SECRETARIAT,
        Role.DEPARTMENT,
        kwargs=_succeeded,
    ),
    "background_jobs:failed": staff_only(Role.SECRETARIAT, Role.SYSTEM_ADMIN),
    "background_jobs:retry": Row(
        {
            "anonymous": LOGIN,
            **{
                role: REDIRECT if role in (Role.SECRETARIAT, Role.SYSTEM_ADMIN) else DENIED
                for role in Role.values
            },
        },
        kwargs=_failed,
        method="post",
    ),
}
