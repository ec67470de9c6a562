"""A case's housing (/staff/support/cases/<id>/housing/…): 「住まいをさがす」 and the housing
referral to a home's provider (docs/support-coordination/housing.md).

Both pages are for the case team with the 基本 group (coordination.web.case_for, 404 for
anyone else): a housing referral names the person to a landlord, so the sender must see whom
it houses. The other groups the user sees only pre-fill the search (coordination.housing.
criteria). The referral goes through the referral services (coordination.referrals.services:
referral_create with `home`, referral_send): a provider no basis covers is not reached by
another path; the page links to the consent instead."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coordination import access
from coordination.housing import criteria as prefill_rules
from coordination.housing.forms import SEND, HomeSearchForm, HousingReferralForm
from coordination.models import FieldGroup
from coordination.referrals import services as referrals
from coordination.web import case_for
from core.access import roles_required
from core.fields.choice_masks import from_mask
from core.roles import Role
from housing.models import Acceptance
from housing.selectors import homes_of, search_homes

PAGE_SIZE = 20
ACTIVE_TAB = "case_housing:find"


def _accepted_labels(home) -> list[str]:
    return [str(Acceptance(value).label) for value in from_mask(Acceptance, home.accepts)]


@roles_required(*access.CASE_ROLES)
def find(request, pk: int):
    view = case_for(request, pk, purpose="housing_find", group=FieldGroup.BASIC)
    case = view.case
    prefill = None
    if request.GET.get("search"):
        form = HomeSearchForm(request.GET)
    else:
        prefill = prefill_rules.prefill(request, view)
        form = HomeSearchForm(prefill.initial() | {"search": "1"})
    page, query = None, ""
    if form.is_valid():
        homes = search_homes(case.local_government, form.criteria())
        page = Paginator(homes, PAGE_SIZE).get_page(request.GET.get("page"))
        query = urlencode(form.query(), doseq=True)
        team = access.case_team(case)
        for home in page:
            home.accepted_labels = _accepted_labels(home)
            home.covered = bool(team.get(home.provider.organization_id, 0))
    return render(
        request,
        "coordination/housing/find.html",
        {
            "view": view,
            "active": ACTIVE_TAB,
            "form": form,
            "prefill": prefill,
            "page": page,
            "query": query,
            "can_refer": case.status == case.Status.OPEN,
        },
    )


def _allowed(user, case, organization_id: int) -> int:
    """The groups the user may send the provider: what the user sees ∩ what a basis in force
    shares with the provider ∩ what a housing provider receives."""
    return (
        access.visible_mask(user, case)
        & access.organization_groups(organization_id, case)
        & access.RECEIVED_GROUPS[Role.HOUSING_PROVIDER]
    )


@roles_required(*access.CASE_ROLES)
def refer(request, pk: int, home: int):
    view = case_for(request, pk, purpose="housing_refer", group=FieldGroup.BASIC)
    case = view.case
    home = get_object_or_404(homes_of(case.local_government).filter(is_active=True), pk=home)
    provider = home.provider.organization
    allowed = _allowed(request.user, case, provider.pk)
    can_refer = case.status == case.Status.OPEN
    form = HousingReferralForm(request.POST or None, allowed=allowed) if allowed else None
    if not can_refer:
        form = None
    status = 200
    if request.method == "POST":
        status = 400
        if form is None:
            messages.error(request, _("この住宅について、いまは紹介を送れません。"))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    referral = referrals.referral_create(
                        actor=request.user,
                        case=case,
                        to_organization=provider,
                        home=home,
                        groups=data["groups"],
                        purpose=data["purpose"],
                        note=data["note"],
                    )
                    if request.POST.get("action") == SEND:
                        referrals.referral_send(actor=request.user, referral=referral)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except PermissionDenied:
                form.add_error("groups", _("あなたが見られない項目は送れません。"))
            else:
                if request.POST.get("action") == SEND:
                    messages.success(request, _("住宅の事業者に紹介を送りました。"))
                else:
                    messages.success(request, _("紹介を下書きとして保存しました。"))
                return redirect("referrals:detail", pk=referral.pk)
    home.accepted_labels = _accepted_labels(home)
    return render(
        request,
        "coordination/housing/refer.html",
        {
            "view": view,
            "active": ACTIVE_TAB,
            "home": home,
            "provider": provider,
            "form": form,
            "can_refer": can_refer,
            "sendable": [str(g.label) for g in map(FieldGroup, from_mask(FieldGroup, allowed))],
        },
        status=status,
    )
