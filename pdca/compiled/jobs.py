"""The compiled report's PDF and Excel as background jobs (core.jobs; registered from
PdcaConfig.ready()). Params: the cycle's id; the staff version (pending reports included)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs.registry import JobKind, Output, register
from pdca.compiled.compile import compile_report, report_pdf, report_xlsx, staff_cycle

PDF_KIND = "pdca.compiled_pdf"
XLSX_KIND = "pdca.compiled_xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
FORMATS = {"pdf": PDF_KIND, "xlsx": XLSX_KIND}


def _build(render, extension: str, content_type: str):
    def run(job, progress) -> Output:
        progress(10, _("報告を集めています。"))
        report = compile_report(staff_cycle(job.local_government, job.params["cycle"]))
        progress(40, _("ファイルを作成しています。"))
        content = render(report)
        return Output(
            content=content,
            file_name=report.file_name(extension),
            content_type=content_type,
            message=_("報告書を作成しました。"),
        )

    return run


def register_kinds() -> None:
    register(
        JobKind(
            name=PDF_KIND,
            label=gettext_lazy("進捗状況報告書（PDF）の作成"),
            run=_build(report_pdf, "pdf", PDF),
            max_attempts=2,
        )
    )
    register(
        JobKind(
            name=XLSX_KIND,
            label=gettext_lazy("進捗状況報告書（Excel）の作成"),
            run=_build(report_xlsx, "xlsx", XLSX),
            max_attempts=2,
        )
    )
