"""Support coordination for synthetic local governments (manage.py seed_synthetic): fictional
persons (架空), their cases, consents with scopes, needs assessments, plan items, and referrals
with their history, across four fictional organizations of each body.

The issue's target is about 100,000 persons and 500,000 referrals at N=1,741 bodies: 57 persons
a body on average (settings.TSUNAGU_SYNTHETIC_SUPPORT_PERSONS) with about five referrals each
(TSUNAGU_SYNTHETIC_SUPPORT_REFERRALS). Every personal field is encrypted (a Fernet token per
field), so persons are the slow part: docs/benchmarks.md gives the time per 10,000 persons.
Everything is written with bulk_create; names say 架空 and every person is is_fictional.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import contextlib
import datetime
import random

from django.conf import settings
from django.utils import timezone

from accounts.models import Organization, User
from coordination.models import (
    Case,
    Characteristic,
    Consent,
    ConsentScope,
    FieldGroup,
    LegalStatus,
    Need,
    NeedArea,
    NeedAssessment,
    NeedLevel,
    Offence,
    Person,
    PlanItem,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    match_key,
)
from core import synthetic
from core.fields.choice_masks import to_mask
from core.models import LocalGovernment
from plans.models import Department

S = ReferralStatus
PARTNERS = (
    "生活自立支援センター（架空）",
    "地域生活定着支援センター（架空）",
    "社会福祉協議会（架空）",
)
DEPARTMENT = "福祉課（架空）"
WORKER = "支援員（架空）"
FAMILY = [("架空", "かくう"), ("仮名", "かめい"), ("見本", "みほん"), ("試験", "しけん")]
GIVEN = [
    ("一郎", "いちろう"),
    ("花子", "はなこ"),
    ("次郎", "じろう"),
    ("由美", "ゆみ"),
    ("健", "けん"),
    ("愛", "あい"),
    ("翔", "しょう"),
    ("舞", "まい"),
]
WARDS = ["中央区", "東区", "西区", "南区", "北区"]
GROUPS = {
    "plan": to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.PLAN]),
    "all": to_mask(FieldGroup, FieldGroup.values),
    "basic": to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.PLAN]),
}
SENT = [
    to_mask(FieldGroup, [FieldGroup.BASIC]),
    to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.PLAN]),
    to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.PLAN]),
]
# Where referrals end up, with weights; each path is the statuses after draft.
PATHS = [
    ((), 3),
    ((S.REQUESTED,), 14),
    ((S.REQUESTED, S.ACCEPTED), 8),
    ((S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS), 14),
    ((S.REQUESTED, S.ACCEPTED, S.ON_HOLD), 3),
    ((S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED), 36),
    ((S.REQUESTED, S.REJECTED), 10),
    ((S.REQUESTED, S.ACCEPTED, S.FAILED), 4),
    ((S.REQUESTED, S.CANCELLED), 6),
    ((S.ENTERED_IN_ERROR,), 2),
]
REJECT_REASONS = [
    ReferralReason.NO_CAPACITY,
    ReferralReason.NOT_ELIGIBLE,
    ReferralReason.COULD_NOT_CONTACT,
    ReferralReason.PERSON_DECLINED,
]
GOALS = ["住まいを安定させる（架空）", "仕事に就く（架空）", "通院を続ける（架空）"]
ACTIONS = ["面談を月1回行う（架空）", "窓口に同行する（架空）", "就労の相談につなぐ（架空）"]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


@contextlib.contextmanager
def keeping_created_at(*models):
    """Let bulk_create keep the created_at we set (auto_now_add would stamp now)."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _organizations(local_governments) -> dict[int, list[Organization]]:
    departments = {}
    for department in Department.objects.filter(local_government__in=local_governments).order_by(
        "pk"
    ):
        departments.setdefault(department.local_government_id, department)
    made = []
    for lg in local_governments:
        for name in PARTNERS:
            made.append(
                Organization(
                    local_government=lg,
                    kind=Organization.Kind.PARTNER,
                    name=name,
                    is_fictional=True,
                )
            )
        if lg.pk in departments:
            made.append(
                Organization(
                    local_government=lg,
                    kind=Organization.Kind.CITY_DEPARTMENT,
                    name=DEPARTMENT,
                    department=departments[lg.pk],
                    is_fictional=True,
                )
            )
    Organization.objects.bulk_create(made)
    by_body: dict[int, list[Organization]] = {}
    for organization in made:
        by_body.setdefault(organization.local_government_id, []).append(organization)
    return by_body


