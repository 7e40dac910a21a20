"""Log in with username or e-mail address (case-insensitive).

This is the only place that knows how a person proves who they are with a password; an
OIDC backend (a gemeente's identity provider, e.g. mozilla-django-oidc) is added to
AUTHENTICATION_BACKENDS beside it, and the apps keep working because they only look at
the user and its memberships (see docs/architecture.md).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def axes_username(request, credentials) -> str:
    """The key django-axes counts failures under: the typed name, normalised."""
    return (credentials or {}).get("username", "").strip().lower()


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        User = get_user_model()
        username = username.strip()
        try:
            user = User.objects.get(Q(username__iexact=username) | Q(email__iexact=username))
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
