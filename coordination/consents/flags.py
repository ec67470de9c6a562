"""Flags of support coordination's consents part for the staff home (coordination.home): the
consents about to expire (lead organization), the overrides waiting for the user's approval
(lead organization, never the requester's own), and for the secretariat the overrides to
review and the provisions to public bodies waiting for approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from coordination import access
from coordination.consents.services import expiring_consents
from coordination.home import Flag
from coordination.models import Consent, ConsentOverride
from core.roles import Role


def _pending_overrides(user):
    return ConsentOverride.objects.filter(
        status=ConsentOverride.Status.PENDING,
        case__lead_organization_id=user.organization_id,
        case__local_government_id=user.local_government_id,
    ).exclude(requested_by=user)


def home_flags(user) -> list[Flag]:
    flags: list[Flag] = []
    if user.organization_id and user.role in access.INTAKE_ROLES:
        expiring = expiring_consents(user.organization_id, user.local_government_id).count()
        flags.append(Flag(_("期限が30日以内の同意"), expiring, reverse("consents:expiring")))
        pending = _pending_overrides(user).order_by("requested_at", "pk")
        first = pending.first()
        if first is not None:
            flags.append(
                Flag(
                    _("あなたの承認を待っている緊急時の閲覧"),
                    pending.count(),
                    reverse("consents:override_approve", kwargs={"pk": first.pk}),
                    urgent=True,
                )
            )
    if user.role == Role.SECRETARIAT and user.local_government_id:
        body = user.local_government_id
        to_review = ConsentOverride.objects.filter(
            status=ConsentOverride.Status.ACTIVE, case__local_government_id=body
        ).count()
        flags.append(
            Flag(_("事後確認を待っている緊急時の閲覧"), to_review, reverse("consents:overrides"))
        )
        provisions = Consent.objects.filter(
            basis=Consent.Basis.PUBLIC_BODY,
            approved_by__isnull=True,
            withdrawn_at__isnull=True,
            case__local_government_id=body,
        ).count()
        flags.append(
            Flag(_("承認を待っている行政機関への提供"), provisions, reverse("consents:overrides"))
        )
    return flags
