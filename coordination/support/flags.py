"""Flags of support coordination's support part for the staff home (coordination.home): the
plan actions owned by the user's organization that are past their due date."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.access import team_cases_q
from coordination.home import Flag
from coordination.models import Case, PlanItem
from coordination.support.services import OPEN_STATUSES


def overdue_actions(user, today=None):
    """The open actions of the user's organization due before today, in cases whose team the
    organization is in (one query with the team's subqueries)."""
    today = today or timezone.localdate()
    return PlanItem.objects.filter(
        Q(local_government_id=user.local_government_id)
        & Q(owner_organization_id=user.organization_id)
        & Q(kind=PlanItem.Kind.ACTION, status__in=OPEN_STATUSES, due_on__lt=today)
        & Q(case__in=Case.objects.filter(team_cases_q(user.organization_id)).values("pk"))
    )


def home_flags(user) -> list:
    if not user.organization_id:
        return []
    count = overdue_actions(user).count()
    return [
        Flag(
            label=_("期限を過ぎた支援計画の取り組み（自分の組織の担当）"),
            count=count,
            url=reverse("support:my_actions") + "?overdue=1",
            urgent=True,
        )
    ]
