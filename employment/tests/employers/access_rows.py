"""Access-matrix rows of the employment part "employers" (merged in access_rows.py).

Anyone may apply online and set a password from a valid e-mail link. The secretariat alone
reviews and manages employers (another local government's employer is a 404:
test_employers.py). An employer account sees only its own company, once approved. The
employment home is for the roles that take part in employment work."""

from accounts.tests.factories import UserFactory
from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, page_form, staff_only
from employment.models import Employer
from employment.tests.factories import EmployerFactory

HOME_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER)


def own_company(city) -> Employer:
    """The approved employer of the city's employer account (get or create)."""
    organization = city.users[Role.EMPLOYER].organization
    return Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name
    )


def _with_company(city) -> dict:
    own_company(city)
    return {}


def _applied(city) -> dict:
    employer = EmployerFactory(
        local_government=city.lg,
        status=Employer.Status.APPLIED,
        contact_name="申請 太郎（架空）",
        contact_email="applicant@example.jp",
    )
    return {"pk": employer.pk}


def _approved(city) -> dict:
    employer = EmployerFactory(
        local_government=city.lg,
        contact_name="承認 花子（架空）",
        contact_email="approved@example.jp",
    )
    return {"pk": employer.pk}


def _password_link(city) -> dict:
    """A valid link for an invited user of the employer's company who never signs in here
    (signing in changes the token)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(
        username="invited@example.jp",
        email="invited@example.jp",
        role=Role.EMPLOYER,
        organization=own_company(city).organization,
    )
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return {"lg": city.lg.slug, "uidb64": uidb64, "token": token}


ROWS = {
    # public
    "employer_apply:apply": everyone(kwargs="lg"),
    "employer_apply:thanks": everyone(kwargs="lg"),
    # the link's token names the account; the body's slug only dresses the page (the view
    # moves to accounts/ in issue 14), so another body's slug is not checked
    "employer_apply:set_password": everyone(REDIRECT, kwargs=_password_link, outsiders=False),
    # the employment home
    "employment:index": staff_only(*HOME_ROLES, kwargs=_with_company),
    # an employer's own company
    "company:detail": staff_only(Role.EMPLOYER, kwargs=_with_company),
    "company:edit": staff_only(
        Role.EMPLOYER,
        kwargs=_with_company,
        post=page_form(
            succeeds=True,
            contact_name="採用 一郎（架空）",
            contact_phone="096-000-0000",
            contact_email="c@example.jp",
        ),
    ),
    # the secretariat
    "employers:index": staff_only(Role.SECRETARIAT),
    # personal data (contact persons): re-authentication first (accounts.reauth)
    "employers:export_csv": staff_only(Role.SECRETARIAT, ok=REDIRECT),
    "employers:export_xlsx": staff_only(Role.SECRETARIAT, ok=REDIRECT),
    "employers:import": staff_only(Role.SECRETARIAT),
    "employers:template": staff_only(Role.SECRETARIAT),
    "employers:detail": staff_only(Role.SECRETARIAT, kwargs=_approved),
    "employers:edit": staff_only(Role.SECRETARIAT, kwargs=_approved),
    "employers:approve": staff_only(Role.SECRETARIAT, ok=REDIRECT, kwargs=_applied, method="post"),
    "employers:reject": staff_only(
        Role.SECRETARIAT,
        ok=REDIRECT,
        kwargs=_applied,
        method="post",
        data={"reject-reason": "確認できませんでした（架空）"},
    ),
    "employers:withdraw": staff_only(
        Role.SECRETARIAT,
        ok=REDIRECT,
        kwargs=_approved,
        method="post",
        data={"withdraw-reason": "協力を終えるとの連絡（架空）"},
    ),
    "employers:invite": staff_only(Role.SECRETARIAT, ok=REDIRECT, kwargs=_approved, method="post"),
}
