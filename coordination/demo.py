"""Demo support records for seed_demo (development only): three fictional persons (架空) whose
cases the demo partner organization leads, shared by consent with the demo department (every
group) and the demo volunteer group (基本, 連絡先, 支援計画), and referrals to the department
in different states (one in progress, one waiting for an answer, one completed), so that
someone trying the app sees the flow from both sides.

Made through the services (coordination.services, coordination.referrals.services), as the
demo partner's and department's users, so the audit log and the history read as in real use.
Each case is created once (accounts.demo): a case a user deleted stays deleted unless
`seed_demo --restore`.

Support records are never part of a plan package (they are personal data): the section
registered here reads nothing, loads nothing, writes nothing; it exists for seed_demo.

# i18n-data-file: every string here is fictional demo data, not interface text.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from accounts import demo
from accounts.models import User
from coordination.models import Case, Consent, FieldGroup, NeedArea, ReferralStatus
from coordination.referrals import services as referrals
from coordination.services import consent_give, person_intake
from core.changes import ChangeLog
from core.package.sections import PackageSection, register
from core.roles import Role

S = ReferralStatus
# (key, person values, referral: area, groups sent, purpose, the moves after sending)
DEMO_CASES = [
    (
        "support:case:1",
        {
            "name": "架空 一郎",
            "name_kana": "かくう いちろう",
            "birth_date": datetime.date(1975, 5, 12),
            "contact": "090-0000-1111（架空）",
            "ward": "中央区",
            "legal_status": "probation",
            "offence_details": "架空の記録です。",
            "health_notes": "",
        },
        (NeedArea.HOUSING, [FieldGroup.BASIC, FieldGroup.CONTACT], "住まいの相談（架空）"),
        [S.ACCEPTED, S.IN_PROGRESS],
    ),
    (
        "support:case:2",
        {
            "name": "架空 花子",
            "name_kana": "かくう はなこ",
            "birth_date": datetime.date(1990, 8, 3),
            "contact": "090-0000-2222（架空）",
            "ward": "東区",
            "legal_status": "released",
            "offence_details": "",
            "health_notes": "架空の健康メモです。",
        },
        (NeedArea.HOUSING, [FieldGroup.BASIC], "公営住宅の申込みの相談（架空）"),
        [],
    ),
    (
        "support:case:3",
        {
            "name": "架空 次郎",
            "name_kana": "かくう じろう",
            "birth_date": datetime.date(1968, 1, 20),
            "contact": "096-000-3333（架空）",
            "ward": "北区",
            "legal_status": "parole",
            "offence_details": "",
            "health_notes": "",
        },
        (NeedArea.HOUSING, [FieldGroup.BASIC, FieldGroup.CONTACT], "住まいの確保（架空）"),
        [S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED],
    ),
]
VOLUNTEER_GROUPS = [FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.PLAN]


def _user(organization, role):
    if organization is None:
        return None
    return (
        User.objects.filter(organization=organization, role=role, is_active=True)
        .order_by("pk")
        .first()
    )


def _case_exists(pk: str) -> bool:
    return Case.objects.filter(pk=pk).exists()


@transaction.atomic
def _create(local_government, values, referral, moves, *, lead, receiver, volunteer_org):
    today = timezone.localdate()
    intake = person_intake(
        actor=lead, local_government=local_government, values={**values, "is_fictional": True}
    )
    scopes = {receiver.organization: list(FieldGroup.values)}
    if volunteer_org is not None:
        scopes[volunteer_org] = VOLUNTEER_GROUPS
    consent_give(
        actor=lead,
        case=intake.case,
        values={
            "purpose": "住まいと仕事の支援のため（架空）",
            "basis": Consent.Basis.CONSENT,
            "given_on": today,
            "form": Consent.Form.WRITTEN,
            "valid_from": today,
            "valid_until": today + datetime.timedelta(days=365),
        },
        scopes=scopes,
    )
    area, groups, purpose = referral
    made = referrals.referral_create(
        actor=lead,
        case=intake.case,
        to_organization=receiver.organization,
        groups=groups,
        purpose=purpose,
    )
    made.area = area
    made.save(update_fields=["area"])
    referrals.referral_send(actor=lead, referral=made)
    for status in moves:
        extra = {"outcome": "successful"} if status == S.COMPLETED else {}
        referrals.referral_transition(actor=receiver, referral=made, to_status=status, **extra)
    return intake.case


def ensure_demo_cases(local_government, organizations, *, restore=False) -> Counter:
    """Create the demo cases that were never created; count created, kept and deleted."""
    counts: Counter = Counter()
    lead = _user(organizations.get(Role.PARTNER), Role.PARTNER)
    receiver = _user(organizations.get(Role.DEPARTMENT), Role.DEPARTMENT)
    if lead is None or receiver is None:
        return counts  # no demo partner or department account: nothing to show the flow with
    for key, values, referral, moves in DEMO_CASES:
        record = demo.seeded(local_government, key)
        if record is not None and _case_exists(record.object_id):
            counts["kept"] += 1
            continue
        if not demo.should_create(local_government, key, _case_exists, restore=restore):
            counts["deleted"] += 1
            continue
        case = _create(
            local_government,
            values,
            referral,
            moves,
            lead=lead,
            receiver=receiver,
            volunteer_org=organizations.get(Role.VOLUNTEER),
        )
        demo.remember(local_government, key, case)
        counts["created"] += 1
    return counts


def _demo(local_government, *, organizations, restore=False) -> list[tuple[str, Counter]]:
    return [
        ("demo support cases", ensure_demo_cases(local_government, organizations, restore=restore))
    ]


class NoPackageSection(Exception):
    """Never raised: support records are not in plan packages."""

    errors: list[str] = []


register(
    PackageSection(
        name="support",
        order=90,
        read=lambda path, plan: None,  # never in a package: personal data
        invalid=NoPackageSection,
        summary=lambda content: "",
        present=lambda local_government: False,
        load=lambda **kwargs: ChangeLog(),
        demo=_demo,
    )
)
