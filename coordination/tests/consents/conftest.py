"""The world of the consents tests: a case led by a partner body, a second partner and a city
department of the same body, the secretariat, a signed-form storage in a temporary folder.
All fictional."""

from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage

from accounts.models import Organization
from coordination.models import Consent
from coordination.tests.factories import CaseFactory, member, partner
from core.roles import Role


@pytest.fixture
def private_files(tmp_path, monkeypatch):
    """The signed forms go to a temporary folder (the field's storage is resolved once)."""
    field = Consent._meta.get_field("signed_form")
    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(field, "storage", storage)
    return storage


@pytest.fixture
def body(db, private_files):
    case = CaseFactory()
    lg = case.local_government
    other = partner(lg)
    department = partner(lg, Organization.Kind.CITY_DEPARTMENT)
    employer = partner(lg, Organization.Kind.EMPLOYER)
    return SimpleNamespace(
        case=case,
        lg=lg,
        lead=case.lead_organization,
        lead_user=member(case.lead_organization, Role.PARTNER),
        second_lead_user=member(case.lead_organization, Role.PARTNER),
        other=other,
        other_user=member(other, Role.PARTNER),
        department=department,
        department_user=member(department, Role.DEPARTMENT),
        employer=employer,
        secretariat=member(partner(lg), Role.SECRETARIAT),
        storage=private_files,
    )
