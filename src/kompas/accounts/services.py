"""Writes on users, memberships and organisations. Each one is a write service
(:mod:`kompas.core.schrijven`): the actor is required, the user or organisation it changes is
fetched again through the actor's scope (a functioneel beheerder reaches only the members of
their own organisation), and the change and its audit row land in one durable transaction."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts import oidc, selectors
from kompas.accounts.actor import Actor
from kompas.accounts.constants import (
    ROLES_ONLY_BY_APPLICATIEBEHEER,
    Rol,
    rollen_door_applicatiebeheer,
    rollen_door_functioneel_beheerder,
)
from kompas.accounts.models import IdentiteitsProvider, Lidmaatschap, Organisatie, User
from kompas.accounts.policies import policy
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.mail import mail_na_commit
from kompas.core.schrijven import NietVanU, eigen, is_systeem, schrijfdienst


def _require(actor: Actor, action: str) -> None:
    if not policy.allows(actor, action):
        raise PermissionDenied


def password_set_mail(*, user: User, base_url: str, welcome: bool) -> None:
    """Queue the e-mail with a one-time link to set a password (no other content)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:password_reset_confirm", args=[uid, token])
    context = {"user": user, "link": link, "welcome": welcome}
    subject = _("Welkom bij Kompas") if welcome else _("Wachtwoord herstellen in Kompas")
    body = render_to_string("accounts/email/password_link.txt", context)
    mail_na_commit(subject, body, [user.email])


def _check_grantable_by_beheerder(actor: Actor, rol: str) -> None:
    """A functioneel beheerder grants only roles their own organisation's type may hold, and
    never a national, regional or applicatiebeheer role (see ``ROLLEN_PER_ORGANISATIETYPE``)."""
    if rol not in Rol.values:
        raise ValidationError(_("Onbekende rol."))
    if rol not in rollen_door_functioneel_beheerder(actor.organisatie.type):
        raise PermissionDenied(
            _("De rol %(rol)s kan in een %(type)s niet door een functioneel beheerder worden toegekend.")
            % {"rol": Rol(rol).label, "type": actor.organisatie.get_type_display().lower()}
        )


@schrijfdienst
def user_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    rollen: list[str],
    base_url: str,
    request=None,
) -> User:
    _require(actor, "manage_users")
    for rol in rollen:
        _check_grantable_by_beheerder(actor, rol)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=user, request=request)
    for rol in rollen:
        _grant(actor=actor, organisatie=actor.organisatie, user=user, rol=rol, request=request)
    password_set_mail(user=user, base_url=base_url, welcome=True)
    return user


def _grant(*, actor: Actor, organisatie: Organisatie, user: User, rol: str, request=None) -> Lidmaatschap:
    membership, created = Lidmaatschap.objects.get_or_create(user=user, organisatie=organisatie, rol=rol)
    if created:
        details = {"rol": rol}
        if organisatie != actor.organisatie:
            details["organisatie"] = organisatie.naam
        audit_log_create(actie=Actie.ROLE_GRANTED, actor=actor, obj=user, request=request, details=details)
    return membership


@schrijfdienst
def role_grant(*, actor: Actor, user: User, rol: str, request=None) -> Lidmaatschap:
    """A functioneel beheerder gives a member of their own organisation a role there."""
    _require(actor, "manage_users")
    _check_grantable_by_beheerder(actor, rol)
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    return _grant(actor=actor, organisatie=actor.organisatie, user=user, rol=rol, request=request)


def _revoke(*, actor: Actor, user: User, rol: str, request=None) -> None:
    deleted, _n = Lidmaatschap.objects.filter(user=user, organisatie=actor.organisatie, rol=rol).delete()
    if deleted:
        audit_log_create(actie=Actie.ROLE_REVOKED, actor=actor, obj=user, request=request, details={"rol": rol})


@schrijfdienst
def role_revoke(*, actor: Actor, user: User, rol: str, request=None) -> None:
    _require(actor, "manage_users")
    if user == actor.user and rol == Rol.FUNCTIONEEL_BEHEERDER:
        raise ValidationError(_("U kunt uw eigen rol als functioneel beheerder niet intrekken."))
    if rol in ROLES_ONLY_BY_APPLICATIEBEHEER:
        raise PermissionDenied
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    _revoke(actor=actor, user=user, rol=rol, request=request)


