"""Public pages of cooperating employers: the online application (no sign-in), and the old
password-set links of e-mails sent before that page moved to accounts (accounts:set_password)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.people import invitations
from core.access import public
from core.tenancy import local_government_from_slug
from core.web import ratelimit
from core.web.forms import add_service_errors
from employment.employers import accounts as employer_accounts
from employment.employers import selectors, services
from employment.employers.forms import ApplicationForm

# At most this many applications from one address in an hour: enough for a person who
# made a mistake, too few for a robot. Counted in the database, shared by every worker
# process (core/web/ratelimit.py), per client address behind the trusted proxies.
APPLICATIONS_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60
RATE_SCOPE = "employment:apply"


def _too_many(request) -> bool:
    return ratelimit.exceeded(request, scope=RATE_SCOPE, limit=APPLICATIONS_PER_HOUR)


def _count_application(request) -> None:
    ratelimit.hit(request, scope=RATE_SCOPE, window_seconds=RATE_WINDOW_SECONDS)


@public
@never_cache
def apply(request, lg):
    local_government = local_government_from_slug(request, lg)
    wards = selectors.wards(local_government)
    form = ApplicationForm(request.POST or None, wards=wards)
    status = 200
    if request.method == "POST":
        if form.is_robot():
            # Look like success so that the robot learns nothing; nothing is stored.
            return redirect("employer_apply:thanks", lg=local_government.slug)
        if _too_many(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "短い時間に多くの申請がありました。しばらく時間をおいてから、"
                    "もう一度お試しください。"
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                services.employer_apply(local_government=local_government, values=form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _count_application(request)
                return redirect("employer_apply:thanks", lg=local_government.slug)
    return render(
        request,
        "employment/employers/apply.html",
        {"form": form, "wards": wards},
        status=status,
    )


@public
def thanks(request, lg):
    local_government_from_slug(request, lg)
    return render(request, "employment/employers/apply_thanks.html")


@public
@never_cache
def set_password(request, lg, uidb64, token):
    """A link of an e-mail sent before the password-set page moved to accounts (a Django
    password-reset token, valid until the password is set or PASSWORD_RESET_TIMEOUT): when it
    is still good for an employer user of this local government, it becomes an invitation
    and the user continues on accounts' page; otherwise that page says the link is not usable."""
    local_government = local_government_from_slug(request, lg)
    user = employer_accounts.legacy_link_user(local_government, uidb64, token)
    if user is None:
        return redirect("accounts:set_password", token="invalid")
    new_token = invitations.invitation_issue(actor=None, user=user)
    return redirect("accounts:set_password", token=new_token)
