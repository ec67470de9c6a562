"""Support coordination's records: the person (支援対象者), their case, the consents with their
legal basis, the referrals (つなぎ) with their history, and the support over time (needs, plan,
conferences, outcomes, transfers). docs/support-coordination.md.

Every personal field of a person is encrypted at rest (core.fields): being in this table at all
says that the person has a criminal record, so the name, the birth date and the contact are
protected like the legal status, the offences and the health notes. The database cannot compare
them; the duplicate search uses `match_key`, a keyed hash (HMAC) of the folded kana and the
birth date, which says nothing to someone without the key."""

from coordination.models.consents import Consent, ConsentOverride, ConsentScope
from coordination.models.people import (
    GROUP_FIELDS,
    Case,
    Characteristic,
    FieldGroup,
    LegalStatus,
    Offence,
    Person,
    match_key,
)
from coordination.models.referrals import (
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralReasonOption,
    ReferralStatus,
)
from coordination.models.support import (
    PILLAR_NUMBERS,
    CaseConference,
    CaseTransfer,
    Need,
    NeedArea,
    NeedAssessment,
    NeedLevel,
    Outcome,
    OutcomeKind,
    PlanItem,
)

__all__ = [
    "GROUP_FIELDS",
    "PILLAR_NUMBERS",
    "Case",
    "CaseConference",
    "CaseTransfer",
    "Characteristic",
    "Consent",
    "ConsentOverride",
    "ConsentScope",
    "FieldGroup",
    "LegalStatus",
    "Need",
    "NeedArea",
    "NeedAssessment",
    "NeedLevel",
    "Offence",
    "Outcome",
    "OutcomeKind",
    "Person",
    "PlanItem",
    "Referral",
    "ReferralEvent",
    "ReferralReason",
    "ReferralReasonOption",
    "ReferralStatus",
    "match_key",
]