@schrijfdienst
def user_remove_from_organisation(*, actor: Actor, user: User, request=None) -> None:
    """Remove all of the user's roles here; an account with no organisation left is deactivated.

    Removing takes every role away, the national and regional ones included: that only
    narrows what the person can do."""
    _require(actor, "manage_users")
    if user == actor.user:
        raise ValidationError(_("U kunt uzelf niet uit de organisatie verwijderen."))
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    for rol in list(
        Lidmaatschap.objects.filter(user=user, organisatie=actor.organisatie).values_list("rol", flat=True)
    ):
        _revoke(actor=actor, user=user, rol=rol, request=request)
    if not user.lidmaatschappen.exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_log_create(actie=Actie.UPDATE, actor=actor, obj=user, request=request, details={"is_active": False})


@schrijfdienst
def user_email_change(*, actor: Actor, user: User, email: str, request=None) -> User:
    """A functioneel beheerder corrects the e-mail address of a member of their organisation.

    The old address is told (a hijacked address is noticed by its owner), the change is
    audited without the addresses themselves, and pending password links stop working
    (Django's reset token covers the e-mail address). An account that is also a member of
    another organisation is changed only by applicatiebeheer: otherwise a beheerder could
    take over a role elsewhere through the password reset."""
    _require(actor, "manage_users")
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    if user.lidmaatschappen.exclude(organisatie=actor.organisatie).exists():
        raise PermissionDenied(
            _("Dit account is ook lid van een andere organisatie; de applicatiebeheerder wijzigt het e-mailadres.")
        )
    email = email.strip()
    if email.lower() == user.email.lower():
        return user
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    old = user.email
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=user, request=request, details={"e-mailadres": "gewijzigd"})
    subject = str(_("Uw e-mailadres in Kompas is gewijzigd"))
    body = render_to_string("accounts/email/email_changed.txt", {"user": user, "organisatie": actor.organisatie})
    mail_na_commit(subject, body, [old])
    return user


@schrijfdienst
def gebruiker_bijwerken(
    *, actor: Actor, user: User, email: str, rollen: list[str], aangeboden: set[str], request=None
) -> User:
    """The beheerder's form for one member: the e-mail address and the roles offered there
    (``aangeboden``; a role granted by applicatiebeheer is not offered and stays), all or
    nothing."""
    _require(actor, "manage_users")
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    if email:
        user = user_email_change(actor=actor, user=user, email=email, request=request)
    huidig = (
        set(Lidmaatschap.objects.filter(user=user, organisatie=actor.organisatie).values_list("rol", flat=True))
        & aangeboden
    )
    gewenst = set(rollen)
    for rol in sorted(gewenst - huidig):
        role_grant(actor=actor, user=user, rol=rol, request=request)
    for rol in sorted(huidig - gewenst):
        role_revoke(actor=actor, user=user, rol=rol, request=request)
    return user


@schrijfdienst
def otp_devices_reset(*, actor: Actor, user: User, request=None) -> int:
    """Unlink a lost authenticator app; the user enrols a new one at the next login. Only for
    a member of the beheerder's own organisation."""
    _require(actor, "manage_users")
    user = eigen(user, selectors.beheerbare_gebruikers(actor), lock=True)
    count, _n = TOTPDevice.objects.filter(user=user).delete()
    if count:
        audit_log_create(actie=Actie.OTP_DEVICE_REMOVED, actor=actor, obj=user, request=request)
    return count


@schrijfdienst
def organisatie_create(
    *, actor: Actor, naam: str, type: str, cbs_code: str = "", regio=None, request=None
) -> Organisatie:  # noqa: A002
    _require(actor, "manage_organisations")
    org = Organisatie(naam=naam, type=type, cbs_code=cbs_code, regio=regio)
    org.full_clean()  # includes Organisatie.clean(): a gemeente needs its CBS code
    org.save()
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=org, request=request)
    return org


@schrijfdienst
def rol_toekennen(*, actor: Actor, organisatie: Organisatie, user: User, rol: str, request=None) -> Lidmaatschap:
    """Applicatiebeheer grants the roles a functioneel beheerder may not: functioneel beheerder
    itself and the national and regional roles, each only where the organisation's type fits."""
    _require(actor, "manage_organisations")
    organisatie = eigen(organisatie, selectors.organisaties_for_actor(actor), lock=True)
    user = eigen(user, selectors.users_for_applicatiebeheer(actor))
    if rol not in rollen_door_applicatiebeheer(organisatie.type):
        raise ValidationError(
            {
                "rol": _("Een %(type)s kan de rol %(rol)s niet hebben.")
                % {"type": organisatie.get_type_display().lower(), "rol": Rol(rol).label if rol in Rol.values else rol}
            }
        )
    return _grant(actor=actor, organisatie=organisatie, user=user, rol=rol, request=request)


@schrijfdienst
def functioneel_beheerder_aanwijzen(
    *, actor: Actor, organisatie: Organisatie, user: User, request=None
) -> Lidmaatschap:
    return rol_toekennen(
        actor=actor, organisatie=organisatie, user=user, rol=Rol.FUNCTIONEEL_BEHEERDER, request=request
    )