def _workers(organizations: dict[int, list[Organization]]) -> dict[int, User]:
    """One fictional case worker per organization (the consents' taker), no usable password."""
    users = [
        User(
            username=f"synthetic-support-{organization.local_government_id}-{index}",
            role="partner" if organization.kind == Organization.Kind.PARTNER else "department",
            organization=organization,
            display_name=WORKER,
            is_fictional=True,
            password="!",  # unusable: nobody signs in as a synthetic worker
        )
        for orgs in organizations.values()
        for index, organization in enumerate(orgs)
    ]
    User.objects.bulk_create(users)
    return {user.organization.pk: user for user in users}


def _person(lg, number: int, rng: random.Random, today) -> Person:
    family, family_kana = rng.choice(FAMILY)
    given, given_kana = rng.choice(GIVEN)
    birth = datetime.date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
    kana = f"{family_kana} {given_kana}"
    status = rng.choice(LegalStatus.values)
    return Person(
        local_government=lg,
        case_number=f"C-{today.year}-{number:05d}",
        name=f"{family} {given}{number}（架空）",
        name_kana=kana,
        match_key=match_key(kana, birth),
        birth_date=birth,
        contact=f"090-0000-{number % 10000:04d}（架空）",
        ward=rng.choice(WARDS),
        legal_status=status,
        legal_status_since=today - datetime.timedelta(days=rng.randint(30, 900)),
        characteristics=to_mask(
            Characteristic, rng.sample(Characteristic.values, rng.randint(0, 2))
        ),
        offences=to_mask(Offence, rng.sample(Offence.values, rng.randint(1, 2))),
        offence_details="架空の犯歴の詳細",
        health_notes=rng.choice(("", "架空の健康メモ")),
        is_fictional=True,
    )


def seed_coordination(
    local_governments: list[LocalGovernment],
    rng: random.Random,
    *,
    persons_per_body: float | None = None,
    referrals_per_person: float | None = None,
    batch_size: int = 2000,
) -> None:
    """Fill each body: persons_per_body persons on average (±50 %), each with a case, a
    consent (5 % withdrawn, 5 % expired), one needs assessment, a goal and two actions, and
    referrals_per_person referrals on average with their history."""
    if persons_per_body is None:
        persons_per_body = settings.TSUNAGU_SYNTHETIC_SUPPORT_PERSONS
    if referrals_per_person is None:
        referrals_per_person = settings.TSUNAGU_SYNTHETIC_SUPPORT_REFERRALS
    if persons_per_body <= 0:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    organizations = _organizations(local_governments)
    workers = _workers(organizations)
    persons, leads = [], []
    for lg in local_governments:
        orgs = organizations[lg.pk]
        count = max(1, round(persons_per_body * rng.uniform(0.5, 1.5)))
        for number in range(1, count + 1):
            persons.append(_person(lg, number, rng, today))
            leads.append(rng.choice(orgs))
    Person.objects.bulk_create(persons, batch_size=batch_size)
    cases = [
        Case(
            local_government_id=person.local_government_id,
            person=person,
            lead_organization=lead,
            opened_on=today - datetime.timedelta(days=rng.randint(0, 700)),
        )
        for person, lead in zip(persons, leads, strict=True)
    ]
    for case in cases:
        if rng.random() < 0.15:
            case.status = Case.Status.CLOSED
            case.close_reason = rng.choice(Case.CloseReason.values)
            case.closed_on = min(
                today, case.opened_on + datetime.timedelta(days=rng.randint(30, 400))
            )
    Case.objects.bulk_create(cases, batch_size=batch_size)

    consents, scopes, team = _consents(cases, organizations, workers, rng, today, now)
    _support(cases, workers, rng, today, batch_size)
    _referrals(cases, team, workers, rng, now, referrals_per_person, batch_size)
    del consents, scopes


def _consents(cases, organizations, workers, rng, today, now):
    consents, pending = [], []
    for case in cases:
        others = [
            o for o in organizations[case.local_government_id] if o.pk != case.lead_organization_id
        ]
        chosen = rng.sample(others, min(len(others), rng.randint(1, 2)))
        roll = rng.random()
        valid_from = case.opened_on
        # renewed as it ran out: in force until a date ahead (5 % already expired)
        valid_until = today + datetime.timedelta(days=rng.randint(30, 365))
        consent = Consent(
            case=case,
            purpose="住まいと仕事の支援のため（架空）",
            given_on=valid_from,
            form=rng.choice(Consent.Form.values),
            taken_by=workers[case.lead_organization_id],
            valid_from=valid_from,
            valid_until=valid_until if roll >= 0.05 else today - datetime.timedelta(days=1),
        )
        if 0.05 <= roll < 0.10:
            consent.withdrawn_at = now - datetime.timedelta(days=rng.randint(1, 60))
            consent.withdrawn_by = consent.taken_by
        consents.append(consent)
        pending.append([(org, rng.choice(list(GROUPS.values()))) for org in chosen])
    Consent.objects.bulk_create(consents, batch_size=2000)
    scopes, team = [], {}
    for consent, chosen in zip(consents, pending, strict=True):
        for organization, groups in chosen:
            scopes.append(ConsentScope(consent=consent, organization=organization, groups=groups))
            if consent.is_in_force(now):
                team.setdefault(consent.case.pk, []).append((organization, groups))
    ConsentScope.objects.bulk_create(scopes, batch_size=5000)
    return consents, scopes, team


