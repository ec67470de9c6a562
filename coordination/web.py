"""What every support-coordination page shares: opening a case for a request (access checked,
the read audited) and the case's tabs.

`case_for` is the one way a view gets a case: 404 when the user may not open it (another body,
an organization outside the case team, a consent withdrawn or expired, a role that sees none of
it, or a field group the page needs that the user's basis does not cover), 403 on a lead-only
page for a member who does not lead, and an audit entry (core.audit.sensitive_read, kind
"support_case") for every page of a case that is shown. `checked_case` makes the same checks
and logs nothing, for a page that refuses before it reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from coordination import access
from coordination.models import Case, FieldGroup
from coordination.services import READ_KIND
from core import audit


@dataclass(frozen=True)
class CaseView:
    """A case as one user may see it now."""

    case: Case
    groups: tuple[str, ...]  # the field groups the user sees, in FieldGroup order
    is_lead: bool

    def sees(self, group: str) -> bool:
        return group in self.groups


def _checked(request, pk: int, *, group, lead: bool, cases=None) -> tuple[Case, tuple[str, ...]]:
    user = request.user
    cases = Case.objects.all() if cases is None else cases
    case = cases.filter(pk=pk, local_government_id=user.local_government_id).first()
    if case is None:
        raise Http404
    groups = tuple(access.visible_groups(user, case))
    if not groups or (group is not None and FieldGroup(group) not in groups):
        raise Http404
    if lead and not access.is_lead(user, case):
        raise PermissionDenied
    return case, groups


def checked_case(request, pk: int, *, group: str | None = None, lead: bool = False) -> Case:
    """The case `pk` if `request.user` may open it (and sees `group`), else Http404; with
    `lead`, PermissionDenied (403) for a team member who does not lead it. Nothing is logged:
    for a page that refuses before it reads (re-authentication first, an owner check), so that
    a refused request writes no read entry."""
    return _checked(request, pk, group=group, lead=lead)[0]


def case_for(
    request,
    pk: int,
    *,
    purpose: str,
    group: str | None = None,
    lead: bool = False,
    for_update: bool = False,
) -> CaseView:
    """The case `pk` for `request.user`, or Http404. `group`: the field group the page shows
    (e.g. FieldGroup.PLAN for the support plan); without it the user must see some group.
    `lead`: a lead-only page (403 for a team member who does not lead, decided before the
    read is logged). `purpose` names the page in the audit entry. `for_update` locks the row
    (inside the caller's transaction)."""
    user = request.user
    cases = Case.objects.select_related("person", "lead_organization", "local_government")
    if for_update:
        cases = cases.select_for_update(of=("self",))
    case, groups = _checked(request, pk, group=group, lead=lead, cases=cases)
    with transaction.atomic():
        audit.sensitive_read(
            actor=user,
            obj=case,
            local_government=case.local_government,
            kind=READ_KIND,
            fields=[str(group)] if group else [],
            purpose=purpose,
            request=request,
        )
    return CaseView(case=case, groups=groups, is_lead=access.is_lead(user, case))


# The tabs of a case: (URL name taking the case's pk, label, field group the tab needs).
CASE_TABS: tuple[tuple[str, str, str | None], ...] = (
    ("cases:detail", _("概要"), None),
    ("consents:index", _("同意と共有"), None),
    ("referrals:for_case", _("紹介（つなぎ）"), None),
    ("case_housing:find", _("住まいをさがす"), FieldGroup.BASIC),
    ("support:needs", _("ニーズ"), FieldGroup.PLAN),
    ("support:plan", _("支援計画"), FieldGroup.PLAN),
    ("support:conferences", _("ケース会議"), FieldGroup.PLAN),
    ("support:outcomes", _("成果"), FieldGroup.PLAN),
)


def case_tabs(view: CaseView, active: str) -> list[dict]:
    """The tabs the user may open, with `active` (a URL name) marked."""
    tabs = []
    for name, label, group in CASE_TABS:
        if group is not None and not view.sees(group):
            continue
        try:
            url = reverse(name, kwargs={"pk": view.case.pk})
        except NoReverseMatch:  # a part not installed (yet): tests check that all resolve
            continue
        tabs.append({"name": name, "label": label, "url": url, "active": name == active})
    return tabs
