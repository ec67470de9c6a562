"""factory_boy factories for accounts in tests. Everything they make is fictional."""

import factory

from accounts.models import Organization, User
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    local_government = factory.SubFactory(LocalGovernmentFactory)
    name = factory.Sequence(lambda n: f"テスト団体{n}（架空）")
    kind = Organization.Kind.PARTNER
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PARTNER
    organization = factory.SubFactory(OrganizationFactory)
    display_name = factory.Sequence(lambda n: f"テスト 利用者{n}（架空）")
    is_fictional = True
    password = factory.django.Password("correct horse battery staple")


def reauthenticate(client) -> None:
    """Mark the signed-in test client as having re-authenticated just now (accounts/reauth.py)."""
    import time

    from accounts.reauth import REAUTH_AT

    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def failed_signins(user):
    """The audit entries of the failed sign-ins (password, second factor, re-authentication)
    counted against `user`, oldest first."""
    from core import audit
    from core.models import AuditEntry

    return AuditEntry.objects.filter(action=audit.LOGIN_FAILED, object_id=str(user.pk)).order_by(
        "id"
    )
