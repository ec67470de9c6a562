"""What needs a case worker's attention, on the staff home: each part of support coordination
gives its flags (`home_flags(user)` in its `flags` module: overdue plan actions, referrals
with no answer, consents about to expire, overrides waiting for a second person). The staff
home shows them through {% support_flags %} (coordination_home), so accounts imports nothing
of this app."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string

from coordination.access import CASE_ROLES

PROVIDERS = (
    "coordination.consents.flags.home_flags",
    "coordination.referrals.flags.home_flags",
    "coordination.support.flags.home_flags",
)


@dataclass(frozen=True)
class Flag:
    """One line on the home page: a label, how many, where to act."""

    label: str
    count: int
    url: str
    urgent: bool = False


def flags_for(user) -> list[Flag]:
    if not getattr(user, "is_authenticated", False) or user.role not in CASE_ROLES:
        return []
    flags = []
    for path in PROVIDERS:
        flags.extend(flag for flag in import_string(path)(user) if flag.count)
    return flags
