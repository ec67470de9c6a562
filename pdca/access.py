"""Who may do what in the PDCA cycle: decided here, on the server, and nowhere else."""

from core.access import has_role
from core.roles import Role
from plans.models import MeasureDepartment


def _same_body(user, local_government) -> bool:
    return user.is_authenticated and user.local_government_id == local_government.pk


def can_manage_cycles(user, local_government) -> bool:
    return has_role(user, [Role.SECRETARIAT]) and _same_body(user, local_government)


can_review = can_manage_cycles


def can_write_report(user, report) -> bool:
    """Only the responsible department writes its report (the secretariat reviews it)."""
    return (
        has_role(user, [Role.DEPARTMENT])
        and _same_body(user, report.local_government)
        and user.department_id == report.department_id
    )


def can_read_report(user, report) -> bool:
    return can_review(user, report.local_government) or can_write_report(user, report)


def can_enter_indicator_value(user, indicator) -> bool:
    if can_review(user, indicator.local_government):
        return True
    if not (has_role(user, [Role.DEPARTMENT]) and _same_body(user, indicator.local_government)):
        return False
    # a department enters the indicators of the pillars it has measures in

    assignments = MeasureDepartment.objects.filter(department_id=user.department_id)
    if indicator.pillar_id is None:
        return assignments.filter(measure__area__pillar__plan_id=indicator.plan_id).exists()
    return assignments.filter(measure__area__pillar_id=indicator.pillar_id).exists()
