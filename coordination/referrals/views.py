"""Referral screens of one case and of one referral (/staff/support/): the case's 紹介 tab,
a new referral, a referral's page (both sides) and its status changes.

A referral is opened only by its two sides (users of the sending or the receiving
organization, in a case role); the receiver never sees a draft, and loses the page at once
when no basis in force covers it any more (404). The person's values the receiver sees are
read through coordination.referrals.services.referral_read (logged, purpose "referral"); a
housing provider gets its own page of a housing referral (coordination.housing.received)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from coordination import access
from coordination.applications import services as applications
from coordination.housing import received
from coordination.models import (
    GROUP_FIELDS,
    Characteristic,
    FieldGroup,
    LegalStatus,
    Offence,
    Person,
    Referral,
)
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.referrals.forms import SEND, ReferralForm, TransitionForm
from coordination.services import NEVER_IN_TEAM
from coordination.web import case_for
from core.access import roles_required
from core.fields.choice_masks import from_mask
from core.roles import Role
from core.web.forms import add_service_errors
from directory.models import Service

MASKS = {"characteristics": Characteristic, "offences": Offence}


def days_between(start, end) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days


def annotate_days(referral: Referral, today=None) -> Referral:
    """Days since sending and days left before release (特別調整), for the templates."""
    today = today or timezone.localdate()
    referral.days_since_sent = (
        days_between(timezone.localdate(referral.sent_at), today) if referral.sent_at else None
    )
    referral.days_to_release = days_between(today, referral.release_date)
    referral.overdue = referrals.is_overdue(referral)
    return referral


# --- the case's tab --------------------------------------------------------------------------


@roles_required(*access.CASE_ROLES)
def for_case(request, pk: int):
    view = case_for(request, pk, purpose="referrals")
    user = request.user
    listed = view.case.referrals.select_related(
        "to_organization", "from_organization", "service", "home"
    )
    if not view.is_lead:
        listed = listed.filter(
            Q(from_organization_id=user.organization_id)
            | (Q(to_organization_id=user.organization_id) & ~Q(status=S.DRAFT))
        )
    today = timezone.localdate()
    return render(
        request,
        "coordination/referrals/for_case.html",
        {
            "view": view,
            "active": "referrals:for_case",
            "referrals": [annotate_days(referral, today) for referral in listed],
            "can_create": view.case.status == view.case.Status.OPEN,
            "answer_days": referrals.answer_days(),
        },
    )


# --- a new referral --------------------------------------------------------------------------


def _receivers(user, case) -> dict[int, int]:
    """{organization id: mask of the groups it may receive from the user}: the case team
    (bases in force) but the user's own organization and those that never join a team."""
    sender_mask = access.visible_mask(user, case)
    team = access.case_team(case)
    team.pop(user.organization_id, None)
    kinds = dict(
        Organization.objects.filter(pk__in=team, local_government_id=case.local_government_id)
        .exclude(kind__in=NEVER_IN_TEAM)
        .values_list("pk", "kind")
    )
    return {pk: mask & sender_mask for pk, mask in team.items() if pk in kinds}


def _group_table(organizations, allowed: dict[int, int], sender_mask: int) -> list[dict]:
    """Per receiver: each group, whether it may go, and why not."""
    rows = []
    for organization in organizations:
        cells = []
        for value, label in FieldGroup.choices:
            bit = 1 << FieldGroup.values.index(value)
            if not sender_mask & bit:
                why = _("あなたが見られない項目です")
            elif not allowed.get(organization.pk, 0) & bit:
                why = _("この組織に共有する根拠（同意など）がありません")
            else:
                why = ""
            cells.append({"label": label, "ok": not why, "why": why})
        rows.append({"organization": organization, "cells": cells})
    return rows


