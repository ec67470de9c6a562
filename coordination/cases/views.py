"""The caseload, intake, a case's 概要 and the reveal of a masked field group
(/staff/support/cases/).

- The caseload lists the cases whose team includes the user's organization. It shows case
  numbers, never names: a name is a read of the basic group, and every read of a case is an
  audit entry on that case (so that the 開示請求 report lists it); the name is on the case page.
- The 概要 shows the basic group (logged as a read of it) and the other groups masked; a
  reveal posts a reason and shows one group once (logged with the reason, not cached)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from coordination import access
from coordination import services as coordination
from coordination.cases import seekers as case_seekers
from coordination.cases import services
from coordination.cases.forms import REVEALABLE, CaseFilterForm, IntakeForm, RevealForm
from coordination.models import Case, Characteristic, FieldGroup, LegalStatus, Offence
from coordination.web import case_for
from core.access import roles_required
from core.fields.choice_masks import labels
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from employment import access as employment_access
from employment.seekers import matching

PAGE_SIZE = 50


@roles_required(*access.CASE_ROLES)
def index(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.filters()
    listed = services.caseload(request.user, **filters)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/cases/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "sort_links": sort_links(
                request,
                filters["sort"] or services.DEFAULT_SORT,
                {"number": ("number", "-number"), "opened": ("-opened", "opened")},
            ),
            "filtered": bool(filters["status"] or filters["lead_only"] or filters["number"]),
            "may_intake": request.user.role in access.INTAKE_ROLES,
            "organization_id": request.user.organization_id,
        },
    )


@roles_required(*access.INTAKE_ROLES)
def create(request):
    local_government = staff_local_government(request)
    warned = request.method == "POST" and request.POST.get("warned") == "1"
    form = IntakeForm(request.POST if request.method == "POST" else None, warned=warned)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        values = form.person_values()
        duplicate = coordination.find_duplicate(
            actor=request.user,
            local_government=local_government,
            name_kana=values["name_kana"],
            birth_date=values["birth_date"],
        )
        if duplicate is not None and not form.cleaned_data.get("confirm_distinct"):
            # Show the warning (never the other record) and ask to confirm.
            form = IntakeForm(request.POST, warned=True)
            form.is_valid()
            if warned:
                form.add_error(
                    "confirm_distinct",
                    _("別の人として登録するなら、確認のチェックを入れてください。"),
                )
        else:
            try:
                intake = coordination.person_intake(
                    actor=request.user,
                    local_government=local_government,
                    values=values,
                    consent=form.consent_values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("ケース %(number)s を登録しました。") % {"number": intake.person.case_number},
                )
                return redirect("cases:detail", pk=intake.case.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "coordination/cases/form.html",
        {"form": form, "duplicate": duplicate, "warned": duplicate is not None or warned},
        status=status,
    )


def person_labels(values: dict) -> dict:
    """Labels of the choice fields among case_read's values."""
    shown = {}
    for fields in values.values():
        for name, value in fields.items():
            if name == "legal_status":
                value = dict(LegalStatus.choices).get(value, value)
            elif name == "characteristics":
                value = "、".join(labels(Characteristic, value or 0))
            elif name == "offences":
                value = "、".join(labels(Offence, value or 0))
            shown[name] = value
    return shown


def _job_seeker_context(request, view) -> dict:
    """The linked job-seeker profile, how many open postings its matching finds, and its
    hires, for those who see the support plan; or whether the user may make the profile."""
    seeker = view.case.job_seeker if view.case.job_seeker_id else None
    may_create = seeker is None and case_seekers.may_create_seeker(request.user, view.case)
    if seeker is None or not view.sees(FieldGroup.PLAN):
        return {"seeker": None, "may_create_seeker": may_create}
    visible = employment_access.visible_seekers(request.user, view.case.local_government)
    return {
        "seeker": seeker,
        "seeker_visible": visible.filter(pk=seeker.pk).exists(),
        # only the postings that fit: the number the hard rules remove would hint at offences
        "matched": matching.counts(seeker).matched if seeker.is_active else None,
        "hires": seeker.hires.select_related("employer").order_by("-started_on"),
    }


def _detail_context(request, view, revealed: dict | None = None) -> dict:
    basic = {}
    if view.sees(FieldGroup.BASIC):
        basic = coordination.case_read(
            actor=request.user,
            case=view.case,
            groups=[FieldGroup.BASIC],
            purpose="case_detail",
            request=request,
        )[FieldGroup.BASIC]
    masked = [
        {"group": group.value, "label": group.label, "revealed": revealed.get(group.value)}
        if revealed
        else {"group": group.value, "label": group.label, "revealed": None}
        for group in REVEALABLE
        if view.sees(group)
    ]
    return {
        "view": view,
        "active": "cases:detail",
        **_job_seeker_context(request, view),
        "basic": basic,
        "masked": masked,
        "reveal_form": RevealForm(),
        "transfers": view.case.transfers.select_related("from_organization", "to_organization"),
    }


@roles_required(*access.CASE_ROLES)
def detail(request, pk: int):
    view = case_for(request, pk, purpose="case_detail")
    return render(request, "coordination/cases/detail.html", _detail_context(request, view))


@roles_required(*access.CASE_ROLES)
def reveal(request, pk: int):
    """GET ?group=: the reason form. POST: with a reason, the 概要 with that group shown once
    (no redirect, no flag kept: reloading shows it masked again)."""
    group = request.POST.get("group") if request.method == "POST" else request.GET.get("group")
    group = group or FieldGroup.CONTACT
    if group not in {g.value for g in REVEALABLE}:
        raise Http404
    # The group is checked before case_for logs the opening (a refused request logs nothing);
    # the values are logged, with the reason, only when they are shown (case_read).
    case = Case.objects.filter(pk=pk, local_government_id=request.user.local_government_id).first()
    if case is None or group not in access.visible_groups(request.user, case):
        raise Http404
    view = case_for(request, pk, purpose="case_reveal")
    form = RevealForm(request.POST if request.method == "POST" else None, initial={"group": group})
    if request.method == "POST" and form.is_valid():
        values = coordination.case_read(
            actor=request.user,
            case=view.case,
            groups=[group],
            purpose="case_reveal",
            reason=form.cleaned_data["reason"],
            request=request,
        )
        context = _detail_context(request, view, revealed={group: person_labels(values)})
        response = render(request, "coordination/cases/detail.html", context)
    else:
        response = render(
            request,
            "coordination/cases/reveal.html",
            {
                "view": view,
                "active": "cases:detail",
                "form": form,
                "group_label": FieldGroup(group).label,
            },
            status=400 if form.errors else 200,
        )
    patch_cache_control(response, no_store=True, private=True)
    return response
