"""The referral lists of an organization (received, sent), their CSV, the dashboard and the
body's reasons (/staff/support/referrals/…). No personal value on any of these pages: a row is
the case number, the area, the service, the status and the dates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coordination import access
from coordination.models import NeedArea, ReferralReasonOption
from coordination.models import ReferralStatus as S
from coordination.referrals import queries
from coordination.referrals import services as referrals
from coordination.referrals.forms import ListFilterForm, ReasonForm
from coordination.referrals.views import annotate_days
from core.access import roles_required
from core.roles import Role
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from core.web.params import parse_int

PAGE_SIZE = 50
BOXES = {
    queries.INBOX: (gettext_lazy("受け取った紹介"), queries.received),
    queries.OUTBOX: (gettext_lazy("送った紹介"), queries.sent),
}
SORT_COLUMNS = {
    "case": ("case", "-case"),
    "status": ("status", "-status"),
    "sent": ("-sent", "sent"),
    "created": ("-created", "created"),
}


def _listed(request, box: str):
    form = ListFilterForm(request.GET or None)
    sort = request.GET.get("sort", "")
    sort = sort if sort in queries.SORTS else queries.DEFAULT_SORT
    listed = queries.listing(BOXES[box][1](request.user), box, **form.filters(), sort=sort)
    return form, sort, listed


def _box(request, box: str):
    if request.GET.get("format") == "csv":
        return _csv(request, box)
    form, sort, listed = _listed(request, box)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for referral in page:
        annotate_days(referral, today)
    return render(
        request,
        "coordination/referrals/box.html",
        {
            "box": box,
            "title": BOXES[box][0],
            "form": form,
            "page": page,
            "query": query_without(request),
            "export_query": query_without(request, "sort", "format"),
            "sorts": sort_links(request, sort, SORT_COLUMNS),
            "answer_days": referrals.answer_days(),
        },
    )


def _csv(request, box: str):
    _form, _sort, listed = _listed(request, box)
    areas = dict(NeedArea.choices)
    statuses = dict(S.choices)
    header = [
        _("ケース番号"),
        _("分野"),
        _("紹介元") if box == queries.INBOX else _("紹介先"),
        _("サービス"),
        _("住宅"),
        _("状態"),
        _("作成日"),
        _("送付日"),
        _("回答日"),
        _("終了日"),
        _("釈放予定日"),
        _("回答期限超過"),
    ]

    def day(value):
        return timezone.localdate(value).isoformat() if value else ""

    def rows():
        for referral in listed.iterator(chunk_size=2000):
            other = referral.from_organization if box == queries.INBOX else referral.to_organization
            yield [
                referral.case_number,
                areas.get(referral.area, ""),
                other.name,
                referral.service.name if referral.service else "",
                referral.home.name if referral.home else "",
                statuses.get(referral.status, referral.status),
                day(referral.created_at),
                day(referral.sent_at),
                day(referral.answered_at),
                day(referral.finished_at),
                referral.release_date.isoformat() if referral.release_date else "",
                _("はい") if referrals.is_overdue(referral) else "",
            ]

    return csv_response(rows(), f"referrals-{box}.csv", header=header)


@export("csv", query="format=csv")
@roles_required(*access.RECEIVING_ROLES)
@require_GET
def inbox(request):
    return _box(request, queries.INBOX)


@export("csv", query="format=csv")
@roles_required(*access.CASE_ROLES)
@require_GET
def outbox(request):
    return _box(request, queries.OUTBOX)


# --- the dashboard ---------------------------------------------------------------------------


def _chart(figures) -> dict:
    return {
        "type": "bar",
        "data": {
            "labels": [str(label) for label, _count in figures.by_status],
            "datasets": [
                {"label": str(_("件数")), "data": [count for _label, count in figures.by_status]}
            ],
        },
        "options": {
            "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
            "plugins": {"legend": {"display": False}},
        },
    }


def _area_chart(figures) -> dict:
    rows = figures.by_area
    return {
        "type": "bar",
        "data": {
            "labels": [str(row["label"]) for row in rows],
            "datasets": [
                {"label": str(_("件数")), "data": [row["total"] for row in rows]},
                {"label": str(_("受け入れ")), "data": [row["accepted"] for row in rows]},
                {"label": str(_("完了")), "data": [row["completed"] for row in rows]},
            ],
        },
        "options": {
            "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _section(key: str, title, queryset, box: str, labels: dict) -> dict:
    figures = queries.figures(queryset, box)
    statuses = dict(S.choices)
    return {
        "key": key,
        "title": title,
        "figures": figures,
        "chart_id": f"chart-{key}",
        "chart": _chart(figures),
        "chart_label": _("%(title)sの状態別の件数のグラフ（同じ数値を表に示しています）")
        % {"title": title},
        "area_chart_id": f"chart-{key}-area",
        "area_chart": _area_chart(figures),
        "area_chart_label": _("%(title)sの分野別の件数のグラフ（同じ数値を表に示しています）")
        % {"title": title},
        "reasons": [
            (statuses.get(status, status), labels.get(reason, reason), count)
            for status, reason, count in figures.reasons
        ],
    }


@roles_required(*access.CASE_ROLES)
@require_GET
def dashboard(request):
    user = request.user
    labels = referrals.reason_labels(user.local_government_id)
    if user.role == Role.SECRETARIAT:
        sections = [
            _section(
                "body",
                _("団体全体の紹介"),
                queries.of_body(user.local_government_id),
                queries.INBOX,
                labels,
            )
        ]
    else:
        sections = []
    sections += [
        _section("received", _("受け取った紹介"), queries.received(user), queries.INBOX, labels),
        _section("sent", _("送った紹介"), queries.sent(user), queries.OUTBOX, labels),
    ]
    return render(
        request,
        "coordination/referrals/dashboard.html",
        {"sections": sections, "answer_days": referrals.answer_days()},
    )


# --- the body's reasons ----------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def reasons(request):
    local_government = request.user.local_government
    form = ReasonForm(request.POST if request.POST.get("form") == "add" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "add":
            if form.is_valid():
                try:
                    referrals.reason_add(
                        actor=request.user,
                        local_government=local_government,
                        code=form.cleaned_data["code"],
                        label=form.cleaned_data["label"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("理由を追加しました。"))
                    return redirect("referrals:reasons")
            status = 400
        else:
            option = get_object_or_404(
                ReferralReasonOption,
                local_government=local_government,
                pk=parse_int(request.POST.get("option", ""), minimum=1) or 0,
            )
            active = request.POST.get("active") == "1"
            referrals.reason_set_active(actor=request.user, option=option, active=active)
            messages.success(
                request,
                _("理由を使えるようにしました。")
                if active
                else _("理由を使わないようにしました。"),
            )
            return redirect("referrals:reasons")
    return render(
        request,
        "coordination/referrals/reasons.html",
        {
            "form": form,
            "options": ReferralReasonOption.objects.filter(local_government=local_government),
            "built_in": referrals.ReferralReason.choices,
        },
        status=status,
    )
