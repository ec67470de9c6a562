"""Writes of a progress report: saving a draft, submitting it, the secretariat's review
(return or accept). Each service checks who may do it, runs in one transaction and records an
audit entry."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from pdca import access
from pdca.models import Evaluation, ProgressReport, ProgressReportVersion

REPORT_AUDIT_FIELDS = ("status", *ProgressReport.CONTENT_FIELDS, "version", "last_comment")


MAX_FIGURES = 10


def clean_figures(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Keep the figure rows that have something in them; each needs a label and a number."""
    cleaned, errors = [], []
    for index, row in enumerate(rows, start=1):
        label = (row.get("label") or "").strip()
        raw = str(row.get("value") or "").strip().replace(",", "")
        unit = (row.get("unit") or "").strip()
        if not (label or raw or unit):
            continue
        if not label:
            errors.append(_("数値%(n)s: 項目名を入力してください。") % {"n": index})
        try:
            value = Decimal(raw)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("数値%(n)s: 値は数字で入力してください。") % {"n": index})
            continue
        cleaned.append({"label": label[:100], "value": str(value), "unit": unit[:20]})
    if len(cleaned) > MAX_FIGURES:
        errors.append(_("数値は%(max)s件までです。") % {"max": MAX_FIGURES})
    if errors:
        raise ValidationError({"figures": errors})
    return cleaned


def _check_writable(actor, report: ProgressReport) -> None:
    if not access.can_write_report(actor, report):
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(
            _("この報告は「%(status)s」のため編集できません。")
            % {"status": report.get_status_display()}
        )


@transaction.atomic
def report_save(*, actor, report: ProgressReport, data: dict[str, Any]) -> ProgressReport:
    """Save a draft (or a returned report being revised)."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_writable(actor, report)
    before = audit.snapshot(report, REPORT_AUDIT_FIELDS)
    for name in ("actions", "results", "issues", "next_steps"):
        setattr(report, name, (data.get(name) or "").strip())
    evaluation = data.get("evaluation") or ""
    if evaluation and evaluation not in Evaluation.values:
        raise ValidationError({"evaluation": _("自己評価の値が正しくありません。")})
    report.evaluation = evaluation
    report.figures = clean_figures(data.get("figures") or [])
    report.save()
    changes = audit.diff(before, audit.snapshot(report, REPORT_AUDIT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="pdca.report_save",
            local_government=report.local_government,
            obj=report,
            changes=changes,
        )
    return report


def _missing_for_submit(report: ProgressReport) -> dict[str, str]:
    required = {
        "actions": _("実施内容を入力してください。"),
        "results": _("実績を入力してください。"),
        "evaluation": _("自己評価を選んでください。"),
        "next_steps": _("今後の方向性を入力してください。"),
    }
    return {name: message for name, message in required.items() if not getattr(report, name)}


@transaction.atomic
def report_submit(*, actor, report: ProgressReport) -> ProgressReport:
    """Send the report to the secretariat; the submitted text is kept as a version."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_writable(actor, report)
    missing = _missing_for_submit(report)
    if missing:
        raise ValidationError(missing)
    before = audit.snapshot(report, ["status", "version"])
    now = timezone.now()
    report.version += 1
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = now
    report.save(update_fields=["version", "status", "submitted_at", "updated_at"])
    ProgressReportVersion.objects.create(
        report=report,
        number=report.version,
        submitted_at=now,
        submitted_by=actor,
        **{name: getattr(report, name) for name in ProgressReport.CONTENT_FIELDS},
    )
    audit.record(
        actor=actor,
        action="pdca.report_submit",
        local_government=report.local_government,
        obj=report,
        changes=audit.diff(before, audit.snapshot(report, ["status", "version"])),
    )
    return report


def _review(actor, report: ProgressReport, decision: str, comment: str) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not access.can_review(actor, report.local_government):
        raise PermissionDenied
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(
            _("確認できるのは提出済の報告だけです（現在: %(status)s）。")
            % {"status": report.get_status_display()}
        )
    comment = (comment or "").strip()
    if decision == ProgressReportVersion.Decision.RETURNED and not comment:
        raise ValidationError({"comment": _("差し戻す理由をコメントに書いてください。")})
    now = timezone.now()
    version = report.versions.get(number=report.version)
    version.decision = decision
    version.comment = comment
    version.reviewed_at = now
    version.reviewed_by = actor
    version.save(update_fields=["decision", "comment", "reviewed_at", "reviewed_by"])
    before = audit.snapshot(report, ["status", "last_comment"])
    if decision == ProgressReportVersion.Decision.RETURNED:
        report.status = ProgressReport.Status.RETURNED
        report.last_comment = comment
    else:
        report.status = ProgressReport.Status.ACCEPTED
        report.accepted_at = now
        report.last_comment = ""
    report.save(update_fields=["status", "last_comment", "accepted_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"pdca.report_{decision}",
        local_government=report.local_government,
        obj=report,
        changes={
            **audit.diff(before, audit.snapshot(report, ["status", "last_comment"])),
            "comment": {"before": None, "after": comment},
        },
    )
    if decision == ProgressReportVersion.Decision.ACCEPTED:
        report.local_government.bump_content_revision()  # the public progress page changes
    return report


@transaction.atomic
def report_return(*, actor, report: ProgressReport, comment: str) -> ProgressReport:
    return _review(actor, report, ProgressReportVersion.Decision.RETURNED, comment)


@transaction.atomic
def report_accept(*, actor, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _review(actor, report, ProgressReportVersion.Decision.ACCEPTED, comment)
