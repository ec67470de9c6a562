"""The events' back office at /staff/employment/events/: the secretariat runs 企業セミナー,
企業説明会・個別面談会 and 就職面接会 (participating employers, participants and their
attendance, interview slots, hires); an employer account sees the events it takes part in and
its own slots; the secretariat and the city's departments see the yearly counts.

Views only parse input, fetch through employment.events.selectors, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.wareki import fiscal_year_label, fiscal_year_of
from core.web.exports import csv_response, export, xlsx_response
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from core.web.params import id_list, id_param
from employment.events import selectors, services
from employment.events.counts import event_counts, fiscal_years_with_records
from employment.events.forms import (
    EmployerAddForm,
    EventFilterForm,
    EventForm,
    HireForm,
    ParticipantAddForm,
    SlotForm,
)
from employment.events.summary import summary_context, summary_table
from employment.models import JobSeeker

PAGE_SIZE = 50
EVENT_ROLES = (Role.SECRETARIAT, Role.EMPLOYER)


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _form_page(request, template, context, form):
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


# --- the list --------------------------------------------------------------------------------


def _events(request):
    local_government = staff_local_government(request)
    form = EventFilterForm(request.GET or None, years=fiscal_years_with_records(local_government))
    filters = form.filters()
    sort = request.GET.get("sort", "-held_on")
    events = selectors.event_list(request.user, sort=sort, **filters)
    return local_government, form, filters, sort, events


@roles_required(*EVENT_ROLES)
def index(request):
    local_government, form, filters, sort, events = _events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, event_counts(event)) for event in page.object_list]
    return render(
        request,
        "employment/events/index.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query_without(request),
            "sort_links": sort_links(
                request,
                sort,
                {
                    "held_on": ("-held_on", "held_on"),
                    "title": ("title", None),
                    "kind": ("kind", None),
                },
            ),
            "filtered": bool(filters["kind"] or filters["fiscal_year"]),
            "is_secretariat": selectors.is_secretariat(request.user, local_government),
            "employer": selectors.employer_or_none(request.user),
        },
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def events_csv(request):
    _local_government, _form, _filters, _sort, events = _events(request)
    header = [
        _("開催日"),
        _("開催日は月のみ判明"),
        _("種類"),
        _("名称"),
        _("会場"),
        _("年度"),
        _("参加企業数"),
        _("うち登録企業"),
        _("参加者数"),
        _("うち登録者（出席）"),
        _("面談数"),
        _("就職者数"),
        _("数を合算した回"),
        _("備考・出典"),
    ]
    rows = []
    for event in events:
        counts = event_counts(event)
        rows.append(
            [
                event.held_on.isoformat(),
                _("はい") if event.held_on_month_only else "",
                event.get_kind_display(),
                event.title,
                event.venue,
                fiscal_year_label(fiscal_year_of(event.held_on)),
                counts.companies,
                counts.registered_companies,
                counts.participants,
                counts.attended,
                counts.interviews,
                counts.hires,
                event.counted_with.title if event.counted_with_id else "",
                event.note,
            ]
        )
    return csv_response([header, *rows], "employment-events.csv")


# --- one event -------------------------------------------------------------------------------


@roles_required(*EVENT_ROLES)
def detail(request, pk: int):
    event = selectors.event_for(request.user, pk)
    if not selectors.is_secretariat(request.user):
        employer = selectors.employer_or_none(request.user)
        if employer is None:  # pragma: no cover - visible_events already refused it
            raise Http404
        return render(
            request,
            "employment/events/employer_detail.html",
            {
                "event": event,
                "employer": employer,
                "slots": selectors.event_slots(event, employer),
            },
        )
    return render(
        request,
        "employment/events/detail.html",
        {
            "event": event,
            "counts": event_counts(event),
            "employers": selectors.event_employers(event),
            "participants": selectors.event_participants(event),
            "slots": selectors.event_slots(event),
            "hires": selectors.event_hires(event),
            "counted_here": event.counted_here.order_by("held_on", "id"),
            "employer_form": EmployerAddForm(event=event),
            "participant_form": ParticipantAddForm(local_government=event.local_government),
        },
    )


@roles_required(Role.SECRETARIAT)
def create(request):
    local_government = staff_local_government(request)
    form = EventForm(request.POST or None, local_government=local_government)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user, local_government=local_government, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(title)s」を登録しました。") % {"title": event.title})
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/event_form.html",
        {"title": _("企業セミナー・説明会の登録"), "event": None},
        form,
    )


@roles_required(Role.SECRETARIAT)
def edit(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = EventForm(
        request.POST or None,
        local_government=event.local_government,
        event=event,
        initial=EventForm.initial_for(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("催しの情報を更新しました。"))
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/event_form.html",
        {"title": _("催しの情報の編集"), "event": event},
        form,
    )


# --- participating employers -----------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def employer_add(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = EmployerAddForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        employer = form.cleaned_data["employer"]
        try:
            services.event_employer_add(actor=request.user, event=event, employer=employer)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s を参加企業に加えました。") % {"name": employer.name}
            )
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/simple_form.html",
        {
            "event": event,
            "title": _("参加企業を加える"),
            "submit": _("参加企業に加える"),
            "intro": _(
                "承認済みの協力雇用主から選びます。システムに登録されていない参加企業は、"
                "催しの編集で「登録外の参加企業数」に数を入れます。"
            ),
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def employer_remove(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    event = selectors.event_for_secretariat(request.user, pk)
    employer_id = id_param(request.POST, "employer")
    employer = (
        selectors.event_employers(event).filter(pk=employer_id).first()
        if employer_id is not None
        else None
    )
    if employer is None:
        messages.error(request, _("外す企業を、この催しの参加企業から選んでください。"))
        return redirect("events:detail", pk=event.pk)
    try:
        services.event_employer_remove(actor=request.user, event=event, employer=employer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s を参加企業から外しました。") % {"name": employer.name}
        )
    return redirect("events:detail", pk=event.pk)


# --- participants ----------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def participant_add(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = ParticipantAddForm(request.POST or None, local_government=event.local_government)
    if request.method == "POST" and form.is_valid():
        seeker = form.cleaned_data["code"]
        try:
            services.event_participant_add(actor=request.user, event=event, seeker=seeker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("求職者 %(code)s を参加者に登録しました。") % {"code": seeker.code}
            )
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/simple_form.html",
        {
            "event": event,
            "title": _("参加者を登録する"),
            "submit": _("参加者に登録する"),
            "intro": _(
                "支援対象者は求職者番号で登録します（氏名は入力しません）。"
                "個人を登録しない参加者は、催しの編集で「登録外の参加者数」に数を入れます。"
            ),
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def participant_remove(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    participant = selectors.participant_for_secretariat(request.user, pk)
    try:
        services.event_participant_remove(actor=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("求職者 %(code)s を参加者から外しました。") % {"code": participant.seeker.code},
        )
    return redirect("events:detail", pk=participant.event_id)


@roles_required(Role.SECRETARIAT)
def attendance(request, pk: int):
    """The attendance checkboxes of the event page (a plain form: works without JS)."""
    if (refused := _post_only(request)) is not None:
        return refused
    event = selectors.event_for_secretariat(request.user, pk)
    ids = set(id_list(request.POST.getlist("attended")))
    try:
        changed = services.event_attendance_save(actor=request.user, event=event, attended=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("出席を保存しました（%(n)s人を変更）。") % {"n": changed})
    return redirect("events:detail", pk=event.pk)


# --- interview slots -------------------------------------------------------------------------


def _slot_initial(request, event) -> dict:
    """The slot form's first values: the event's day, the only company when there is one,
    or what "save and add another" carried over (checked again when posted)."""
    initial = {"day": event.held_on}
    employers = list(selectors.event_employers(event).values_list("pk", flat=True)[:2])
    if len(employers) == 1:
        initial["employer"] = employers[0]
    employer_id = id_param(request.GET, "employer")
    if employer_id is not None:
        initial["employer"] = employer_id
    for name in ("day", "start"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:10]
    return initial


@roles_required(Role.SECRETARIAT)
def slot_create(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = SlotForm(request.POST or None, event=event, initial=_slot_initial(request, event))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_create(
                actor=request.user,
                event=event,
                employer=data["employer"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                seeker=data.get("seeker_code"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("面談枠を追加しました。"))
            if "another" in request.POST:
                # the next slot of the same company, starting when this one ends
                next_start = timezone.localtime(data["ends_at"])
                query = urlencode(
                    {
                        "employer": data["employer"].pk,
                        "day": next_start.date().isoformat(),
                        "start": next_start.strftime("%H:%M"),
                    }
                )
                return redirect(
                    reverse("events:slot_create", kwargs={"pk": event.pk}) + "?" + query
                )
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/slot_form.html",
        {"event": event, "slot": None, "title": _("面談枠の追加")},
        form,
    )


@roles_required(Role.SECRETARIAT)
def slot_edit(request, pk: int):
    slot = selectors.slot_for_secretariat(request.user, pk)
    event = slot.event
    form = SlotForm(
        request.POST or None, event=event, editing=True, initial=SlotForm.initial_for(slot)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_update(
                actor=request.user,
                slot=slot,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                seeker=data.get("seeker_code"),
                held=data.get("held", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("面談枠を更新しました。"))
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/slot_form.html",
        {"event": event, "slot": slot, "title": _("面談枠の編集")},
        form,
    )


@roles_required(Role.SECRETARIAT)
def slot_delete(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    slot = selectors.slot_for_secretariat(request.user, pk)
    event_pk = slot.event_id
    services.slot_delete(actor=request.user, slot=slot)
    messages.success(request, _("面談枠を削除しました。"))
    return redirect("events:detail", pk=event_pk)


# --- hires -----------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def hire_create(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = HireForm(
        request.POST or None,
        seekers=JobSeeker.objects.filter(event_participations__event=event).order_by("code"),
        employers=selectors.event_employers(event),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_hire_record(
                actor=request.user,
                event=event,
                seeker=data["seeker"],
                employer=data["employer"],
                started_on=data["started_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("就職を記録しました。"))
            return redirect("events:detail", pk=event.pk)
    return _form_page(
        request,
        "employment/events/simple_form.html",
        {
            "event": event,
            "title": _("この催しからの就職を記録する"),
            "submit": _("就職を記録する"),
            "intro": _(
                "この催しの参加者が参加企業に就職したときに記録します。"
                "就職後の定着（1・3・6・12か月）は求職者の画面で確認します。"
            ),
        },
        form,
    )


# --- the yearly counts -----------------------------------------------------------------------


@roles_required(*selectors.SUMMARY_ROLES)
def summary(request):
    local_government = staff_local_government(request)
    return render(
        request,
        "employment/events/summary.html",
        summary_context(request, local_government),
    )


@export("csv")
@roles_required(*selectors.SUMMARY_ROLES)
def summary_csv(request):
    local_government = staff_local_government(request)
    return csv_response(summary_table(local_government), "employment-events-summary.csv")


@export("xlsx")
@roles_required(*selectors.SUMMARY_ROLES)
def summary_xlsx(request):
    local_government = staff_local_government(request)
    return xlsx_response(
        summary_table(local_government),
        "employment-events-summary.xlsx",
        title=_("年度別の実績"),
    )
