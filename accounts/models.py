import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from core.roles import Role


class Organization(TenantModel):
    """The body a user works for: a city department, a partner body, an employer …"""

    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("市の担当課")
        PARTNER = "partner", _("関係機関・団体")
        VOLUNTEER_GROUP = "volunteer_group", _("更生保護ボランティア団体")
        EMPLOYER = "employer", _("協力雇用主")
        HOUSING_PROVIDER = "housing_provider", _("住宅確保支援事業者")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種別"), max_length=30, choices=Kind.choices)
    department = models.ForeignKey(
        "plans.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("担当課（室）"),
        related_name="organizations",
    )
    is_fictional = models.BooleanField(_("架空"), default=False)

    class Meta:
        verbose_name = _("所属組織")
        verbose_name_plural = _("所属組織")
        ordering = ["local_government", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "kind", "name"], name="organization_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.kind == self.Kind.CITY_DEPARTMENT and self.department_id is None:
            raise ValidationError(
                {"department": _("市の担当課には担当課（室）を指定してください。")}
            )
        if self.department_id and self.department.local_government_id != self.local_government_id:
            raise ValidationError({"department": _("別の地方公共団体の担当課は指定できません。")})


class User(AbstractUser):
    """A staff user. Everyone else uses Tsunagu anonymously."""

    role = models.CharField(_("役割"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("所属組織"),
        related_name="users",
    )
    display_name = models.CharField(_("氏名"), max_length=100, blank=True)
    is_fictional = models.BooleanField(_("架空の人物"), default=False)
    # Changes with the second factor (accounts.mfa.services): folded into the session hash, so
    # that every other session of the user ends, as a password change ends them (ASVS V7.4.3).
    security_stamp = models.CharField(
        _("認証情報の変更印"), max_length=32, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's HMAC of the password hash, with the security stamp too once there is one
        (an empty stamp gives Django's own hash, so sessions from before the stamp survive).
        Every session whose stored hash no longer matches is signed out at its next request."""
        if not self.security_stamp:
            return super()._get_session_auth_hash(secret=secret)
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "tsunagu.accounts.User.session_auth_hash",
            f"{self.password}\x00{self.security_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def security_stamp_rotate(self) -> None:
        """A new stamp (the second factor changed): every session of the user ends; the
        acting user's own is kept by update_session_auth_hash (accounts.mfa.services)."""
        self.security_stamp = secrets.token_hex(16)
        type(self).objects.filter(pk=self.pk).update(security_stamp=self.security_stamp)

    @property
    def local_government(self):
        return self.organization.local_government if self.organization_id else None

    @property
    def local_government_id(self):
        return self.organization.local_government_id if self.organization_id else None

    @property
    def department_id(self):
        return self.organization.department_id if self.organization_id else None

    def clean(self):
        super().clean()
        if self.role != Role.SYSTEM_ADMIN and self.organization_id is None:
            raise ValidationError({"organization": _("システム管理者以外は所属組織が必要です。")})
        if (
            self.role == Role.DEPARTMENT
            and self.organization_id
            and not self.organization.department_id
        ):
            raise ValidationError(
                {"organization": _("担当課の利用者は市の担当課に所属させてください。")}
            )


class EnrolmentCode(models.Model):
    """A one-time code the secretariat issues so that a user may enrol a first second factor
    (accounts.enrolment): a lost phone, or an account that was not invited by e-mail. Only a
    hash is stored; the code works once, for its user, until it expires."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("利用者")
    )
    code_hash = models.CharField(_("登録コードのハッシュ"), max_length=128)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("発行者"),
    )
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("二要素認証の登録コード")
        verbose_name_plural = _("二要素認証の登録コード")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class DemoRecord(TenantModel):
    """A record `seed_demo` created (development only). The demo data is created once: a
    record remembered here and gone was deleted by a user and is not created again, and one
    that exists is never overwritten (docs/operations.md)."""

    key = models.CharField(_("デモデータのキー"), max_length=200)
    object_id = models.CharField(_("作成した記録のID"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("作成済みのデモデータ")
        verbose_name_plural = _("作成済みのデモデータ")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "key"], name="demo_record_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key


class Invitation(models.Model):
    """A one-time link to set a password (and then enrol a second factor), sent by e-mail to a
    new account (accounts/people/invitations.py). Only the SHA-256 of the token is stored: the
    link itself exists only in the e-mail."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("利用者")
    )
    email = models.EmailField(_("送り先のメールアドレス"))
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("招待した人"),
    )
    token_hash = models.CharField(_("トークンのハッシュ"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("無効にした日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
