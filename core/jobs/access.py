"""Who sees a background job: its creator, the secretariat of its body, and the system admin
(who serves every body) for its state only; a job's result file only its creator and the
secretariat (a result may hold personal data). Everyone else gets 404."""

from django.http import Http404

from core.access import has_role, is_secretariat_of
from core.jobs.models import Job
from core.roles import Role


def can_see(user, job: Job) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if has_role(user, [Role.SYSTEM_ADMIN]):
        return True
    return can_download(user, job)


def can_download(user, job: Job) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if job.created_by_id is not None and job.created_by_id == user.pk:
        return True
    return job.local_government is not None and is_secretariat_of(user, job.local_government)


def can_retry(user, job: Job) -> bool:
    if has_role(user, [Role.SYSTEM_ADMIN]):
        return True
    return job.local_government is not None and is_secretariat_of(user, job.local_government)


def visible_job(user, pk: int) -> Job:
    """The job `pk` if `user` may see it, else 404."""
    job = Job.objects.select_related("local_government", "created_by").filter(pk=pk).first()
    if job is None or not can_see(user, job):
        raise Http404("no such job")
    return job


def failed_jobs(user):
    """The failed jobs the user looks after: the secretariat's body's, or every body's for the
    system admin; newest first."""
    jobs = Job.objects.filter(status=Job.Status.FAILED).select_related(
        "local_government", "created_by"
    )
    if has_role(user, [Role.SYSTEM_ADMIN]):
        return jobs
    if has_role(user, [Role.SECRETARIAT]) and user.local_government_id:
        return jobs.filter(local_government_id=user.local_government_id)
    return jobs.none()