@roles_required(*access.CASE_ROLES)
def create(request, pk: int):
    view = case_for(request, pk, purpose="referral_create")
    case = view.case
    allowed = _receivers(request.user, case)
    organizations = Organization.objects.filter(pk__in=allowed).order_by("kind", "name")
    services = (
        Service.objects.filter(
            local_government_id=case.local_government_id, organization__maintainer_id__in=allowed
        )
        .select_related("organization")
        .order_by("organization__name", "name")
    )
    form = ReferralForm(
        request.POST or None,
        organizations=organizations,
        services=services,
        allowed=allowed,
        initial={"groups": [FieldGroup.BASIC]},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    referral = referrals.referral_create(
                        actor=request.user,
                        case=case,
                        to_organization=data["to_organization"],
                        groups=data["groups"],
                        purpose=data["purpose"],
                        service=data["service"],
                        note=data["note"],
                        area=data["area"],
                        release_date=data["release_date"],
                    )
                    if request.POST.get("action") == SEND:
                        referrals.referral_send(actor=request.user, referral=referral)
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                form.add_error("groups", _("あなたが見られない項目は送れません。"))
            else:
                if request.POST.get("action") == SEND:
                    messages.success(request, _("紹介を送りました。"))
                else:
                    messages.success(request, _("紹介を下書きとして保存しました。"))
                return redirect("referrals:detail", pk=referral.pk)
        status = 400
    return render(
        request,
        "coordination/referrals/create.html",
        {
            "view": view,
            "active": "referrals:for_case",
            "form": form,
            "table": _group_table(organizations, allowed, access.visible_mask(request.user, case)),
        },
        status=status,
    )


# --- one referral ----------------------------------------------------------------------------


def referral_for(request, pk: int) -> tuple[Referral, str]:
    """The referral `pk` and the user's side, or Http404: not a side, a draft for the
    receiver, or a receiver no basis in force covers any more."""
    user = request.user
    referral = get_object_or_404(
        Referral.objects.select_related(
            "case",
            "case__local_government",
            "to_organization",
            "from_organization",
            "service",
            "home",
            "posting__employer",
        ),
        pk=pk,
        local_government_id=user.local_government_id,
    )
    side = referrals.side_of(user, referral)
    if side is None or (user.role == Role.HOUSING_PROVIDER and side != referrals.RECEIVER):
        raise Http404
    if side == referrals.RECEIVER and (
        referral.status == S.DRAFT
        or not referrals.receiver_covered(referral)
        or not access.may_answer(user, referral)
    ):
        raise Http404
    return referral, side


def _display(name: str, value):
    if name in MASKS:
        return "、".join(str(MASKS[name](code).label) for code in from_mask(MASKS[name], value))
    if name == "legal_status" and value in LegalStatus.values:
        return LegalStatus(value).label
    return value


def _received_values(request, referral: Referral) -> list[dict]:
    """The person's values of the groups sent that the user may see now (logged)."""
    mask = access.received_mask(request.user, referral)
    groups = [g for g in from_mask(FieldGroup, mask) if GROUP_FIELDS[g]]
    if not groups:
        return []
    values = referrals.referral_read(
        actor=request.user, referral=referral, groups=groups, request=request
    )
    return [
        {
            "label": FieldGroup(group).label,
            "fields": [
                (Person._meta.get_field(name).verbose_name, _display(name, value))
                for name, value in values[group].items()
            ],
        }
        for group in groups
    ]


def actions_for(referral: Referral, side: str) -> list[tuple[str, str]]:
    return [
        (to_status, S(to_status).label)
        for (from_status, to_status), who in referrals.TRANSITIONS.items()
        if from_status == referral.status and who == side
    ]


def _detail(request, referral: Referral, side: str, form=None, status=200):
    actions = actions_for(referral, side)
    reasons = referrals.reason_choices(referral.local_government_id)
    if form is None and actions:
        form = TransitionForm(actions=actions, reasons=reasons)
    if request.user.role == Role.HOUSING_PROVIDER:  # never opens the case: its own page
        return received.provider_detail(
            request,
            annotate_days(referral),
            form=form,
            status=status,
            values=_received_values(request, referral),
            reason_label=referrals.reason_labels(referral.local_government_id).get(
                referral.reason, referral.reason
            ),
        )
    view = case_for(request, referral.case_id, purpose="referral_page")
    labels = referrals.reason_labels(referral.local_government_id)
    return render(
        request,
        "coordination/referrals/detail.html",
        {
            "view": view,
            "active": "referrals:for_case",
            "referral": annotate_days(referral),
            "side": side,
            "is_receiver": side == referrals.RECEIVER,
            "groups_sent": [FieldGroup(g).label for g in from_mask(FieldGroup, referral.groups)],
            "values": _received_values(request, referral) if side == referrals.RECEIVER else [],
            "events": referral.events.select_related("actor"),
            "reason_label": labels.get(referral.reason, referral.reason),
            "form": form,
            "answer_days": referrals.answer_days(),
            "hire_seeker": applications.hire_seeker(request.user, referral),
        },
        status=status,
    )


@roles_required(*access.RECEIVING_ROLES)
def detail(request, pk: int):
    referral, side = referral_for(request, pk)
    if request.method not in ("GET", "HEAD"):  # after the lookup: a refused POST is a 404
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _detail(request, referral, side)


@roles_required(*access.RECEIVING_ROLES)
@require_POST
def transition(request, pk: int):
    referral, side = referral_for(request, pk)
    actions = actions_for(referral, side)
    form = TransitionForm(
        request.POST,
        actions=actions,
        reasons=referrals.reason_choices(referral.local_government_id),
    )
    if not actions:
        messages.error(request, _("この紹介は、いまあなたの側から変えられる状態ではありません。"))
        return _detail(request, referral, side, status=400)
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
            messages.success(request, _("紹介の状態を変えました。"))
            return redirect("referrals:detail", pk=referral.pk)
    return _detail(request, referral, side, form=form, status=400)
