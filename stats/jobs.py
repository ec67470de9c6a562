"""The statistics export (the import template with every stored value) as a background job
(core.jobs; registered from StatsConfig.ready()). No params: the body's own values."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs.registry import JobKind, Output, register
from core.web.exports import CSV_CONTENT_TYPE, csv_lines
from stats import selectors
from stats.importer import VALUE_COLUMNS

TEMPLATE_JOB = "stats.values_csv"


def build_template(job, progress) -> Output:
    progress(10, _("値を書き出しています。"))
    rows = selectors.template_rows(job.local_government)
    content = "".join(csv_lines(rows, header=VALUE_COLUMNS)).encode("utf-8")
    return Output(
        content=content,
        file_name=selectors.template_file_name(job.local_government),
        content_type=CSV_CONTENT_TYPE,
        message=_("書き出しました。"),
    )


def register_kinds() -> None:
    register(
        JobKind(
            name=TEMPLATE_JOB,
            label=gettext_lazy("統計の値（取込みのひな形）の書き出し"),
            run=build_template,
        )
    )
