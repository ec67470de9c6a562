"""Applications (応募) to a 協力雇用主's posting (/staff/support/).

- From a case (the case team, through the referral flow): search the open postings, choose
  one, and send the application with the person's consent.
- For the employer (its company pages): the applications its company received, one
  application with the person's name (and contact, if sent), and its answers through the
  referral transitions. The employer never opens the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coordination import access
from coordination.applications import services
from coordination.applications.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    PostingSearchForm,
)
from coordination.models import FieldGroup
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.referrals.forms import TransitionForm
from coordination.referrals.views import actions_for, annotate_days
from coordination.web import case_for
from core.access import roles_required
from core.fields.choice_masks import bit
from core.roles import Role
from core.web.forms import add_service_errors
from core.web.listing import query_without
from core.web.params import id_param

PAGE_SIZE = 20
LIST_SIZE = 50
ALL_COVERED = access.APPLICATION_GROUPS


# --- from a case -----------------------------------------------------------------------------


@roles_required(*access.CASE_ROLES)
def create(request, pk: int):
    """GET: the postings to choose from (?q=), or with ?posting= the application form.
    POST: send the application."""
    view = case_for(request, pk, purpose="application_create")
    case = view.case
    source = request.POST if request.method == "POST" else request.GET
    chosen = id_param(source, "posting")
    posting = services.postings_to_apply(case).filter(pk=chosen).first() if chosen else None
    context = {"view": view, "active": "referrals:for_case", "open": case.status == "open"}
    if posting is None:
        search = PostingSearchForm(request.GET or None)
        postings = services.postings_to_apply(case, search.query())
        page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "coordination/applications/choose.html",
            {**context, "search": search, "page": page, "query": query_without(request)},
            status=400 if chosen or request.method == "POST" else 200,
        )
    covered = services.covered_groups(case, posting)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        covered=covered,
        initial={"posting": posting.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.application_create(
                actor=request.user,
                case=case,
                posting=posting,
                groups=form.groups(),
                note=form.cleaned_data["note"],
                consent=form.consent(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "同意を記録できるのは主担当の組織だけです。主担当の組織に、この企業への応募の同意を記録してもらってください。"
                ),
            )
        else:
            messages.success(request, _("応募を送りました。"))
            return redirect("referrals:detail", pk=referral.pk)
    return render(
        request,
        "coordination/applications/create.html",
        {
            **context,
            "posting": posting,
            "form": form,
            "covered_basic": bool(covered & bit(FieldGroup, FieldGroup.BASIC)),
            "covered_all": covered & ALL_COVERED == ALL_COVERED,
        },
        status=400 if form.errors else 200,
    )


# --- the employer's pages --------------------------------------------------------------------


@roles_required(Role.EMPLOYER)
@require_GET
def index(request):
    listed = services.received_applications(request.user)
    form = ApplicationFilterForm(request.GET or None)
    filters = form.filters()
    if filters["status"]:
        listed = listed.filter(status=filters["status"])
    if filters["action"]:
        listed = listed.filter(status=S.REQUESTED)
    page = Paginator(listed, LIST_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/applications/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "filtered": bool(filters["status"] or filters["action"]),
        },
    )


def _labelled(values: dict) -> list[dict]:
    return [
        {
            "label": FieldGroup(group).label,
            "fields": [(services.field_label(name), value) for name, value in fields.items()],
        }
        for group, fields in values.items()
    ]


def _detail(request, referral, form=None, status=200):
    actions = actions_for(referral, referrals.RECEIVER)
    reasons = referrals.reason_choices(referral.local_government_id)
    if form is None and actions:
        form = TransitionForm(actions=actions, reasons=reasons)
    values = services.application_read(actor=request.user, referral=referral, request=request)
    response = render(
        request,
        "coordination/applications/detail.html",
        {
            "referral": annotate_days(referral),
            "values": _labelled(values),
            "events": referral.events.all(),
            "reason_label": referrals.reason_labels(referral.local_government_id).get(
                referral.reason, referral.reason
            ),
            "form": form,
            "answer_days": referrals.answer_days(),
        },
        status=status,
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@roles_required(Role.EMPLOYER)
def detail(request, pk: int):
    referral = services.application_for(request.user, pk)
    if request.method not in ("GET", "HEAD"):  # after the lookup: a refused POST is a 404
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _detail(request, referral)


@roles_required(Role.EMPLOYER)
@require_POST
def transition(request, pk: int):
    referral = services.application_for(request.user, pk)
    actions = actions_for(referral, referrals.RECEIVER)
    form = TransitionForm(
        request.POST,
        actions=actions,
        reasons=referrals.reason_choices(referral.local_government_id),
    )
    if not actions:
        messages.error(request, _("この応募は、いま返事を変えられる状態ではありません。"))
        return _detail(request, referral, status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referrals.referral_transition(
                actor=request.user,
                referral=referral,
                to_status=data["to_status"],
                reason=data.get("reason", ""),
                outcome=data.get("outcome", ""),
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("to_status", _("この変更はできません。"))
        else:
            messages.success(request, _("応募への返事を記録しました。"))
            return redirect("applications:detail", pk=referral.pk)
    return _detail(request, referral, form=form, status=400)
