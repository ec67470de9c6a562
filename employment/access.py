"""Who may see and do what in employment, decided here, on the server (deny by default).

- The secretariat manages everything of its own local government.
- An employer account sees and edits only its own company (`employer_of`), its postings
  and the events it takes part in.
- Supporters (保護司 and other volunteers, partner bodies, the city's departments and the
  secretariat) see every approved employer and every published posting of their local
  government, including those the employer keeps off the public board.
- The public sees approved employers that chose to be public, and their published,
  unexpired postings.
- Job-seeker profiles are seen only by the organization that supports the seeker
  (`visible_seekers`): a partner body or a 保護司会 its own; the secretariat the profiles it
  entered itself (its organization is their supporter) and otherwise only anonymous
  aggregates (the industry gap, the hires summary). Another organization's profile is 404.
  An employer never sees a seeker, only a count (「5人未満」 below 5).
"""

from django.http import Http404

from core.roles import Role

SECRETARIAT = frozenset({Role.SECRETARIAT})
SUPPORTER_ROLES = frozenset({Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER})
SEEKER_ROLES = frozenset({Role.SECRETARIAT, Role.PARTNER, Role.VOLUNTEER})


def employer_of(user):
    """The approved Employer an employer account works for, or 404 (deny by default)."""
    from employment.models import Employer

    if user.role != Role.EMPLOYER or not user.organization_id:
        raise Http404
    try:
        return Employer.objects.get(
            organization_id=user.organization_id,
            local_government_id=user.organization.local_government_id,
            status=Employer.Status.APPROVED,
        )
    except Employer.DoesNotExist:
        raise Http404 from None


def is_supporter(user) -> bool:
    return user.is_authenticated and user.role in SUPPORTER_ROLES


def visible_seekers(user, local_government):
    """The job-seeker profiles `user` may open: those its organization supports. Nobody else
    (the secretariat included) sees another organization's profiles."""
    from employment.models import JobSeeker

    if (
        not user.is_authenticated
        or user.role not in SEEKER_ROLES
        or not user.organization_id
        or user.local_government_id != local_government.pk
    ):
        return JobSeeker.objects.none()
    return JobSeeker.objects.filter(
        local_government=local_government, supporter_organization_id=user.organization_id
    )


def visible_hires(user, local_government):
    """The hires of the seekers `user` may open (see visible_seekers)."""
    from employment.models import Hire

    return Hire.objects.filter(
        local_government=local_government,
        seeker__in=visible_seekers(user, local_government).values("pk"),
    )
