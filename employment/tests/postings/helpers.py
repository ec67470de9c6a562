"""Helpers shared by the test modules of this folder."""

import datetime

from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from employment.models import Employer, EmploymentType, Industry, JobPosting
from employment.tests.factories import EmployerFactory, JobPostingFactory

TODAY = timezone.localdate()


NEXT_MONTH = TODAY + datetime.timedelta(days=30)


YESTERDAY = TODAY - datetime.timedelta(days=1)


KUMAMOTO_WAGES = {
    "43": [("2023-10-08", 898), ("2024-10-05", 952), ("2026-01-01", 1034)],
}


def values(**changes) -> dict:
    """A complete, valid posting as the service takes it."""
    base = {
        "title": "現場作業員（架空）",
        "industry": Industry.CONSTRUCTION,
        "description": "道路の工事現場での作業です。",
        "workplace": "熊本市中央区（架空）",
        "ward": "中央区",
        "employment_type": EmploymentType.FULL_TIME,
        "wage_form": JobPosting.WageForm.MONTHLY,
        "wage_min": 200000,
        "wage_max": None,
        "working_hours": "8:00〜17:00",
        "holidays": "日曜",
        "social_insurance": "",
        "qualifications": "",
        "experience": "",
        "trial_period": "",
        "openings": 1,
        "dormitory": False,
        "company_housing": False,
        "meals": False,
        "probation_welcome": True,
        "juveniles_welcome": False,
        "excluded_offences": 0,
        "message": "",
        "apply_via_volunteer": True,
        "apply_via_probation_office": True,
        "apply_via_hello_work": False,
        "ends_on": NEXT_MONTH,
    }
    base.update(changes)
    return base


def form_data(**changes) -> dict:
    """A complete, valid posting as the form posts it."""
    data = {
        "title": "介護職員（架空）",
        "industry": Industry.MEDICAL_WELFARE,
        "description": "高齢者施設での介護のお仕事です。",
        "workplace": "熊本市東区（架空）",
        "ward": "東区",
        "employment_type": EmploymentType.PART_TIME,
        "wage_form": "monthly",
        "wage_min": "180000",
        "wage_max": "220000",
        "working_hours": "9:00〜18:00",
        "openings": "2",
        "probation_welcome": "on",
        "dormitory": "on",
        "excluded_offences": ["theft", "drugs"],
        "apply_via": ["volunteer", "hello_work"],
        "ends_on": NEXT_MONTH.isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def other_employer(city, **fields) -> Employer:
    organization = OrganizationFactory(
        local_government=city.lg, kind="employer", name="運送会社（架空）"
    )
    return EmployerFactory(local_government=city.lg, organization=organization, **fields)


def posting_of(employer, **fields) -> JobPosting:
    fields.setdefault("ends_on", NEXT_MONTH)
    return JobPostingFactory(employer=employer, **fields)
