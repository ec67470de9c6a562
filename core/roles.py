from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the domain guide; the public is anonymous and has no role."""

    SECRETARIAT = "secretariat", _("事務局")
    DEPARTMENT = "department", _("担当課")
    PARTNER = "partner", _("関係機関・団体")
    VOLUNTEER = "volunteer", _("更生保護ボランティア")
    EMPLOYER = "employer", _("協力雇用主")
    HOUSING_PROVIDER = "housing_provider", _("住宅確保支援事業者")
    SYSTEM_ADMIN = "system_admin", _("システム管理者")


STAFF_ROLES = frozenset(Role)
