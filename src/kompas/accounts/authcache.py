"""The authorisation context of a session, cached.

Every request needs three things: the user, the verified second-factor device and the
user's memberships. The device and the memberships are kept in the session under the
user's ``sessie_versie``. Any change to roles, organisations or devices bumps that number
(signals below, and the queryset ``update`` of memberships), so the very next request of
every session of that user reads them again: a revoked role or a reset device takes effect
at once.

The user row itself (:func:`sessie_gebruiker`) is kept in this process's memory under the
version of the domain data that the session query read along (``kompas.core.sessies``,
``kompas.core.gegevensversie``): any change to any user row, by any process, gives a new
version, so a deactivated account, a new password or a bumped ``sessie_versie`` is read
from the database on the very next request. A request that writes (no request memory) reads
the row as before.
"""

from __future__ import annotations

import functools

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import LazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.models import IdentiteitsProviderDevice, Lidmaatschap, Organisatie, User
from kompas.core import gegevensversie

CACHE_KEY = "_kompas_auth"
#: how long a user row is kept at most (a new data version replaces it sooner)
GEBRUIKER_SECONDEN = 300


@functools.cache
def _gebruikersvelden() -> list[str]:
    """The user row's columns as kept in memory, in the order ``User.from_db`` takes them."""
    return [f.attname for f in User._meta.concrete_fields]


def sessie_gebruiker(user_id) -> User | None:
    """The user a session belongs to, as ``ModelBackend.get_user`` gives it: None when the
    account is gone or no longer active. From memory while the data version holds."""
    versie = gegevensversie.gelezen_in_verzoek()
    sleutel = f"kompas.gebruiker:{user_id}"
    velden = _gebruikersvelden()
    user = None
    if versie is not None:
        bewaard = cache.get(sleutel)
        if bewaard is not None and bewaard[0] == versie:
            user = User.from_db(DEFAULT_DB_ALIAS, velden, bewaard[1])
    if user is None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is None:
            return None
        if versie is not None:  # read after the version: never older than what it is kept under
            cache.set(sleutel, (versie, tuple(getattr(user, veld) for veld in velden)), GEBRUIKER_SECONDEN)
    return user if user.is_active else None


def _entry(request, user) -> dict:
    entry = request.session.get(CACHE_KEY)
    if not entry or entry.get("user") != user.pk or entry.get("v") != user.sessie_versie:
        return {"user": user.pk, "v": user.sessie_versie}
    return dict(entry)  # a copy: storing it back must mark the session as modified


def _store(request, entry: dict) -> None:
    if request.session.get(CACHE_KEY) != entry:
        request.session[CACHE_KEY] = entry


def cached_memberships(request, user) -> list[Lidmaatschap]:
    """The user's active memberships, from the session while the version holds."""
    entry = _entry(request, user)
    rows = entry.get("memberships")
    if rows is None:
        memberships = user.active_memberships()
        entry["memberships"] = [
            [
                m.organisatie_id,
                m.organisatie.naam,
                m.organisatie.type,
                m.organisatie.cbs_code,
                m.organisatie.regio_id,
                m.rol,
            ]
            for m in memberships
        ]
        _store(request, entry)
        return memberships
    organisaties: dict[int, Organisatie] = {}
    result = []
    for org_id, naam, type_, cbs_code, regio_id, rol in rows:
        org = organisaties.get(org_id)
        if org is None:
            org = Organisatie(id=org_id, naam=naam, type=type_, cbs_code=cbs_code, regio_id=regio_id, actief=True)
            org._state.adding = False
            org._state.db = "default"
            organisaties[org_id] = org
        m = Lidmaatschap(user=user, organisatie=org, rol=rol)
        m._state.adding = False
        result.append(m)
    user._membership_cache = result
    return result


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, but the verified device is remembered in the session while
    the user's version holds; a deleted or changed device bumps the version."""

    def _verify_user_sync(self, request, user):
        user = self._verified(request, user)
        # from here on ``request.user`` is the user itself: a page asks it dozens of things, each
        # of which would otherwise pass through two lazy wrappers
        request.user = user._wrapped if isinstance(user, LazyObject) else user
        return request.user

    def _verified(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        entry = _entry(request, user)
        if entry.get("device") == persistent_id:
            cls = _DEVICE_CLASSES.get(persistent_id.rsplit("/", 1)[0], TOTPDevice)
            device = cls(id=entry["device_pk"], user_id=user.pk, confirmed=True, name="")
            device._state.adding = False
            user.otp_device = device
            return user
        device = self._finalize_device(request, user, self._device_from_persistent_id(persistent_id))
        user.otp_device = device
        if isinstance(device, (TOTPDevice, IdentiteitsProviderDevice)):
            entry["device"] = persistent_id
            entry["device_pk"] = device.pk
            _store(request, entry)
        return user


# The device kinds a session can be verified with: the authenticator app, or the organisation's
# identity provider that asserted multi-factor authentication (accounts/oidc.py).
_DEVICE_CLASSES = {cls._meta.label_lower: cls for cls in (TOTPDevice, IdentiteitsProviderDevice)}


@receiver([post_save, post_delete], sender=Lidmaatschap, dispatch_uid="kompas_bump_lidmaatschap")
@receiver([post_save, post_delete], sender=TOTPDevice, dispatch_uid="kompas_bump_totp")
@receiver([post_save, post_delete], sender=IdentiteitsProviderDevice, dispatch_uid="kompas_bump_providerdevice")
def _bump_for_user(sender, instance, **kwargs):
    User.bump_sessie_versie([instance.user_id])


@receiver(post_save, sender=Organisatie, dispatch_uid="kompas_bump_organisatie")
def _bump_for_organisation(sender, instance, created, **kwargs):
    if not created:
        User.bump_sessie_versie(instance.lidmaatschappen.values_list("user_id", flat=True))
