"""Access-matrix rows of support coordination: consents (merged in access_rows.py)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from coordination.tests.access_rows_common import case_row, lead_row, world_kwargs
from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only

PDF = b"%PDF-1.4\n% fictional signed form\n%%EOF\n"


def _world(city):
    from coordination.tests.factories import matrix_world

    return matrix_world(city)


def _consent(city):
    return {"pk": _world(city).consent.pk}


def _signed(city):
    """The matrix consent with a signed form on file (STORAGES["private"])."""
    consent = _world(city).consent
    consent.signed_form.save("signed.pdf", ContentFile(PDF), save=False)
    consent.signed_form_name = "signed.pdf"
    consent.signed_form_type = "application/pdf"
    consent.save()
    return {"pk": consent.pk}


def _provision(city):
    """A provision to the department (第69条第2項第3号) waiting for the secretariat."""
    from coordination.models import Consent
    from coordination.tests.factories import ConsentFactory, share

    world = _world(city)
    consent = ConsentFactory(
        case=world.case,
        basis=Consent.Basis.PUBLIC_BODY,
        basis_note="相当の理由（架空）",
        taken_by=city.users[Role.PARTNER],
    )
    share(consent, city.users[Role.DEPARTMENT].organization, "basic")
    return {"pk": consent.pk}


def _override(city, **values):
    from accounts.tests.factories import UserFactory
    from coordination.models import ConsentOverride
    from coordination.tests.factories import partner

    world = _world(city)
    lead = city.users[Role.PARTNER].organization
    requester = UserFactory(organization=lead, role=Role.PARTNER)
    override = ConsentOverride.objects.create(
        case=world.case,
        organization=partner(city.lg),
        groups=1,
        reason="生命・身体の保護（架空）",
        requested_by=requester,
        **values,
    )
    return {"pk": override.pk}


def _pending(city):
    return _override(city)


def _active(city):
    from coordination.models import ConsentOverride

    now = timezone.now()
    return _override(
        city,
        status=ConsentOverride.Status.ACTIVE,
        approved_by=city.users[Role.PARTNER],
        approved_at=now,
        expires_at=now + datetime.timedelta(hours=72),
    )


def _scope(city):
    return {f"scope_{city.users[Role.DEPARTMENT].organization.pk}": ["basic"]}


ROWS = {
    "consents:index": case_row(kwargs=world_kwargs),
    "consents:create": lead_row(
        kwargs=world_kwargs,
        post=page_form(_scope, succeeds=True, purpose="就労の支援のため（架空）"),
    ),
    "consents:withdraw": lead_row(
        kwargs=_consent, post=page_form(succeeds=True, note="本人から電話（架空）")
    ),
    "consents:signed_form": lead_row(kwargs=_signed),
    "consents:print": lead_row(kwargs=_consent),
    # the secretariat of the body, after re-authentication
    "consents:approve": staff_only(Role.SECRETARIAT, ok=REDIRECT, kwargs=_provision, post={}),
    "consents:expiring": staff_only(
        Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER
    ),
    # re-authentication first: the lead gets the redirect to it; others are refused before
    "consents:override_request": lead_row(ok=REDIRECT, kwargs=world_kwargs, post={}),
    "consents:override_approve": lead_row(ok=REDIRECT, kwargs=_pending, post={}),
    "consents:overrides": staff_only(Role.SECRETARIAT),
    "consents:override_review": staff_only(
        Role.SECRETARIAT,
        kwargs=_active,
        post=page_form(succeeds=True, note="事後に確認しました（架空）"),
    ),
}
CASE_PAGES = {"consents:index": lambda world: {"pk": world.case.pk}}
