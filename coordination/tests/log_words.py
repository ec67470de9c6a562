"""The words the personal-data scan of the log looks for beside what a test saves
(core/testing/logscan.py): the demo data's people (seed_demo's accounts, the demo support
cases, the demo employers' contact persons) and the offence and legal-status words."""

from accounts.management.commands.seed_demo import ADMIN_ACCOUNT, DEMO_ACCOUNTS
from coordination.demo import DEMO_CASES
from employment.demo import DEMO_ACCOUNT_EMPLOYER, OTHER_EMPLOYERS
from employment.models import LegalStatus, Offence

PERSON_FIELDS = ("name", "name_kana", "contact", "offence_details", "health_notes")
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
GENERIC = {"その他"}  # a label that is also everyday interface text


def demo_words() -> frozenset[str]:
    words = {display_name for _username, _role, display_name, *_rest in DEMO_ACCOUNTS}
    words.add(ADMIN_ACCOUNT[2])
    for _key, person, *_rest in DEMO_CASES:
        words.update(person[field] for field in PERSON_FIELDS if person[field])
    for employer in [DEMO_ACCOUNT_EMPLOYER, *OTHER_EMPLOYERS]:
        words.update(employer[field] for field in CONTACT_FIELDS if employer.get(field))
    words.update(str(label) for label in [*Offence.labels, *LegalStatus.labels])
    return frozenset(word for word in words if word not in GENERIC)
