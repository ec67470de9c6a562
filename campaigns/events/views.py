"""The back office of 社会を明るくする運動 at /staff/campaigns/: the secretariat keeps the
campaign years (theme, slogan), their committee, the events with their participants by kind,
and the awareness surveys; the city's departments read the years, events and results.

Views only parse input, fetch through campaigns.events.selectors, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.events import selectors, services
from campaigns.events.forms import (
    AwarenessSurveyForm,
    CampaignYearForm,
    CommitteeMemberForm,
    EventFilterForm,
    EventForm,
    participation_formset,
)
from campaigns.events.results import events_table, results_table
from campaigns.models import ParticipantKind
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from core.web.params import id_param

PAGE_SIZE = 50
S = Role.SECRETARIAT
READ = selectors.READ_ROLES


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _form_page(request, template, context, *forms):
    failed = any(form is not None and form.errors for form in forms)
    return render(request, template, context, status=400 if failed else 200)


# --- years -----------------------------------------------------------------------------------


@roles_required(*READ)
def index(request):
    local_government = staff_local_government(request)
    return render(
        request,
        "campaigns/events/index.html",
        {
            "years": selectors.years(request.user),
            "is_secretariat": selectors.is_secretariat(request.user, local_government),
        },
    )


@roles_required(S)
def year_create(request):
    local_government = staff_local_government(request)
    form = CampaignYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_year_create(
                actor=request.user, local_government=local_government, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("運動の年度を登録しました。"))
            return redirect("campaigns:year", pk=campaign.pk)
    return _form_page(
        request,
        "campaigns/events/simple_form.html",
        {"form": form, "title": _("運動の年度を登録する"), "campaign": None},
        form,
    )


@roles_required(*READ)
def year_detail(request, pk: int):
    campaign = selectors.year_for(request.user, pk)
    return render(
        request,
        "campaigns/events/year.html",
        {
            "campaign": campaign,
            "members": selectors.members(campaign),
            "events": selectors.event_list(request.user, campaign=campaign, sort="starts_on"),
            "is_secretariat": selectors.is_secretariat(request.user),
        },
    )


@roles_required(S)
def year_edit(request, pk: int):
    campaign = selectors.year_for_secretariat(request.user, pk)
    initial = {name: getattr(campaign, name) for name in services.YEAR_FIELDS}
    form = CampaignYearForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_year_update(
                actor=request.user, campaign=campaign, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("テーマと標語を保存しました。"))
            return redirect("campaigns:year", pk=campaign.pk)
    return _form_page(
        request,
        "campaigns/events/simple_form.html",
        {"form": form, "title": _("運動の年度の編集"), "campaign": campaign},
        form,
    )


# --- committee -------------------------------------------------------------------------------


@roles_required(S)
def member_add(request, pk: int):
    campaign = selectors.year_for_secretariat(request.user, pk)
    form = CommitteeMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.committee_member_add(
                actor=request.user, campaign=campaign, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s を加えました。") % {"name": member.name})
            return redirect("campaigns:year", pk=campaign.pk)
    return _form_page(
        request,
        "campaigns/events/simple_form.html",
        {"form": form, "title": _("推進委員会の構成団体を加える"), "campaign": campaign},
        form,
    )


@roles_required(S)
def member_edit(request, pk: int):
    member = selectors.member_for_secretariat(request.user, pk)
    form = CommitteeMemberForm(
        request.POST or None, initial={"name": member.name, "position": member.position}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_update(
                actor=request.user, member=member, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("構成団体を保存しました。"))
            return redirect("campaigns:year", pk=member.campaign_id)
    return _form_page(
        request,
        "campaigns/events/simple_form.html",
        {"form": form, "title": _("構成団体の編集"), "campaign": member.campaign},
        form,
    )


@roles_required(S)
def member_move(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    member = selectors.member_for_secretariat(request.user, pk)
    up = request.POST.get("direction") != "down"
    if services.committee_member_move(actor=request.user, member=member, up=up):
        messages.success(request, _("%(name)s の順番を変えました。") % {"name": member.name})
    return redirect("campaigns:year", pk=member.campaign_id)


@roles_required(S)
def member_remove(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    member = selectors.member_for_secretariat(request.user, pk)
    campaign_id, name = member.campaign_id, member.name
    services.committee_member_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s を構成団体から外しました。") % {"name": name})
    return redirect("campaigns:year", pk=campaign_id)


# --- events ----------------------------------------------------------------------------------


def _events(request):
    local_government = staff_local_government(request)
    form = EventFilterForm(request.GET or None, local_government=local_government)
    filters = form.filters()
    sort = request.GET.get("sort", "-starts_on")
    sort = sort if sort in selectors.SORTS else "-starts_on"
    return (
        local_government,
        form,
        filters,
        sort,
        selectors.event_list(request.user, sort=sort, **filters),
    )


@roles_required(*READ)
def events(request):
    local_government, form, filters, sort, found = _events(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/events/events.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "sort_links": sort_links(
                request,
                sort,
                {
                    "starts_on": ("starts_on", "-starts_on"),
                    "title": ("title", None),
                    "kind": ("kind", None),
                    "participants": ("-participants", None),
                },
            ),
            "filtered": bool(filters["campaign"] or filters["kind"]),
            "is_secretariat": selectors.is_secretariat(request.user, local_government),
        },
    )


@export("csv")
@roles_required(*READ)
def events_csv(request):
    _lg, _form, _filters, _sort, found = _events(request)
    return csv_response(events_table(found), "campaign-events.csv")


def _event_form_page(request, *, event, form, formset, title):
    return _form_page(
        request,
        "campaigns/events/event_form.html",
        {"form": form, "formset": formset, "event": event, "title": title},
        form,
        formset,
    )


def _formset_valid(formset) -> bool:
    # a tampered management form raises nothing: it is an error on the page (never a 500)
    return formset.is_valid()


@roles_required(S)
def event_create(request):
    local_government = staff_local_government(request)
    campaign_id = id_param(request.GET, "year")
    form = EventForm(
        request.POST or None,
        local_government=local_government,
        initial={"campaign": campaign_id, "is_public": True},
    )
    formset = participation_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and _formset_valid(formset):
        try:
            event = services.event_create(
                actor=request.user,
                local_government=local_government,
                values=form.values(),
                participants=formset.counts(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(title)s」を登録しました。") % {"title": event.title})
            return redirect("campaigns:event", pk=event.pk)
    return _event_form_page(
        request, event=None, form=form, formset=formset, title=_("行事を登録する")
    )


@roles_required(*READ)
def event_detail(request, pk: int):
    event = selectors.event_for(request.user, pk)
    counts = selectors.participations(event)
    return render(
        request,
        "campaigns/events/event.html",
        {
            "event": event,
            "participants": [(label, counts.get(kind)) for kind, label in ParticipantKind.choices],
            "is_secretariat": selectors.is_secretariat(request.user),
        },
    )


@roles_required(S)
def event_edit(request, pk: int):
    event = selectors.event_for_secretariat(request.user, pk)
    form = EventForm(
        request.POST or None,
        local_government=event.local_government,
        initial=EventForm.initial_for(event),
    )
    formset = participation_formset(request.POST or None, counts=selectors.participations(event))
    if request.method == "POST" and form.is_valid() and _formset_valid(formset):
        try:
            services.event_update(
                actor=request.user,
                event=event,
                values=form.values(),
                participants=formset.counts(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("行事を保存しました。"))
            return redirect("campaigns:event", pk=event.pk)
    return _event_form_page(request, event=event, form=form, formset=formset, title=_("行事の編集"))


@roles_required(S)
def event_delete(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    event = selectors.event_for_secretariat(request.user, pk)
    campaign_id, title = event.campaign_id, event.title
    services.event_delete(actor=request.user, event=event)
    messages.success(request, _("「%(title)s」を削除しました。") % {"title": title})
    return redirect("campaigns:year", pk=campaign_id)


# --- results ---------------------------------------------------------------------------------


@roles_required(*READ)
def results(request, pk: int):
    campaign = selectors.year_for(request.user, pk)
    return render(
        request,
        "campaigns/events/results.html",
        {
            "campaign": campaign,
            "results": selectors.results(campaign),
            "participant_kinds": ParticipantKind.choices,
        },
    )


@export("csv")
@roles_required(*READ)
def results_csv(request, pk: int):
    campaign = selectors.year_for(request.user, pk)
    return csv_response(
        results_table(selectors.results(campaign)), f"campaign-results-{campaign.fiscal_year}.csv"
    )


# --- 市民の認知度 -------------------------------------------------------------------------------


@roles_required(*READ)
def awareness(request):
    local_government = staff_local_government(request)
    return render(
        request,
        "campaigns/events/awareness.html",
        {
            "surveys": selectors.surveys(request.user),
            "is_secretariat": selectors.is_secretariat(request.user, local_government),
        },
    )


@roles_required(S)
def awareness_save(request):
    local_government = staff_local_government(request)
    form = AwarenessSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.awareness_survey_save(
                actor=request.user,
                local_government=local_government,
                fiscal_year=form.cleaned_data["fiscal_year"],
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("市民の認知度を記録し、指標に書き込みました。"))
            return redirect("campaigns:awareness")
    return _form_page(
        request,
        "campaigns/events/simple_form.html",
        {
            "form": form,
            "title": _("市民の認知度を記録する"),
            "campaign": None,
            "cancel_url": reverse("campaigns:awareness"),
            "intro": _(
                "アンケートなどの調査の結果を、出典と回答者数とともに記録します。"
                "同じ年度の記録があれば上書きし、指標「市民の認知度」の実績値になります。"
            ),
        },
        form,
    )
