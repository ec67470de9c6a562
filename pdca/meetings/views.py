"""Meetings of the PDCA cycle (再犯防止推進関係課長会議, 再犯防止推進連絡会) and their
follow-up items. The secretariat records them; a department sees the meetings it attended and
the items assigned to it, and updates the status of those items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core import wareki
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from pdca.meetings import selectors, services
from pdca.meetings.forms import (
    FollowUpFilterForm,
    FollowUpForm,
    FollowUpStatusForm,
    MeetingFilterForm,
    MeetingForm,
)
from pdca.models import FollowUpItem
from plans.selectors import current_plan

PAGE_SIZE = 20
FOLLOW_UP_PAGE_SIZE = 50
READERS = (Role.SECRETARIAT, Role.DEPARTMENT)


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _filtered_meetings(request):
    local_government = staff_local_government(request)
    user = request.user
    meetings = selectors.visible_meetings(user, local_government)
    years = selectors.meeting_fiscal_years(meetings, today=timezone.localdate())
    form = MeetingFilterForm(request.GET or None, fiscal_years=years)
    filters = form.filters()
    listed = selectors.meeting_list(
        meetings,
        follow_ups=selectors.visible_follow_ups(user, local_government),
        **filters,
    )
    return local_government, form, filters, listed


@roles_required(*READERS)
def index(request):
    local_government, form, filters, listed = _filtered_meetings(request)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    sort = filters["sort"]
    return render(
        request,
        "pdca/meetings/index.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "next_sort": "date" if sort == "-date" else "-date",
            "query": _query_without(request),
            "query_without_sort": _query_without(request, "sort"),
            "can_manage": selectors.can_manage_meetings(request.user, local_government),
            "filtered": bool(filters["kind"] or filters["fiscal_year"]),
        },
    )


@export("csv")
@roles_required(*READERS)
def export_csv(request):
    """The meeting list as CSV (UTF-8 with BOM, for Excel), with the list's filters and
    order, every page."""
    _local_government, _form, _filters, listed = _filtered_meetings(request)
    header = [
        _("開催日"),
        _("年度"),
        _("会議の種類"),
        _("会議名"),
        _("場所"),
        _("出席した課"),
        _("出席した機関・団体"),
        _("議題"),
        _("決定事項"),
        _("フォローアップ事項"),
        _("うち未完了"),
    ]
    rows = (
        [
            meeting.held_on.isoformat(),
            wareki.fiscal_year_of(meeting.held_on),
            meeting.get_kind_display(),
            meeting.title,
            meeting.place,
            "、".join(d.full_name for d in meeting.attending_departments.all()),
            "、".join(o.full_name for o in meeting.attending_organizations.all()),
            meeting.agenda,
            meeting.decisions,
            meeting.follow_up_count,
            meeting.open_follow_up_count,
        ]
        for meeting in selectors.with_attendees(listed)
    )
    return csv_response(rows, "meetings.csv", header=header)


def _meeting_for(request, pk: int, *, local_government):
    meetings = selectors.with_attendees(
        selectors.visible_meetings(request.user, local_government).select_related("plan")
    )
    return get_object_or_404(meetings, pk=pk)


@roles_required(*READERS)
def meeting_detail(request, pk: int):
    local_government = staff_local_government(request)
    meeting = _meeting_for(request, pk, local_government=local_government)
    items = list(selectors.meeting_follow_ups(request.user, meeting, today=timezone.localdate()))
    for item in items:
        item.can_set_status = selectors.can_set_follow_up_status(request.user, item)
    return render(
        request,
        "pdca/meetings/detail.html",
        {
            "meeting": meeting,
            "items": items,
            "status_choices": FollowUpItem.Status.choices,
            "can_manage": selectors.can_manage_meetings(request.user, local_government),
            "here": request.get_full_path(),
        },
    )


def _meeting_form_page(request, *, local_government, plan=None, meeting=None):
    initial = MeetingForm.initial_for(meeting) if meeting is not None else {}
    form = MeetingForm(request.POST or None, local_government=local_government, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_save(
                actor=request.user,
                meeting=meeting,
                plan=plan,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                departments=data["attending_departments"],
                organizations=data["attending_organizations"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                decisions=data["decisions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if meeting is None:
                message = _("会議「%(title)s」を登録しました。")
            else:
                message = _("会議「%(title)s」を更新しました。")
            messages.success(request, message % {"title": saved.title})
            return redirect("meetings:detail", pk=saved.pk)
    return render(request, "pdca/meetings/form.html", {"form": form, "meeting": meeting})


@roles_required(Role.SECRETARIAT)
def meeting_create(request):
    local_government = staff_local_government(request)
    # a new meeting belongs to the current plan (404 when the local government has none)
    plan = current_plan(request.user, local_government)
    return _meeting_form_page(request, local_government=local_government, plan=plan)


@roles_required(Role.SECRETARIAT)
def meeting_edit(request, pk: int):
    local_government = staff_local_government(request)
    meeting = _meeting_for(request, pk, local_government=local_government)
    return _meeting_form_page(request, local_government=local_government, meeting=meeting)


# --- follow-up items ----------------------------------------------------------------------


@roles_required(*READERS)
def follow_up_list(request):
    local_government = staff_local_government(request)
    form = FollowUpFilterForm(request.GET or None)
    status = form.status_filter()
    today = timezone.localdate()
    items = selectors.follow_up_list(request.user, local_government, today=today, status=status)
    page = Paginator(items, FOLLOW_UP_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.can_set_status = selectors.can_set_follow_up_status(request.user, item)
    return render(
        request,
        "pdca/meetings/follow_ups.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "status_choices": FollowUpItem.Status.choices,
            "query": _query_without(request),
            "can_manage": selectors.can_manage_meetings(request.user, local_government),
            "here": request.get_full_path(),
            "overdue_count": selectors.overdue_follow_ups(
                request.user, local_government, today=today
            ).count(),
        },
    )


def _follow_up_form_page(request, *, meeting, item=None):
    initial = FollowUpForm.initial_for(item) if item is not None else {}
    form = FollowUpForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up_save(
                actor=request.user,
                meeting=meeting,
                item=item,
                description=data["description"],
                measure=data["measure"],
                department=data["department"],
                due_on=data["due_on"],
                status=data["status"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("フォローアップ事項を追加しました。")
                if item is None
                else _("フォローアップ事項を更新しました。"),
            )
            return redirect(reverse("meetings:detail", kwargs={"pk": meeting.pk}) + "#follow-ups")
    return render(
        request,
        "pdca/meetings/follow_up_form.html",
        {"form": form, "meeting": meeting, "item": item},
    )


@roles_required(Role.SECRETARIAT)
def follow_up_create(request, pk: int):
    local_government = staff_local_government(request)
    meeting = _meeting_for(request, pk, local_government=local_government)
    return _follow_up_form_page(request, meeting=meeting)


@roles_required(Role.SECRETARIAT)
def follow_up_edit(request, pk: int):
    local_government = staff_local_government(request)
    item = get_object_or_404(
        selectors.visible_follow_ups(request.user, local_government).select_related(
            "meeting__plan", "meeting__local_government"
        ),
        pk=pk,
    )
    return _follow_up_form_page(request, meeting=item.meeting, item=item)


@roles_required(*READERS)
def follow_up_status(request, pk: int):
    """Change one item's status (a small form beside each item), then go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    local_government = staff_local_government(request)
    item = get_object_or_404(selectors.visible_follow_ups(request.user, local_government), pk=pk)
    form = FollowUpStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["status"]))
    else:
        old_status = item.status
        try:
            item = services.follow_up_set_status(
                actor=request.user, item=item, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if item.status != old_status:
                messages.success(
                    request,
                    _("「%(item)s」の状態を「%(status)s」にしました。")
                    % {"item": item, "status": item.get_status_display()},
                )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("meetings:follow_ups")
    return redirect(target)
