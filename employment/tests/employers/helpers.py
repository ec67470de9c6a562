"""Helpers shared by the test modules of this folder."""

import io
import re
from urllib.parse import urlsplit

from django.urls import reverse

from core.models import LocalGovernment
from core.roles import Role
from employment.models import Employer, Industry
from employment.tests.factories import EmployerFactory

HEADER = (
    "name,name_kana,industry,postal_code,address,ward,size,employees,"
    "registered_with_probation_office,registered_on,contact_name,contact_phone,"
    "contact_email,hires_before_registration,is_public"
)


def secretariat(city):
    return city.users[Role.SECRETARIAT]


def employer_user(city):
    return city.users[Role.EMPLOYER]


def own_company(city, **extra) -> Employer:
    organization = employer_user(city).organization
    return EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name, **extra
    )


def application(**overrides) -> dict:
    data = {
        "name": "株式会社さくら工務店（架空）",
        "name_kana": "サクラコウムテン",
        "industry": Industry.CONSTRUCTION,
        "postal_code": "８６０−０００１",
        "address": "テスト市中央区さくら町1-2（架空）",
        "ward": "中央区",
        "size": "",
        "employees": "15",
        "registered_with_probation_office": "yes",
        "registered_on": "2020-04-01",
        "contact_name": "さくら 太郎（架空）",
        "contact_phone": "096-000-1234",
        "contact_email": "sakura@example.jp",
        "is_public": "no",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def apply_url(city):
    return reverse("employer_apply:apply", kwargs={"lg": city.lg.slug})


def revision(local_government) -> int:
    return LocalGovernment.objects.get(pk=local_government.pk).content_revision


def upload(client, content: bytes, name: str = "employers.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("employers:import"), {"file": file})


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def old_password_link(user, local_government) -> str:
    """A link of the kind e-mailed before the password-set page moved to accounts."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return reverse(
        "employer_apply:set_password",
        kwargs={
            "lg": local_government.slug,
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def link_in(message) -> str:
    """The path of the password-set link of an e-mail."""
    url = re.search(r"https?://\S+/accounts/password/\S+/", message.body).group(0)
    return urlsplit(url).path


APPLIED, APPROVED, REJECTED, WITHDRAWN = (
    Employer.Status.APPLIED,
    Employer.Status.APPROVED,
    Employer.Status.REJECTED,
    Employer.Status.WITHDRAWN,
)
