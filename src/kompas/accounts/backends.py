"""Log in with username or e-mail address (case-insensitive).

This is the only place that knows how a person proves who they are with a password; an
OIDC backend (a gemeente's identity provider, e.g. mozilla-django-oidc) is added to
AUTHENTICATION_BACKENDS beside it, and the apps keep working because they only look at
the user and its memberships (see docs/architecture.md).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from kompas.accounts.authcache import sessie_gebruiker


def axes_username(request, credentials) -> str:
    """The key django-axes counts failures under: the account, however it was named.

    The username, the e-mail address and any spelling of either resolve to the same account,
    so five wrong passwords on one lock the others too (and a success on one resets the
    count of the account). A name that matches no account is counted as typed, lower-cased.
    """
    typed = (credentials or {}).get("username", "") or ""
    typed = typed.strip().lower()
    if not typed:
        return ""
    User = get_user_model()
    pk = User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).values_list("pk", flat=True).first()
    return f"account:{pk}" if pk is not None else typed


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

    def get_user(self, user_id):
        return sessie_gebruiker(user_id)
