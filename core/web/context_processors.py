from django.conf import settings

from core.access import has_role
from core.roles import Role


def tsunagu(request):
    user = getattr(request, "user", None)
    return {
        "local_government": getattr(request, "local_government", None),
        "tsunagu_production": settings.PRODUCTION,
        "perms_plan_edit": user is not None and has_role(user, [Role.SECRETARIAT]),
        "perms_pdca": user is not None and has_role(user, [Role.SECRETARIAT, Role.DEPARTMENT]),
        "perms_statistics": user is not None and has_role(user, [Role.SECRETARIAT]),
        "perms_accounts": user is not None
        and has_role(user, [Role.SECRETARIAT, Role.SYSTEM_ADMIN]),
        "perms_audit": user is not None and has_role(user, [Role.SECRETARIAT, Role.SYSTEM_ADMIN]),
        "perms_directory": user is not None
        and has_role(user, [Role.SECRETARIAT, Role.PARTNER, Role.HOUSING_PROVIDER]),
        "perms_employment": user is not None
        and has_role(
            user,
            [Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER],
        ),
        "perms_support": user is not None
        and has_role(user, [Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER]),
    }
