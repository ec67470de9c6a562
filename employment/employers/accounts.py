"""The account of a cooperating employer: its accounts organization and employer user, and
the e-mail with the link that sets the user's password (an invitation of accounts.people: the
one password-set page of accounts).
Called by employment.employers.services inside their transactions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.people import invitations
from accounts.services import organization_ensure
from core import audit
from core.roles import Role
from employment.models import Employer


def password_set_url(token: str) -> str:
    """The link of the password-set e-mail: an invitation (accounts.people.invitations), valid
    once, for TSUNAGU_INVITATION_DAYS days."""
    return invitations.invitation_url(token)


def send_password_set_email(*, user: User, employer: Employer, token: str) -> None:
    local_government = employer.local_government
    context = {
        "user": user,
        "employer": employer,
        "local_government": local_government,
        "url": password_set_url(token),
        "login_url": settings.TSUNAGU_SITE_URL.rstrip("/") + reverse("accounts:login"),
        "valid_days": invitations.valid_days(),
    }
    subject = _("【%(lg)s】協力雇用主のアカウントのご案内（パスワードの設定）") % {
        "lg": local_government.name
    }
    body = render_to_string("employment/employers/email_password_set.txt", context)
    send_mail(subject, body, None, [user.email])


def legacy_link_user(local_government, uidb64: str, token: str) -> User | None:
    """The employer user of an old password-set link (Django's password-reset token), or None
    when the link is not good (wrong body, used, expired, inactive)."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if (
        user.role != Role.EMPLOYER
        or not user.is_active
        or user.local_government_id != local_government.pk
        or not default_token_generator.check_token(user, token)
    ):
        return None
    return user


@dataclass
class AccountResult:
    user: User | None = None
    created: bool = False
    reactivated: list[str] = field(default_factory=list)


def ensure_account(actor, employer: Employer) -> AccountResult:
    """Give the employer its accounts organization and one employer user for its contact
    e-mail (no usable password: the user sets one from the e-mail); reactivate the users of
    a returning employer."""
    result = AccountResult()
    if not employer.contact_email:
        raise ValidationError(
            {
                "contact_email": _(
                    "担当者のメールアドレスがないため、アカウントを作れません。"
                    "先に企業情報の編集でメールアドレスを入力してください。"
                )
            }
        )
    organization = employer.organization
    if organization is None:
        taken = Employer.objects.filter(
            organization__local_government=employer.local_government,
            organization__kind=Organization.Kind.EMPLOYER,
            organization__name=employer.name,
        ).exclude(pk=employer.pk)
        if taken.exists():
            raise ValidationError(
                {
                    "name": _(
                        "同じ名前の事業所のアカウントがすでにあります。"
                        "重複した申請でないか確かめ、名前を区別できるように直してください。"
                    )
                }
            )
        organization = organization_ensure(
            actor=actor,
            local_government=employer.local_government,
            kind=Organization.Kind.EMPLOYER,
            name=employer.name,
            is_fictional=employer.is_fictional,
        )
        employer.organization = organization
    users = list(organization.users.filter(role=Role.EMPLOYER).order_by("pk"))
    for user in users:
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            result.reactivated.append(user.get_username())
    if users:
        result.user = users[0]
        return result
    email = employer.contact_email.strip()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            {
                "contact_email": _(
                    "このメールアドレス（%(email)s）はほかのアカウントで使われています。"
                    "別のメールアドレスにしてください。"
                )
                % {"email": email}
            }
        )
    user = User(
        username=email.lower(),
        email=email,
        role=Role.EMPLOYER,
        organization=organization,
        display_name=employer.contact_name,
        is_fictional=employer.is_fictional,
    )
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {
                "contact_email": _(
                    "このメールアドレスはユーザー名に使えません（%(problem)s）。"
                    "別のメールアドレスにしてください。"
                )
                % {"problem": " ".join(error.messages)}
            }
        ) from error
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        local_government=employer.local_government,
        obj=user,
        changes={"role": {"before": None, "after": Role.EMPLOYER}, "employer": employer.name},
    )
    result.user = user
    result.created = True
    return result


def on_commit_email(actor, user: User | None, employer: Employer) -> None:
    """Issue the user's invitation now (inside the caller's transaction: audited as
    user.invite, revoking an older link) and send its e-mail once the transaction commits."""
    if user is not None and user.email and user.is_active:
        token = invitations.invitation_issue(actor=actor, user=user)
        transaction.on_commit(
            lambda: send_password_set_email(user=user, employer=employer, token=token)
        )