# The demo (``kompas demo``, refused with production settings) sets up its organisations and
# users through these two; they are idempotent and run as SYSTEEM only: no person may call them.


def _alleen_systeem(actor) -> None:
    if not is_systeem(actor):
        raise NietVanU(_("Alleen Kompas zelf (de demo) richt demo-organisaties en -gebruikers in."))


@schrijfdienst
def demo_organisatie_inrichten(*, actor, naam: str, type: str, cbs_code: str = "", regio=None) -> Organisatie:  # noqa: A002
    _alleen_systeem(actor)
    defaults = {"type": type, "cbs_code": cbs_code} if cbs_code else {"type": type, "regio": regio}
    org, _created = Organisatie.objects.update_or_create(naam=naam, defaults=defaults)
    return org


@schrijfdienst
def demo_gebruiker_inrichten(
    *,
    actor,
    username: str,
    email: str,
    first_name: str,
    rol: str,
    organisatie: Organisatie,
    password: str,
    totp_key: str,
) -> User:
    """A demo user with a known password, one role in one organisation and a confirmed TOTP
    device with a fixed key (so the printed secret stays valid across runs)."""
    _alleen_systeem(actor)
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": "(demo)", "is_active": True},
    )
    user.set_password(password)
    user.save()
    Lidmaatschap.objects.get_or_create(user=user, organisatie=organisatie, rol=rol)
    TOTPDevice.objects.filter(user=user).exclude(key=totp_key).delete()
    TOTPDevice.objects.get_or_create(user=user, key=totp_key, defaults={"name": "Demo-app", "confirmed": True})
    return user


@schrijfdienst
def identiteitsprovider_opslaan(
    *,
    actor: Actor,
    organisatie: Organisatie,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_domeinen: str,
    mfa_acr_waarden: str = "",
    discovery_url: str = "",
    actief: bool = True,
    request=None,
):
    """Applicatiebeheer sets (or changes) an organisation's OIDC provider. The discovery
    document is fetched and checked now, so a typing error shows here and not at a login;
    an e-mail domain leads to one provider only. The secret is never audited."""
    _require(actor, "manage_identiteitsproviders")
    organisatie = eigen(organisatie, selectors.organisaties_for_actor(actor), lock=True)
    bestaand = IdentiteitsProvider.objects.filter(organisatie=organisatie).first()
    if not client_secret and bestaand is None:
        raise ValidationError({"client_secret": _("Vul het clientgeheim in.")})
    domeinen = sorted({d.strip().lower().lstrip("@") for d in email_domeinen.split(",") if d.strip()})
    ongeldig = [d for d in domeinen if "." not in d or " " in d or "@" in d]
    if not domeinen or ongeldig:
        raise ValidationError({"email_domeinen": _("Vul een of meer domeinen in, zoals gemeente.nl.")})
    for ander in IdentiteitsProvider.objects.exclude(organisatie=organisatie).select_related("organisatie"):
        dubbel = set(domeinen) & set(ander.domeinen)
        if dubbel:
            raise ValidationError(
                {
                    "email_domeinen": _("%(domein)s hoort al bij de provider van %(org)s.")
                    % {"domein": ", ".join(sorted(dubbel)), "org": ander.organisatie}
                }
            )
    doc = oidc.discovery(issuer, discovery_url)
    provider = bestaand or IdentiteitsProvider(organisatie=organisatie)
    provider.issuer = str(doc["issuer"])
    provider.discovery_url = discovery_url.strip()
    provider.client_id = client_id.strip()
    if client_secret:
        provider.client_secret = client_secret
    provider.email_domeinen = ", ".join(domeinen)
    provider.mfa_acr_waarden = ", ".join(a.strip() for a in mfa_acr_waarden.split(",") if a.strip())
    provider.actief = actief
    provider.authorization_endpoint = doc["authorization_endpoint"]
    provider.token_endpoint = doc["token_endpoint"]
    provider.jwks_uri = doc["jwks_uri"]
    provider.gecontroleerd_op = timezone.now()
    provider.save()
    audit_log_create(
        actie=Actie.UPDATE if bestaand else Actie.CREATE,
        actor=actor,
        obj=provider,
        request=request,
        details={
            "issuer": provider.issuer,
            "discovery_url": provider.discovery_url,
            "client_id": provider.client_id,
            "email_domeinen": provider.email_domeinen,
            "mfa_acr_waarden": provider.mfa_acr_waarden,
            "actief": actief,
            "clientgeheim_gewijzigd": bool(client_secret),
        },
    )
    return provider
