"""A housing referral as its receiver, a housing provider, sees it (referrals:detail for the
`housing_provider` role): the referral, the home it is about, what the person chose to send
(read through coordination.referrals.services.referral_read, logged) and the answers the
provider may give. The provider never opens the case: no case tabs, no case page."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import render

from coordination.models import FieldGroup
from coordination.referrals import services as referrals
from core import audit
from core.fields.choice_masks import from_mask
from housing.models import Acceptance


def provider_detail(request, referral, *, form, status, values, reason_label):
    """The receiving provider's page of a housing referral (its access checked and its days
    annotated by the caller: coordination.referrals.views). Opening it is a sensitive read of the
    case (purpose referral_page), as for the case roles."""
    case = referral.case
    with transaction.atomic():
        audit.sensitive_read(
            actor=request.user,
            obj=case,
            local_government=case.local_government,
            kind=referrals.READ_KIND,
            fields=[],
            purpose="referral_page",
            request=request,
        )
    home = referral.home
    home.accepted_labels = [str(Acceptance(v).label) for v in from_mask(Acceptance, home.accepts)]
    return render(
        request,
        "coordination/housing/received.html",
        {
            "referral": referral,
            "case_number": case.person.case_number,
            "home": home,
            "groups_sent": [FieldGroup(g).label for g in from_mask(FieldGroup, referral.groups)],
            "values": values,
            "events": referral.events.select_related("actor"),
            "reason_label": reason_label,
            "form": form,
            "answer_days": referrals.answer_days(),
        },
        status=status,
    )
