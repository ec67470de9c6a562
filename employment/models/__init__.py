"""Employment (就労): cooperating employers, job postings, the job magazine 「Change!」, events
and training courses, job-seeker profiles, matching, hires and retention.

Sets of fixed choices that are filtered on (the industries a seeker wants, the offences an
employer will not accept, the employment types a seeker accepts) are stored as bit masks
in an integer, so that the hard filters of matching are one indexed-column expression on
SQLite and PostgreSQL alike (`F("excluded_offences").bitand(mask) == 0`). `core.fields.choice_masks`
turns them into lists and back.
"""

from employment.models.choices import EmploymentType, Industry, LegalStatus, Offence
from employment.models.employers import Employer
from employment.models.events import (
    Enrollment,
    Event,
    EventParticipant,
    InterviewSlot,
    TrainingCourse,
    TrainingSession,
)
from employment.models.hires import Hire, RetentionCheck
from employment.models.magazine import MagazineDistribution, MagazineIssue, MagazineItem
from employment.models.postings import JobPosting
from employment.models.seekers import JobSeeker

__all__ = [
    "Employer",
    "EmploymentType",
    "Enrollment",
    "Event",
    "EventParticipant",
    "Hire",
    "Industry",
    "InterviewSlot",
    "JobPosting",
    "JobSeeker",
    "LegalStatus",
    "MagazineDistribution",
    "MagazineIssue",
    "MagazineItem",
    "Offence",
    "RetentionCheck",
    "TrainingCourse",
    "TrainingSession",
]
