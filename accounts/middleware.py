"""With MFA_REQUIRED, a signed-in user must have passed two-factor sign-in in this session;
until then every page sends them to set it up (or to confirm it)."""

from django.conf import settings
from django.shortcuts import redirect

MFA_VERIFIED = "tsunagu_mfa_verified"
ALLOWED_VIEWS = {"accounts:mfa_setup", "accounts:logout", "accounts:mfa_verify", "accounts:login"}


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED or not request.user.is_authenticated:
            return None
        if request.session.get(MFA_VERIFIED):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        return redirect("accounts:mfa_setup")
