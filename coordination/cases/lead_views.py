"""The lead organization's actions on a case: edit the person, close, transfer the lead, and
the 開示請求 report. Each checks the lead before anything is read or logged (a team member who
does not lead gets 403 and no audit entry; someone outside the team 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from accounts.reauth import reauth_required
from coordination import access
from coordination import services as coordination
from coordination.cases import services
from coordination.cases.forms import CloseForm, JobSeekerLinkForm, PersonForm, TransferForm
from coordination.cases.views import person_labels
from coordination.models import Case, Consent, FieldGroup
from coordination.web import case_for, checked_case
from core.access import roles_required
from core.fields.choice_masks import from_mask
from core.web.forms import add_service_errors


@roles_required(*access.CASE_ROLES)
def edit(request, pk: int):
    view = case_for(request, pk, purpose="case_edit", lead=True)
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, case=view.case, values=form.person_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("支援対象者の情報を更新しました。"))
            return redirect("cases:detail", pk=view.case.pk)
    if request.method != "POST":
        # The form shows the current values of every group: that is a read of all of them.
        values = coordination.case_read(
            actor=request.user,
            case=view.case,
            groups=FieldGroup.values,
            purpose="case_edit",
            request=request,
        )
        form = PersonForm(initial=PersonForm.initial_for(values))
    response = render(
        request,
        "coordination/cases/edit.html",
        {"view": view, "active": "cases:detail", "form": form},
        status=400 if form.errors else 200,
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@roles_required(*access.CASE_ROLES)
def close(request, pk: int):
    view = case_for(request, pk, purpose="case_close", lead=True)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            coordination.case_close(
                actor=request.user, case=view.case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("ケースを終結しました。"))
            return redirect("cases:detail", pk=view.case.pk)
    return render(
        request,
        "coordination/cases/close.html",
        {"view": view, "active": "cases:detail", "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(*access.CASE_ROLES)
def transfer(request, pk: int):
    view = case_for(request, pk, purpose="case_transfer", lead=True)
    targets = services.transfer_targets(view.case)
    form = TransferForm(request.POST if request.method == "POST" else None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transfer(
                actor=request.user,
                case=view.case,
                to_organization=form.cleaned_data["to_organization"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("主担当を %(name)s に引き継ぎました。")
                % {"name": form.cleaned_data["to_organization"].name},
            )
            if access.can_read_case(request.user, Case.objects.get(pk=view.case.pk)):
                return redirect("cases:detail", pk=view.case.pk)
            return redirect("cases:index")
    return render(
        request,
        "coordination/cases/transfer.html",
        {"view": view, "active": "cases:detail", "form": form, "targets": targets},
        status=400 if form.errors else 200,
    )


@reauth_required
def _disclosure(request, pk: int):
    view = case_for(request, pk, purpose="disclosure")
    values = coordination.case_read(
        actor=request.user,
        case=view.case,
        groups=FieldGroup.values,
        purpose="disclosure",
        request=request,
    )
    shown = person_labels(values)
    groups = [
        {
            "label": FieldGroup(group).label,
            "fields": [
                (view.case.person._meta.get_field(name).verbose_name, shown.get(name))
                for name in fields
            ],
        }
        for group, fields in values.items()
        if fields
    ]
    consents = (
        Consent.objects.filter(case=view.case)
        .select_related("taken_by", "withdrawn_by", "approved_by")
        .prefetch_related("scopes__organization")
        .order_by("given_on", "pk")
    )
    group_labels = dict(FieldGroup.choices)
    consent_rows = [
        {
            "consent": consent,
            "in_force": consent.is_in_force(timezone.now()),
            "scopes": [
                (
                    scope.organization,
                    [str(group_labels[group]) for group in from_mask(FieldGroup, scope.groups)],
                )
                for scope in consent.scopes.all()
            ],
        }
        for consent in consents
    ]
    response = render(
        request,
        "coordination/cases/disclosure.html",
        {
            "view": view,
            "groups": groups,
            "consents": consent_rows,
            "reads": services.read_log_rows(view.case),
            "generated_at": timezone.now(),
        },
    )
    patch_cache_control(response, no_store=True, private=True)
    return response


@roles_required(*access.CASE_ROLES)
def disclosure(request, pk: int):
    """The 開示請求 report: the record, its consents with their bases, and who read it. The
    lead is checked first, then re-authentication is asked."""
    checked_case(request, pk, lead=True)
    return _disclosure(request, pk)


@roles_required(*access.CASE_ROLES)
def job_seeker(request, pk: int):
    """Link the case to the employment app's job-seeker profile (the lead, with the person's
    consent), or unlink it."""
    view = case_for(request, pk, purpose="case_job_seeker", lead=True)
    seekers = services.linkable_seekers(request.user, view.case)
    form = JobSeekerLinkForm(
        request.POST if request.method == "POST" else None,
        seekers=seekers,
        initial={"seeker": view.case.job_seeker_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_link_job_seeker(
                actor=request.user,
                case=view.case,
                seeker=form.cleaned_data["seeker"],
                consent_confirmed=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("求職者プロフィールとのつながりを保存しました。"))
            return redirect("cases:detail", pk=view.case.pk)
    return render(
        request,
        "coordination/cases/job_seeker.html",
        {"view": view, "active": "cases:detail", "form": form, "has_seekers": seekers.exists()},
        status=400 if form.errors else 200,
    )
