"""What the audit log records, as constants other apps may import (they write through
kompas.audit.services and never import kompas.audit.models; the import contracts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Actie(models.TextChoices):
    VIEW = "view", _("Bekeken")
    EXPORT = "export", _("Geëxporteerd")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOCKOUT = "lockout", _("Account geblokkeerd")
    LOGOUT = "logout", _("Uitgelogd")
    OTP_VERIFIED = "otp_verified", _("Tweestapsverificatie geslaagd")
    OTP_FAILED = "otp_failed", _("Tweestapsverificatie mislukt")
    OTP_DEVICE_ADDED = "otp_device_added", _("Authenticator-app gekoppeld")
    OTP_DEVICE_REMOVED = "otp_device_removed", _("Authenticator-app ontkoppeld")
    ROLE_GRANTED = "role_granted", _("Rol toegekend")
    ROLE_REVOKED = "role_revoked", _("Rol ingetrokken")
    PASSWORD_RESET = "password_reset", _("Wachtwoordherstel")


SECURITY_ACTIONS = frozenset(
    {
        Actie.LOGIN,
        Actie.LOGIN_FAILED,
        Actie.LOCKOUT,
        Actie.LOGOUT,
        Actie.OTP_VERIFIED,
        Actie.OTP_FAILED,
        Actie.OTP_DEVICE_ADDED,
        Actie.OTP_DEVICE_REMOVED,
        Actie.ROLE_GRANTED,
        Actie.ROLE_REVOKED,
        Actie.PASSWORD_RESET,
    }
)


# The detail that marks a share of personal data without consent, under a stated legal ground
# (e.g. acute danger): such rows are the privacy officer's list ("alleen delen zonder toestemming").
OVERRIDE_DETAIL = "override_grondslag"
