from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import user_has_device

from kompas.accounts.actor import ANONYMOUS, SESSION_KEY, actor_for
from kompas.accounts.authcache import cached_memberships

# Paths a logged-in but not yet verified user may reach.
_OPEN_PREFIXES = ("/static/", "/inloggen/", "/uitloggen/", "/wachtwoord/", "/favicon.ico")


class TwoFactorMiddleware:
    """A password alone is not a login: users with a TOTP device must verify it, and users
    whose roles can see personal data must set one up before they reach anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(_OPEN_PREFIXES):
            has_device = user_has_device(user)
            if request.path.startswith("/api/") and (has_device or user.requires_2fa):
                return JsonResponse({"detail": "Tweestapsverificatie is vereist: log in via Kompas."}, status=401)
            if has_device:
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
            if user.requires_2fa:
                return redirect("accounts:otp_setup")
        return self.get_response(request)


class ActiveOrganisationMiddleware:
    """Attach ``request.actor``: the user, the organisation they act for and their roles."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def build():
            if not request.user.is_authenticated:
                actor = ANONYMOUS
            else:
                cached_memberships(request, request.user)
                actor = actor_for(request.user, request.session.get(SESSION_KEY))
            request.actor = actor  # once built, asked directly rather than through the lazy wrapper
            return actor

        request.actor = SimpleLazyObject(build)
        return self.get_response(request)
