"""The job magazine's PDF as a background job (core.jobs; registered from
EmploymentConfig.ready()). Params: the issue's id."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs.registry import JobKind, Output, register
from employment.magazine import selectors
from employment.models import MagazineIssue

KIND = "employment.magazine_pdf"


def file_name(issue: MagazineIssue) -> str:
    state = "" if issue.status == MagazineIssue.Status.ISSUED else "-draft"
    return f"{issue.local_government.slug}-job-magazine-{issue.number}{state}.pdf"


def build_pdf(job, progress) -> Output:
    # WeasyPrint loads only where a PDF is made (as in the views)
    from employment.magazine.pdf import render_issue_pdf

    issue = selectors.issue_for(job.local_government, job.params["issue"])
    progress(20, _("求人を並べています。"))
    content = render_issue_pdf(issue)
    return Output(
        content=content,
        file_name=file_name(issue),
        content_type="application/pdf",
        message=_("PDFを作成しました。"),
    )


def register_kinds() -> None:
    register(
        JobKind(
            name=KIND,
            label=gettext_lazy("求人情報誌（PDF）の作成"),
            run=build_pdf,
            max_attempts=2,
        )
    )
