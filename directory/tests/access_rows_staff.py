"""Access-matrix rows of the directory's back office (merged into directory/tests/access_rows.py).

The rows' entry is kept by the city's partner user's accounts organization: the secretariat
and that partner may open it; the housing provider (another accounts organization) gets 404,
as if it did not exist; other roles 403, the anonymous the login page."""

from core.roles import Role
from core.testing.matrix import NOT_FOUND, REDIRECT, page_form, staff_only
from directory.models import ChangeRequest, CrisisTerm
from directory.tests.factories import OrganizationFactory, ServiceFactory

EDITORS = (Role.SECRETARIAT, Role.PARTNER, Role.HOUSING_PROVIDER)


def _organization(city):
    return OrganizationFactory(
        local_government=city.lg, maintainer=city.users[Role.PARTNER].organization
    )


def _organization_kwargs(city) -> dict:
    return {"pk": _organization(city).pk}


def _service_kwargs(city) -> dict:
    return {"pk": ServiceFactory(organization=_organization(city)).pk}


def _change_kwargs(city) -> dict:
    organization = _organization(city)
    change = ChangeRequest.objects.create(
        local_government=city.lg,
        organization=organization,
        proposed={
            "kind": "organization",
            "values": {"description": "新しい説明（架空）"},
            "before": {"description": ""},
        },
        submitted_by=city.users[Role.PARTNER],
    )
    return {"pk": change.pk}


def kept(ok=200, **extra):
    """The secretariat and the entry's own partner; another partner body gets 404."""
    row = staff_only(*EDITORS, ok=ok, **extra)
    row.expect[Role.HOUSING_PROVIDER] = NOT_FOUND
    return row


ROWS = {
    "directory_admin:index": staff_only(*EDITORS),
    "directory_admin:organizations_csv": staff_only(*EDITORS),
    "directory_admin:services": staff_only(*EDITORS),
    "directory_admin:services_csv": staff_only(*EDITORS),
    "directory_admin:changes": staff_only(*EDITORS),
    "directory_admin:organization_detail": kept(kwargs=_organization_kwargs),
    "directory_admin:organization_edit": kept(kwargs=_organization_kwargs),
    "directory_admin:organization_verify": kept(
        ok=REDIRECT, kwargs=_organization_kwargs, method="post"
    ),
    "directory_admin:organization_maintainer": staff_only(
        Role.SECRETARIAT, kwargs=_organization_kwargs
    ),
    "directory_admin:service_create": kept(
        kwargs=_organization_kwargs, post=page_form(succeeds=True, name="住まいの相談（架空）")
    ),
    "directory_admin:service_edit": kept(kwargs=_service_kwargs),
    "directory_admin:change_detail": kept(kwargs=_change_kwargs),
    "directory_admin:change_review": staff_only(
        Role.SECRETARIAT,
        ok=REDIRECT,
        kwargs=_change_kwargs,
        method="post",
        data={"decision": "reject", "comment": "内容を確認できませんでした（架空）"},
    ),
}


def _crisis_term_kwargs(city) -> dict:
    term = CrisisTerm.objects.create(local_government=city.lg, text="死にたい", position=1)
    return {"pk": term.pk}


ROWS.update(
    {
        "directory_admin:crisis_terms": staff_only(Role.SECRETARIAT),
        "directory_admin:crisis_terms_csv": staff_only(Role.SECRETARIAT),
        "directory_admin:crisis_term_edit": staff_only(
            Role.SECRETARIAT, kwargs=_crisis_term_kwargs
        ),
        "directory_admin:crisis_term_delete": staff_only(
            Role.SECRETARIAT, ok=REDIRECT, kwargs=_crisis_term_kwargs, method="post"
        ),
    }
)
