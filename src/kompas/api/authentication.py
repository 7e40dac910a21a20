from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, but only once the second factor is verified where required
    (TwoFactorMiddleware already answers 401 for /api/ otherwise)."""