def _support(cases, workers, rng, today, batch_size):
    assessments = [
        NeedAssessment(
            local_government_id=case.local_government_id,
            case=case,
            assessed_on=case.opened_on,
            organization_id=case.lead_organization_id,
            assessed_by=workers[case.lead_organization_id],
        )
        for case in cases
    ]
    NeedAssessment.objects.bulk_create(assessments, batch_size=batch_size)
    needs = [
        Need(assessment=assessment, area=area, level=rng.choice(NeedLevel.values))
        for assessment in assessments
        for area in NeedArea.values
    ]
    Need.objects.bulk_create(needs, batch_size=5000)
    goals = [
        PlanItem(
            local_government_id=case.local_government_id,
            case=case,
            kind=PlanItem.Kind.GOAL,
            area=rng.choice(NeedArea.values),
            text=rng.choice(GOALS),
            owner_organization_id=case.lead_organization_id,
        )
        for case in cases
    ]
    PlanItem.objects.bulk_create(goals, batch_size=batch_size)
    actions = [
        PlanItem(
            local_government_id=goal.local_government_id,
            case=goal.case,
            kind=PlanItem.Kind.ACTION,
            goal=goal,
            area=goal.area,
            text=rng.choice(ACTIONS),
            owner_organization_id=goal.owner_organization_id,
            due_on=today + datetime.timedelta(days=rng.randint(-60, 120)),
            status=rng.choice(PlanItem.Status.values),
        )
        for goal in goals
        for _ in range(2)
    ]
    PlanItem.objects.bulk_create(actions, batch_size=batch_size)


def _referrals(cases, team, workers, rng, now, per_person, batch_size):
    referrals, paths = [], []
    for case in cases:
        receivers = team.get(case.pk)
        if not receivers:
            continue
        count = max(0, round(per_person * rng.uniform(0.4, 1.6)))
        for _ in range(count):
            organization, consented = rng.choice(receivers)
            groups = rng.choice([mask for mask in SENT if mask & ~consented == 0] or [consented])
            path = _weighted(rng, PATHS)
            created = now - datetime.timedelta(
                days=rng.randint(1, 700), minutes=rng.randint(0, 1440)
            )
            referral = Referral(
                local_government_id=case.local_government_id,
                case=case,
                from_organization_id=case.lead_organization_id,
                to_organization=organization,
                area=rng.choice(NeedArea.values),
                groups=groups,
                status=path[-1] if path else S.DRAFT,
                created_by=workers[case.lead_organization_id],
                created_at=created,
            )
            times, at = [], created
            for status in path:
                at = min(
                    now, at + datetime.timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 12))
                )
                times.append((status, at))
                if status == S.REQUESTED:
                    referral.sent_at = at
                elif status in (S.ACCEPTED, S.REJECTED) and referral.answered_at is None:
                    referral.answered_at = at
                if status in (S.COMPLETED, S.REJECTED, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR):
                    referral.finished_at = at
            if referral.status in (S.REJECTED, S.FAILED):
                referral.reason = rng.choice(REJECT_REASONS)
            if referral.status == S.COMPLETED:
                referral.outcome = _weighted(rng, [("successful", 80), ("unsuccessful", 20)])
                if referral.outcome == "unsuccessful":
                    referral.reason = rng.choice(REJECT_REASONS)
            referrals.append(referral)
            paths.append(times)
    with keeping_created_at(Referral):
        Referral.objects.bulk_create(referrals, batch_size=batch_size)
    events = []
    for referral, times in zip(referrals, paths, strict=True):
        events.append(ReferralEvent(referral=referral, to_status=S.DRAFT, at=referral.created_at))
        before = S.DRAFT
        for status, at in times:
            events.append(
                ReferralEvent(referral=referral, from_status=before, to_status=status, at=at)
            )
            before = status
    ReferralEvent.objects.bulk_create(events, batch_size=5000)


synthetic.register("coordination", seed_coordination)
