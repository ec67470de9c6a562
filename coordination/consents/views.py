"""The consents of a case (同意と共有): the list with the case team now, a new consent with its
scope grid and signed form, the secretariat's approval of a provision to a public body, the
withdrawal, the signed form, the printable consent form, and the consents about to expire
(docs/support-coordination/consents.md). The emergency override's pages are in
coordination.consents.overrides.

A lead-only page decides 404 (the user may not open the case) and 403 (the user is in the
team but does not lead) before coordination.web.case_for writes the read's audit entry, so a
refused request writes nothing."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.reauth import reauth_required
from coordination import access, services
from coordination.consents import services as consents
from coordination.consents.forms import ConsentForm, WithdrawForm
from coordination.consents.presenters import consent_rows, group_labels, team_rows
from coordination.models import Consent, ConsentOverride, FieldGroup
from coordination.services import READ_KIND
from coordination.web import case_for, checked_case
from core import audit
from core.access import roles_required
from core.roles import Role
from core.web.forms import add_service_errors
from core.web.params import parse_int

PAGE_SIZE = 50
DEFAULT_DAYS = 365
FORM_SUFFIXES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def _consent(request, pk: int) -> Consent:
    consent = (
        Consent.objects.select_related("case__person", "case__lead_organization")
        .filter(pk=pk, case__local_government_id=request.user.local_government_id)
        .first()
    )
    if consent is None:
        raise Http404
    return consent


def _lead_consent(request, pk: int) -> Consent:
    consent = _consent(request, pk)
    checked_case(request, consent.case_id, lead=True)
    return consent


# --- the tab ----------------------------------------------------------------------------------


@roles_required(*access.CASE_ROLES)
def index(request, pk: int):
    view = case_for(request, pk, purpose="consents")
    case = view.case
    consent_list = (
        Consent.objects.filter(case=case)
        .select_related("taken_by", "approved_by", "withdrawn_by")
        .prefetch_related("scopes__organization")
        .order_by("-valid_from", "-pk")
    )
    return render(
        request,
        "coordination/consents/index.html",
        {
            "view": view,
            "active": "consents:index",
            "consents": consent_rows(consent_list),
            "team": team_rows(case),
            "overrides": (
                ConsentOverride.objects.filter(case=case)
                .select_related("organization", "requested_by", "approved_by")
                .order_by("-requested_at", "-pk")
                if view.is_lead
                else []
            ),
        },
    )


# --- a new consent ----------------------------------------------------------------------------


def _initial() -> dict:
    today = timezone.localdate()
    return {
        "basis": Consent.Basis.CONSENT,
        "form": Consent.Form.WRITTEN,
        "given_on": today,
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=DEFAULT_DAYS),
    }


@roles_required(*access.INTAKE_ROLES)
def create(request, pk: int):
    checked_case(request, pk, lead=True)
    view = case_for(request, pk, purpose="consent_create")
    case = view.case
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        initial=_initial(),
        # a housing provider to add (the link of a case's housing search, coordination.housing)
        housing_provider_id=parse_int(request.GET.get("provider", ""), minimum=1),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consent = services.consent_give(
                    actor=request.user, case=case, values=form.values(), scopes=form.scopes()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if consent.basis == Consent.Basis.PUBLIC_BODY:
                    messages.success(
                        request,
                        _(
                            "記録しました。事務局が承認すると有効になります（それまでは共有されません）。"
                        ),
                    )
                else:
                    messages.success(request, _("同意を記録しました。"))
                return redirect("consents:index", pk=case.pk)
        status = 400
    return render(
        request,
        "coordination/consents/form.html",
        {
            "view": view,
            "active": "consents:index",
            "form": form,
            "groups": FieldGroup.choices,
        },
        status=status,
    )


# --- approval of a provision to a public body (the secretariat) ---------------------------


@roles_required(Role.SECRETARIAT)
@reauth_required
def approve(request, pk: int):
    consent = _consent(request, pk)
    if consent.basis != Consent.Basis.PUBLIC_BODY:
        raise Http404
    if request.method == "POST":
        try:
            consents.consent_approve(actor=request.user, consent=consent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("提供を承認しました。今から共有されます。"))
        return redirect("consents:approve", pk=consent.pk)
    with transaction.atomic():  # the written reason may hold personal details: log the read
        audit.sensitive_read(
            actor=request.user,
            obj=consent.case,
            local_government=request.user.local_government,
            kind=READ_KIND,
            fields=[],
            purpose="provision_approve",
            request=request,
        )
    scopes = consent.scopes.select_related("organization").order_by("organization__name")
    return render(
        request,
        "coordination/consents/approve.html",
        {
            "consent": consent,
            "scopes": [(scope.organization, group_labels(scope.groups)) for scope in scopes],
        },
    )


# --- withdrawal -------------------------------------------------------------------------------


@roles_required(*access.INTAKE_ROLES)
def withdraw(request, pk: int):
    consent = _lead_consent(request, pk)
    view = case_for(request, consent.case_id, purpose="consent_withdraw")
    if consent.withdrawn_at is not None:
        messages.info(request, _("この同意はすでに撤回されています。"))
        return redirect("consents:index", pk=consent.case_id)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.consent_withdraw(
                    actor=request.user, consent=consent, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                count = len(done.cancelled_referrals)
                messages.success(
                    request,
                    _("同意を撤回しました。")
                    + ngettext(
                        "取り消した紹介: %(count)d件。",
                        "取り消した紹介: %(count)d件。",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("consents:index", pk=consent.case_id)
        status = 400
    return render(
        request,
        "coordination/consents/withdraw.html",
        {
            "view": view,
            "active": "consents:index",
            "consent": consent_rows([consent])[0],
            "form": form,
        },
        status=status,
    )


# --- the signed form --------------------------------------------------------------------------


@roles_required(*access.INTAKE_ROLES)
def signed_form(request, pk: int):
    """The signed form, to the lead organization only (the secretariat is not in the case
    team, and approves a provision on its written reason, not on the form)."""
    consent = _lead_consent(request, pk)
    if not consent.signed_form or not consent.signed_form_type:
        raise Http404
    try:
        handle = consent.signed_form.open("rb")
    except (OSError, SuspiciousFileOperation, ValueError):
        raise Http404 from None
    try:
        case_for(request, consent.case_id, purpose="signed_form", group=FieldGroup.BASIC)
    except Http404:
        handle.close()
        raise
    suffix = FORM_SUFFIXES.get(consent.signed_form_type, "bin")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"consent-{consent.pk}.{suffix}",
        content_type=consent.signed_form_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- the printable consent form ---------------------------------------------------------------


@roles_required(*access.INTAKE_ROLES)
def print_form(request, pk: int):
    from coordination.consents.pdf import consent_pdf

    consent = _lead_consent(request, pk)
    if consent.basis != Consent.Basis.CONSENT:
        raise Http404  # a form for the person to sign: only a consent of the person's own
    case_for(request, consent.case_id, purpose="consent_print")
    response = HttpResponse(consent_pdf(consent), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="consent-{consent.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- consents about to expire -----------------------------------------------------------------


@roles_required(*access.CASE_ROLES)
def expiring(request):
    user = request.user
    listed = (
        consents.expiring_consents(user.organization_id, user.local_government_id)
        if user.organization_id and user.role in access.INTAKE_ROLES
        else Consent.objects.none()
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for consent in page:
        consent.days_left = (consent.valid_until - today).days
    return render(
        request,
        "coordination/consents/expiring.html",
        {"page": page, "days": consents.EXPIRING_DAYS},
    )
