"""The job magazine 「Change!」 for the secretariat: issues, their postings and order, the
print preview and PDF, issuing, and the copies printed and distributed.

Views only parse input, fetch through employment.magazine.selectors (scoped to the user's
local government), call one service in employment.magazine.services and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import wareki
from core.access import roles_required
from core.jobs.services import enqueue
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.params import id_list
from employment.magazine import indicator, selectors, services
from employment.magazine import jobs as magazine_jobs
from employment.magazine.forms import (
    CandidateFilterForm,
    CopiesForm,
    DistributionForm,
    IssueForm,
    PublishForm,
)
from employment.models import MagazineIssue

PAGE_SIZE = 50
CANDIDATE_PAGE_SIZE = 30


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _issue(request, pk: int) -> MagazineIssue:
    return selectors.issue_for(staff_local_government(request), pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- the list ----------------------------------------------------------------------------------


def _fiscal_year_rows(local_government) -> list[dict]:
    """The openings counted per fiscal year of the issued issues (the indicator's values)."""
    dates = (
        MagazineIssue.objects.filter(
            local_government=local_government,
            status=MagazineIssue.Status.ISSUED,
            issued_on__isnull=False,
        )
        .values_list("issued_on", flat=True)
        .distinct()
    )
    years = sorted({wareki.fiscal_year_of(day) for day in dates}, reverse=True)
    return [
        {"year": year, "openings": indicator.openings_count(local_government, year)}
        for year in years
    ]


@roles_required(Role.SECRETARIAT)
def index(request):
    local_government = staff_local_government(request)
    sort = request.GET.get("sort", selectors.DEFAULT_ISSUE_SORT)
    if sort not in selectors.ISSUE_SORTS:
        sort = selectors.DEFAULT_ISSUE_SORT
    page = Paginator(selectors.issue_list(local_government, sort=sort), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "employment/magazine/index.html",
        {
            "page": page,
            "sort": sort,
            "query": _query_without(request),
            "fiscal_years": _fiscal_year_rows(local_government),
            "indicators": list(indicator.indicators(local_government)),
            "indicator_name": indicator.indicator_name(local_government),
        },
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def issues_csv(request):
    local_government = staff_local_government(request)
    header = [
        _("号"),
        _("誌名"),
        _("状態"),
        _("発行日"),
        _("発行日（和暦）"),
        _("掲載求人数"),
        _("印刷部数"),
        _("配布部数"),
    ]
    rows = (
        [
            issue.number,
            issue.title,
            issue.get_status_display(),
            issue.issued_on.isoformat() if issue.issued_on else "",
            wareki.date_label(issue.issued_on) if issue.issued_on else "",
            issue.posting_count,
            issue.copies_printed if issue.copies_printed is not None else "",
            issue.distributed,
        ]
        for issue in selectors.issue_list(local_government, sort="number")
    )
    return csv_response(rows, "job-magazine-issues.csv", header=header)


# --- an issue ----------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def issue_create(request):
    local_government = staff_local_government(request)
    form = IssueForm(
        request.POST or None,
        initial={
            "number": services.next_number(local_government),
            "title": MagazineIssue._meta.get_field("title").default,
            "cover_text": services.default_cover_text(),
            "how_to_apply": services.default_how_to_apply(),
            "postings_per_page": MagazineIssue.PostingsPerPage.TWO,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(
                actor=request.user, local_government=local_government, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(issue)s を作りました。次に、載せる求人を選んでください。") % {"issue": issue},
            )
            return redirect("magazine:postings", pk=issue.pk)
    return render(
        request,
        "employment/magazine/issue_form.html",
        {"form": form, "issue": None},
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def issue_detail(request, pk: int):
    issue = _issue(request, pk)
    items = selectors.issue_items(issue)
    printed = selectors.printed_postings(issue, items)
    distributions = selectors.distributions(issue)
    distributed = sum(d.copies for d in distributions)
    return render(
        request,
        "employment/magazine/issue_detail.html",
        {
            "issue": issue,
            "printed": printed,
            "lost": len(items) - len(printed),
            "stale": selectors.stale_item_ids(issue, items),
            "openings": sum(int(p.fields.get("openings") or 0) for p in printed),
            "distributions": distributions,
            "distributed": distributed,
            "left": (issue.copies_printed - distributed)
            if issue.copies_printed is not None
            else None,
            "is_draft": issue.status == MagazineIssue.Status.DRAFT,
        },
    )


@roles_required(Role.SECRETARIAT)
def issue_edit(request, pk: int):
    """An issue being edited: every field; an issued one: the copies printed only."""
    issue = _issue(request, pk)
    is_draft = issue.status == MagazineIssue.Status.DRAFT
    if is_draft:
        form = IssueForm(
            request.POST or None,
            initial={name: getattr(issue, name) for name in services.ISSUE_FIELDS},
        )
    else:
        form = CopiesForm(request.POST or None, initial={"copies_printed": issue.copies_printed})
    if request.method == "POST" and form.is_valid():
        try:
            if is_draft:
                services.issue_update(actor=request.user, issue=issue, values=form.values())
            else:
                services.issue_set_copies_printed(
                    actor=request.user,
                    issue=issue,
                    copies_printed=form.cleaned_data["copies_printed"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(issue)s を更新しました。") % {"issue": issue})
            return redirect("magazine:detail", pk=issue.pk)
    return render(
        request,
        "employment/magazine/issue_form.html",
        {"form": form, "issue": issue, "is_draft": is_draft},
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def issue_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    issue = _issue(request, pk)
    label = str(issue)
    try:
        services.issue_delete(actor=request.user, issue=issue)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("magazine:detail", pk=issue.pk)
    messages.success(request, _("%(issue)s を削除しました。") % {"issue": label})
    return redirect("magazine:index")


# --- its postings ------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def postings(request, pk: int):
    """Choose postings to add (GET lists them with filters; POST adds the ticked ones)."""
    issue = _issue(request, pk)
    if issue.status != MagazineIssue.Status.DRAFT:
        messages.error(request, _("この号は発行済みのため、求人を追加できません。"))
        return redirect("magazine:detail", pk=issue.pk)
    error = None
    if request.method == "POST":
        chosen = id_list(request.POST.getlist("posting"))
        try:
            added = services.items_add(actor=request.user, issue=issue, posting_ids=chosen)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, _("求人を%(count)s件追加しました。") % {"count": len(added)})
            return redirect(reverse("magazine:detail", kwargs={"pk": issue.pk}) + "#items")
    form = CandidateFilterForm(request.GET or None)
    filters = form.filters()
    candidates = selectors.candidate_postings(issue, **filters)
    page = Paginator(candidates, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/magazine/postings.html",
        {
            "issue": issue,
            "form": form,
            "page": page,
            "query": _query_without(request),
            "filtered": any(filters.values()),
            "in_issue": issue.items.count(),
            "error": error,
            "max_items": services.MAX_ITEMS,
        },
        status=400 if error else 200,
    )


def _items_response(request, issue, *, error=None, moved=None, anchor="items"):
    if request.headers.get("HX-Request"):
        items = selectors.issue_items(issue)
        return render(
            request,
            "employment/magazine/_items.html",
            {
                "issue": issue,
                "printed": selectors.printed_postings(issue, items),
                "is_draft": issue.status == MagazineIssue.Status.DRAFT,
                "stale": selectors.stale_item_ids(issue, items),
                "error": error,
                "moved": moved,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("magazine:detail", kwargs={"pk": issue.pk}) + f"#{anchor}")


@roles_required(Role.SECRETARIAT)
def item_move(request, pk: int, item: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    issue = _issue(request, pk)
    record = selectors.item_for(issue, item)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    error = None
    if offset is None:
        error = _("移動の向きを指定してください。")
    else:
        try:
            services.item_move(actor=request.user, item=record, offset=offset)
        except ValidationError as exc:
            error = _error_text(exc)
    return _items_response(request, issue, error=error, moved=record.pk, anchor=f"item-{record.pk}")


@roles_required(Role.SECRETARIAT)
def item_remove(request, pk: int, item: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    issue = _issue(request, pk)
    record = selectors.item_for(issue, item)
    error = None
    try:
        services.item_remove(actor=request.user, item=record)
    except ValidationError as exc:
        error = _error_text(exc)
    else:
        if not request.headers.get("HX-Request"):
            messages.success(request, _("求人を号から外しました。"))
    return _items_response(request, issue, error=error)


# --- issuing, preview and PDF --------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def issue_publish(request, pk: int):
    issue = _issue(request, pk)
    if issue.status != MagazineIssue.Status.DRAFT:
        messages.error(request, _("この号はすでに発行済みです。"))
        return redirect("magazine:detail", pk=issue.pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued_on = form.cleaned_data["issued_on"]
        try:
            services.issue_publish(actor=request.user, issue=issue, issued_on=issued_on)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            year = wareki.fiscal_year_of(issued_on)
            messages.success(
                request,
                _(
                    "%(issue)s を発行済みにしました。掲載内容は固定され、これ以降は変わりません。%(year)sの「%(indicator)s」は%(count)s件です。"
                )
                % {
                    "issue": issue,
                    "year": wareki.fiscal_year_label(year),
                    "indicator": indicator.indicator_name(issue.local_government),
                    "count": indicator.openings_count(issue.local_government, year),
                },
            )
            return redirect("magazine:detail", pk=issue.pk)
    items = selectors.issue_items(issue)
    return render(
        request,
        "employment/magazine/publish.html",
        {
            "issue": issue,
            "form": form,
            "printed": selectors.printed_postings(issue, items),
            "indicators": list(indicator.indicators(issue.local_government)),
            "indicator_name": indicator.indicator_name(issue.local_government),
        },
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def preview(request, pk: int):
    from employment.magazine.pdf import issue_html

    return HttpResponse(issue_html(_issue(request, pk), preview=True))


@roles_required(Role.SECRETARIAT)
def pdf(request, pk: int):
    from employment.magazine.pdf import render_issue_pdf

    issue = _issue(request, pk)
    response = HttpResponse(render_issue_pdf(issue), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{magazine_jobs.file_name(issue)}"'
    return response


@require_POST
@roles_required(Role.SECRETARIAT)
def pdf_job(request, pk: int):
    """Make the issue's PDF in the background; the job's page shows progress and the file."""
    issue = _issue(request, pk)
    job = enqueue(
        magazine_jobs.KIND,
        local_government=issue.local_government,
        created_by=request.user,
        params={"issue": issue.pk},
    )
    return redirect("background_jobs:detail", pk=job.pk)


# --- distributions -----------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def distribution_add(request, pk: int):
    issue = _issue(request, pk)
    if issue.status != MagazineIssue.Status.ISSUED:
        messages.error(request, _("配布は、号を発行してから記録できます。"))
        return redirect("magazine:detail", pk=issue.pk)
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.distribution_add(
                actor=request.user,
                issue=issue,
                destination=data["destination"],
                destination_name=data["destination_name"],
                copies=data["copies"],
                sent_on=data["sent_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("配布を記録しました。"))
            return redirect(reverse("magazine:detail", kwargs={"pk": issue.pk}) + "#distributions")
    distributed = sum(d.copies for d in selectors.distributions(issue))
    return render(
        request,
        "employment/magazine/distribution_form.html",
        {
            "issue": issue,
            "form": form,
            "distributed": distributed,
            "left": (issue.copies_printed - distributed)
            if issue.copies_printed is not None
            else None,
        },
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def distribution_delete(request, pk: int, distribution: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    issue = _issue(request, pk)
    record = selectors.distribution_for(issue, distribution)
    services.distribution_delete(actor=request.user, distribution=record)
    messages.success(request, _("配布の記録を削除しました。"))
    return redirect(reverse("magazine:detail", kwargs={"pk": issue.pk}) + "#distributions")
