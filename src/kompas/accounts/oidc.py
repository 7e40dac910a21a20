"""Login through an organisation's own OpenID Connect provider (Entra ID, ADFS, …).

mozilla-django-oidc knows one provider from the settings; Kompas has one per organisation
(:class:`~kompas.accounts.models.IdentiteitsProvider`). The login page asks for the e-mail
address, its domain names the provider, and the flow runs with that provider's endpoints and
client. The backend below is mozilla-django-oidc's, with these rules of Kompas:

* the id_token is checked strictly: signature against the provider's JWKS (asymmetric
  algorithms only), ``iss`` equal to the configured issuer, ``aud`` containing the client-ID,
  ``exp``/``iat`` present and valid, and the ``nonce`` of this login's state;
* a person is matched only among the active members of the provider's organisation: first
  on the subject (``sub``) stored at an earlier login, otherwise on an e-mail address the
  provider marks as verified (``email_verified``, or Entra's ``xms_edov``) in one of the
  organisation's domains; the subject is then stored, and an account already bound to another
  subject is refused;
* no account is ever created: roles are granted in Kompas, so an unknown person is refused
  with a Dutch message;
* whether the provider did multi-factor authentication is read from ``amr`` and ``acr``
  (:func:`mfa_bevestigd`); the view then skips or asks the authenticator-app code.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kompas.accounts.authcache import sessie_gebruiker
from kompas.accounts.models import IdentiteitsKoppeling, IdentiteitsProvider

# RFC 8176 values that stand for a second factor (or a factor that is more than a password)
AMR_MFA = frozenset({"mfa", "otp", "hwk"})
# Only asymmetric signatures: a symmetric one would be made with the client secret we hold.
ALGORITMEN = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
DISCOVERY_PAD = "/.well-known/openid-configuration"
SCOPES = "openid email profile"


class Weigering(Exception):
    """An OIDC login refused: ``reden`` goes to the audit log, ``melding`` to the person."""

    def __init__(self, reden: str, melding: str):
        super().__init__(reden)
        self.reden = reden
        self.melding = melding


def _timeout() -> int:
    return getattr(settings, "OIDC_TIMEOUT", 10)


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def adres_toegestaan(url: str) -> bool:
    """Providers are reached over HTTPS; plain HTTP only on this machine (tests, a local
    Keycloak), never over a network."""
    scheme = urlsplit(url).scheme
    return scheme == "https" or (scheme == "http" and _is_loopback(url))


def discovery(issuer: str, discovery_url: str = "") -> dict:
    """The provider's discovery document (at ``discovery_url``, by default under the issuer),
    checked: the issuer it names is the one configured and it offers the code flow's
    endpoints over https. Raises ValidationError with a Dutch message."""
    issuer = issuer.strip()
    if not adres_toegestaan(issuer):
        raise ValidationError({"issuer": _("Het adres van de identiteitsprovider moet met https:// beginnen.")})
    url = discovery_url.strip() or issuer.rstrip("/") + DISCOVERY_PAD
    if not adres_toegestaan(url):
        raise ValidationError({"discovery_url": _("Het adres van de identiteitsprovider moet met https:// beginnen.")})
    try:
        response = requests.get(url, timeout=_timeout(), verify=getattr(settings, "OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        doc = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ValidationError(
            {
                "issuer": _("Het discovery-document %(url)s kon niet worden opgehaald (%(fout)s).")
                % {"url": url, "fout": type(exc).__name__}
            }
        ) from exc
    if not isinstance(doc, dict) or str(doc.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ValidationError(
            {
                "issuer": _("Het discovery-document noemt een andere issuer (%(ander)s).")
                % {"ander": str(doc.get("issuer", "")) if isinstance(doc, dict) else "?"}
            }
        )
    missend = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not doc.get(k)]
    if missend:
        raise ValidationError({"issuer": _("Het discovery-document mist %(velden)s.") % {"velden": ", ".join(missend)}})
    onveilig = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not adres_toegestaan(doc[k])]
    if onveilig:
        raise ValidationError(
            {
                "issuer": _("De endpoints van de provider moeten https gebruiken (%(velden)s).")
                % {"velden": ", ".join(onveilig)}
            }
        )
    return doc


def provider_voor_email(email: str) -> IdentiteitsProvider | None:
    """The active provider whose organisation owns the domain of this address, if any."""
    domein = email.strip().lower().rpartition("@")[2]
    if not domein:
        return None
    for provider in IdentiteitsProvider.objects.filter(actief=True, organisatie__actief=True).select_related(
        "organisatie"
    ):
        if domein in provider.domeinen:
            return provider
    return None


def _lijst(waarde) -> list[str]:
    if waarde is None:
        return []
    if isinstance(waarde, str):
        return [waarde]
    if isinstance(waarde, (list, tuple)):
        return [str(v) for v in waarde]
    return [str(waarde)]


def mfa_bevestigd(provider: IdentiteitsProvider, claims: dict) -> bool:
    """True when the id_token says the provider checked more than a password: ``amr`` holds
    mfa, otp or hwk, or ``acr`` or ``amr`` holds one of the values configured for this
    provider (ADFS: http://schemas.microsoft.com/claims/multipleauthn)."""
    amr = set(_lijst(claims.get("amr")))
    acr = set(_lijst(claims.get("acr")))
    return bool({v.lower() for v in amr} & AMR_MFA) or bool((acr | amr) & provider.acr_waarden)


def email_geverifieerd(claims: dict) -> bool:
    return any(claims.get(k) in (True, "true", "True") for k in ("email_verified", "xms_edov"))


class OrganisatieOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured per call with the organisation's provider.

    Called through ``django.contrib.auth.authenticate(request, provider=…, nonce=…,
    code_verifier=…)`` by the callback view only; any other call (a password login) has no
    provider and is passed over."""

    def __init__(self, *args, **kwargs):
        # The base reads one provider from the settings; here it comes with each login.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        # the base's get_user would also hand out a deactivated account; this one does not
        return sessie_gebruiker(user_id)

    def _configure(self, provider: IdentiteitsProvider) -> None:
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_OP_USER_ENDPOINT = None
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, provider=None, nonce=None, code_verifier=None, **kwargs):
        if provider is None or request is None or not nonce:
            return None
        self._configure(provider)
        request.kompas_oidc_claims = {}
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Weigering as exc:
            request.kompas_oidc_weigering = exc
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            request.kompas_oidc_weigering = Weigering(
                f"token_ongeldig: {exc}"[:200],
                _("De identiteitsprovider gaf geen geldig antwoord. Probeer opnieuw in te loggen."),
            )
        except (requests.RequestException, ValueError, KeyError) as exc:
            request.kompas_oidc_weigering = Weigering(
                f"provider_onbereikbaar: {type(exc).__name__}",
                _(
                    "De identiteitsprovider van uw organisatie is niet bereikbaar of gaf een fout. Probeer het "
                    "later opnieuw."
                ),
            )
        return None

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: by ``kid`` when the token names one, otherwise
        the only signing key of the set (more than one without a ``kid`` is refused)."""
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT, timeout=_timeout(), verify=getattr(settings, "OIDC_VERIFY_SSL", True)
        )
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [k for k in response.json().get("keys", []) if k.get("use", "sig") == "sig"]
        if header.get("kid"):
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        keys = [k for k in keys if k.get("alg", header.get("alg")) == header.get("alg")]
        if len(keys) != 1:
            raise SuspiciousOperation("Geen eenduidige sleutel in de JWKS van de provider.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        """Signature (JWKS), issuer, audience, expiry and nonce of the id_token."""
        if not token:
            raise SuspiciousOperation("Geen id_token in het antwoord van de provider.")
        alg = jwt.get_unverified_header(token).get("alg")
        if alg not in ALGORITMEN:
            raise SuspiciousOperation(f"Ondertekening {alg!r} wordt niet geaccepteerd.")
        key = self.retrieve_matching_jwk(token)
        payload = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.provider.issuer,
            leeway=60,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        if kwargs.get("nonce") is None or payload.get("nonce") != kwargs["nonce"]:
            raise SuspiciousOperation("De nonce van het id_token hoort niet bij deze inlogpoging.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The verified id_token carries what Kompas needs (sub, email, email_verified, amr,
        # acr); ADFS's userinfo endpoint returns only ``sub``.
        self.request.kompas_oidc_claims = payload
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise Weigering("geen_subject", _("De identiteitsprovider stuurde geen gebruikers-ID (sub) mee."))
        return gebruiker_voor_claims(self.provider, claims)

    def create_user(self, claims):  # pragma: no cover - never called, stated for the reader
        raise Weigering("aanmaken_verboden", _("Kompas maakt geen accounts aan bij het inloggen."))


def gebruiker_voor_claims(provider: IdentiteitsProvider, claims: dict):
    """The Kompas user these (verified) claims stand for, among the active members of the
    provider's organisation; :class:`Weigering` when there is none."""
    User = get_user_model()
    org = provider.organisatie
    leden = User.objects.filter(
        is_active=True, lidmaatschappen__organisatie=org, lidmaatschappen__organisatie__actief=True
    ).distinct()
    geen_account = _(
        "U heeft geen account van %(org)s in Kompas. Vraag de functioneel beheerder van uw organisatie om u toe te "
        "voegen."
    ) % {"org": org}
    sub = str(claims["sub"])
    koppeling = IdentiteitsKoppeling.objects.filter(provider=provider, subject=sub).select_related("user").first()
    if koppeling is not None:
        if not leden.filter(pk=koppeling.user_id).exists():
            raise Weigering("geen_lid_meer", geen_account)
        return koppeling.user
    email = str(claims.get("email") or "").strip()
    if not email:
        raise Weigering(
            "geen_email",
            _(
                "De identiteitsprovider stuurde geen e-mailadres mee; vraag uw beheerder de claim ‘email’ toe te "
                "voegen."
            ),
        )
    if not email_geverifieerd(claims):
        raise Weigering(
            "email_niet_geverifieerd",
            _(
                "De identiteitsprovider bevestigt niet dat %(email)s van u is (email_verified). Log in met uw "
                "wachtwoord of vraag uw beheerder dit in te stellen."
            )
            % {"email": email},
        )
    if email.lower().rpartition("@")[2] not in provider.domeinen:
        raise Weigering("domein_niet_toegestaan", geen_account)
    user = leden.filter(email__iexact=email).first()
    if user is None:
        reden = "andere_organisatie" if User.objects.filter(email__iexact=email).exists() else "onbekend"
        raise Weigering(reden, geen_account)
    if IdentiteitsKoppeling.objects.filter(provider=provider, user=user).exists():
        raise Weigering(
            "ander_subject",
            _(
                "Uw account is al gekoppeld aan een andere identiteit bij de provider van %(org)s. Neem contact op "
                "met de functioneel beheerder."
            )
            % {"org": org},
        )
    IdentiteitsKoppeling.objects.create(provider=provider, user=user, subject=sub)
    return user
