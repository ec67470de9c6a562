"""Public pages of cooperating employers: the online application (no sign-in) and the page
where an approved employer sets the password of its account from the e-mail link."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.access import public
from core.roles import Role
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


@method_decorator(never_cache, name="dispatch")
class SetPasswordView(PasswordResetConfirmView):
    """The link of the password-set e-mail: Django's password-reset token, for an employer
    user of this local government only."""

    template_name = "employment/employers/set_password.html"
    post_reset_login = False

    def dispatch(self, request, *args, **kwargs):
        self.local_government = local_government_from_slug(request, kwargs["lg"])
        return super().dispatch(request, *args, **kwargs)

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if (
            user is None
            or user.role != Role.EMPLOYER
            or not user.is_active
            or user.local_government_id != self.local_government.pk
        ):
            return None
        return user

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name in ("new_password1", "new_password2"):
            if name in form.fields:
                form.fields[name].widget.attrs["autocomplete"] = "new-password"
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        employer_accounts.record_password_set(user=form.user)
        messages.success(
            self.request,
            _(
                "パスワードを設定しました。ユーザー名（%(username)s）とパスワードでログインしてください。"
            )
            % {"username": form.user.get_username()},
        )
        return response

    def get_success_url(self):
        return reverse("accounts:login")


set_password = public(SetPasswordView.as_view())
