"""Job postings in the back office (/staff/employment/postings/).

- An employer account lists, writes, publishes and closes its own company's postings;
  another company's posting is 404.
- The secretariat sees and manages every posting of its local government.
- Supporters (担当課, 関係機関・団体, 更生保護ボランティア) read the published and closed
  postings of every approved employer, non-public ones included, never a draft.

Views only parse input, fetch through employment.selectors, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export, xlsx_response
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from employment import selectors
from employment.access import employer_of
from employment.postings import services
from employment.postings.forms import PostingForm, StaffFilterForm
from employment.selectors import PostingFilters

READERS = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER)
MANAGERS = (Role.SECRETARIAT, Role.EMPLOYER)
PAGE_SIZE = 50
SORT_COLUMNS = {
    "title": ("title", None),
    "employer": ("employer", None),
    "published": ("published", "-published"),
    "ends": ("ends", "-ends"),
}


def _is_manager(user) -> bool:
    return user.role in MANAGERS


def _own_employer(request):
    """The employer account's approved company; None for other roles or when the company
    is not approved (yet)."""
    if request.user.role != Role.EMPLOYER:
        return None
    try:
        return employer_of(request.user)
    except Http404:
        return None


def _listed(request):
    local_government = staff_local_government(request)
    user = request.user
    is_secretariat = selectors.is_secretariat(user, local_government)
    form = StaffFilterForm(
        request.GET or None,
        employers=selectors.employers_for_postings(local_government) if is_secretariat else None,
        status_initial="" if _is_manager(user) else selectors.PUBLISHED,
    )
    values = form.filters()
    postings = selectors.posting_list(
        selectors.visible_postings(user, local_government),
        PostingFilters.from_mapping(values),
        status=values["status"],
        employer=values["employer"],
        sort=values["sort"] or "-updated",
    )
    return local_government, form, values, postings


@roles_required(*READERS)
def index(request):
    user = request.user
    if user.role == Role.EMPLOYER and _own_employer(request) is None:
        return render(request, "employment/postings/not_approved.html")
    local_government, form, values, postings = _listed(request)
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(
        values[name]
        for name in ("q", "industry", "ward", "employment_type", "housing", "probation")
    ) or bool(values.get("employer"))
    return render(
        request,
        "employment/postings/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "sort_links": sort_links(request, values["sort"] or "-updated", SORT_COLUMNS),
            "filtered": filtered or bool(values["status"]),
            "can_create": _is_manager(user),
            "is_secretariat": selectors.is_secretariat(user, local_government),
            "is_employer": user.role == Role.EMPLOYER,
        },
    )


def _yes(value: bool) -> str:
    return _("はい") if value else ""


def _export_rows(request):
    """The header and the rows of the list as filtered (for CSV and Excel)."""
    if request.user.role == Role.EMPLOYER and _own_employer(request) is None:
        raise Http404
    _local_government, _form, _values, postings = _listed(request)
    yield [
        _("ID"),
        _("状態"),
        _("協力雇用主"),
        _("企業名の公開"),
        _("職種"),
        _("業種"),
        _("雇用形態"),
        _("就業場所"),
        _("区"),
        _("賃金形態"),
        _("賃金（下限・円）"),
        _("賃金（上限・円）"),
        _("就業時間"),
        _("休日"),
        _("募集人数"),
        _("寮あり"),
        _("社宅あり"),
        _("食事の提供あり"),
        _("保護観察中の方を受け入れる"),
        _("少年を受け入れる"),
        _("受け入れない前歴"),
        _("応募の方法"),
        _("公開日"),
        _("掲載終了日"),
    ]
    for posting in postings.iterator(chunk_size=2000):
        yield [
            posting.pk,
            posting.get_shown_status_display(),
            posting.employer.name,
            _("公開") if posting.employer.is_public else _("非公開"),
            posting.title,
            posting.get_industry_display(),
            posting.get_employment_type_display(),
            posting.workplace,
            posting.ward,
            posting.get_wage_form_display(),
            posting.wage_min,
            posting.wage_max,
            posting.working_hours,
            posting.holidays,
            posting.openings,
            _yes(posting.dormitory),
            _yes(posting.company_housing),
            _yes(posting.meals),
            _yes(posting.probation_welcome),
            _yes(posting.juveniles_welcome),
            "、".join(posting.excluded_offence_labels),
            "、".join(posting.apply_routes),
            posting.published_at.date().isoformat() if posting.published_at else "",
            posting.ends_on.isoformat() if posting.ends_on else "",
        ]


@export("csv")
@roles_required(*READERS)
def postings_csv(request):
    return csv_response(list(_export_rows(request)), "job-postings.csv")


@export("xlsx")
@roles_required(*READERS)
def postings_xlsx(request):
    return xlsx_response(
        list(_export_rows(request)), "job-postings.xlsx", title=_("求人"), plain_columns=[0]
    )


def _posting_for(request, pk: int):
    local_government = staff_local_government(request)
    postings = selectors.visible_postings(request.user, local_government)
    return get_object_or_404(postings.select_related("employer", "local_government"), pk=pk)


def _managed_posting(request, pk: int):
    """A posting the user may change; any other is 404 (as if it did not exist)."""
    posting = _posting_for(request, pk)
    if not selectors.can_manage(request.user, posting):
        raise Http404
    return posting


@roles_required(*READERS)
def detail(request, pk: int):
    posting = _posting_for(request, pk)
    blockers = []
    if posting.status != "published":
        blockers = services.publish_blockers(posting, timezone.localdate())
    return render(
        request,
        "employment/postings/detail.html",
        {
            "posting": posting,
            "can_manage": selectors.can_manage(request.user, posting),
            "publish_blockers": blockers,
        },
    )


@roles_required(*READERS)
def print_view(request, pk: int):
    """The posting on one A4 page (print it from the browser)."""
    posting = _posting_for(request, pk)
    return render(request, "employment/postings/print.html", {"posting": posting})


def _form_page(request, *, form, posting=None, employer=None, status=200):
    return render(
        request,
        "employment/postings/form.html",
        {"form": form, "posting": posting, "employer": employer},
        status=status,
    )


@roles_required(*MANAGERS)
def create(request):
    local_government = staff_local_government(request)
    employer = employer_of(request.user) if request.user.role == Role.EMPLOYER else None
    employers = None if employer else selectors.employers_for_postings(local_government)
    initial = {}
    if employer is not None:
        initial = {"industry": employer.industry, "ward": employer.ward}
        initial["workplace"] = employer.address
    form = PostingForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_create(
                actor=request.user,
                employer=employer or form.chosen_employer(),
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("下書きを保存しました。内容を確かめてから「公開する」を押してください。"),
            )
            return redirect("postings:detail", pk=posting.pk)
    return _form_page(request, form=form, employer=employer)


@roles_required(*MANAGERS)
def edit(request, pk: int):
    posting = _managed_posting(request, pk)
    form = PostingForm(request.POST or None, initial=PostingForm.initial_for(posting))
    if request.method == "POST" and form.is_valid():
        try:
            services.posting_update(actor=request.user, posting=posting, values=form.values())
        except ValidationError as error:
            posting.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("求人を保存しました。"))
            return redirect("postings:detail", pk=posting.pk)
    return _form_page(request, form=form, posting=posting, employer=posting.employer)


def _transition(request, pk: int, service, success: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    posting = _managed_posting(request, pk)
    try:
        service(actor=request.user, posting=posting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("postings:detail", pk=posting.pk)


@roles_required(*MANAGERS)
def publish(request, pk: int):
    return _transition(
        request,
        pk,
        services.posting_publish,
        _("求人を公開しました。掲載終了日まで、支援者と（公開の企業なら）求人ページに出ます。"),
    )


@roles_required(*MANAGERS)
def close(request, pk: int):
    return _transition(
        request, pk, services.posting_close, _("求人を終了しました。求人ページから消えました。")
    )
