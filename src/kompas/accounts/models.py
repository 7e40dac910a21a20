from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager
from encrypted_fields.fields import EncryptedCharField

from kompas.accounts.constants import ROLES_REQUIRING_2FA, OrganisatieType, Rol


class Organisatie(models.Model):
    """An organisation that uses Kompas: a gemeente, ZVH, RIEC, police unit, care provider…

    A gemeente organisation refers to its CBS code; organisations with a regional scope
    (ZVH, RIEC, politie) refer to the region they serve, which defines the gemeenten a
    ketenregisseur of that organisation may see aggregates of.
    """

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisatieType.choices)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        blank=True,
        help_text=_("Alleen voor gemeenten: de code zoals GM0363."),
    )
    regio = models.ForeignKey(
        "regio.Regio",
        verbose_name=_("werkgebied (regio)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisaties",
    )
    actief = models.BooleanField(_("actief"), default=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=~models.Q(cbs_code=""),
                name="organisatie_unique_cbs_code",
            )
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        """The one home of "a gemeente needs its CBS code": forms and services both validate
        through here (ModelForm and ``full_clean``)."""
        if self.type == OrganisatieType.GEMEENTE and not self.cbs_code:
            raise ValidationError({"cbs_code": _("Een gemeente heeft een CBS-code nodig.")})


class KompasUserManager(UserManager):
    def get_by_natural_key(self, username: str) -> User:
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person with an account. E-mail is unique so it can be used to log in."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    # Bumped whenever roles, organisations or second-factor devices of this user change;
    # sessions cache the authorisation context under this number (see accounts/authcache.py).
    sessie_versie = models.PositiveIntegerField(_("versie van de autorisatie"), default=0, editable=False)

    objects = KompasUserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> set[str]:
        return {m.rol for m in self.active_memberships()}

    def active_memberships(self) -> list[Lidmaatschap]:
        cache = getattr(self, "_membership_cache", None)
        if cache is None:
            cache = list(self.lidmaatschappen.filter(organisatie__actief=True).select_related("organisatie").order_by())
            self._membership_cache = cache
        return cache

    @staticmethod
    def bump_sessie_versie(user_ids) -> None:
        """Invalidate the cached authorisation context of these users' sessions."""
        User.objects.filter(pk__in=list(user_ids)).update(sessie_versie=models.F("sessie_versie") + 1)

    @property
    def requires_2fa(self) -> bool:
        return self.is_superuser or bool(self.roles & ROLES_REQUIRING_2FA)


class LidmaatschapQuerySet(models.QuerySet):
    def update(self, **kwargs):
        users = set(self.values_list("user_id", flat=True))
        count = super().update(**kwargs)
        User.bump_sessie_versie(users)
        return count


class Lidmaatschap(models.Model):
    """A user holds a role in an organisation. One row per (user, organisation, role)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="lidmaatschappen", verbose_name=_("gebruiker")
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="lidmaatschappen",
        verbose_name=_("organisatie"),
    )
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisatie__naam", "rol"]
        constraints = [models.UniqueConstraint(fields=["user", "organisatie", "rol"], name="lidmaatschap_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_rol_display()} bij {self.organisatie}"


class IdentiteitsProvider(models.Model):
    """An organisation's own OpenID Connect provider (Entra ID, ADFS, Keycloak…).

    Its users log in there instead of with a password; Kompas still decides who has an account
    and which roles. The endpoints come from the issuer's discovery document, fetched when the
    applicatiebeheerder saves the configuration (accounts/oidc.py)."""

    organisatie = models.OneToOneField(
        Organisatie, on_delete=models.CASCADE, related_name="identiteitsprovider", verbose_name=_("organisatie")
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "Het adres van de identiteitsprovider zoals in het veld ‘issuer’ van zijn "
            "discovery-document, bijvoorbeeld https://login.microsoftonline.com/<tenant-id>/v2.0."
        ),
    )
    discovery_url = models.URLField(
        _("discovery-URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "Alleen als het discovery-document niet op <issuer>/.well-known/openid-configuration staat "
            "(Entra ID v1.0: https://login.microsoftonline.com/<tenant-id>/.well-known/openid-configuration)."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=200)
    client_secret = EncryptedCharField(_("clientgeheim"), max_length=500)
    email_domeinen = models.CharField(
        _("e-maildomeinen"),
        max_length=500,
        help_text=_(
            "Komma-gescheiden, bijvoorbeeld gemeente.nl, gemeente-x.nl. Wie een adres in een van "
            "deze domeinen invult, logt in via deze identiteitsprovider."
        ),
    )
    mfa_acr_waarden = models.CharField(
        _("acr- of amr-waarden die meerstapsverificatie betekenen"),
        max_length=500,
        blank=True,
        help_text=_(
            "Komma-gescheiden. Een amr-waarde mfa, otp of hwk telt altijd; vul hier de waarden in "
            "die uw provider bij meerstapsverificatie in acr of amr meestuurt, bijvoorbeeld "
            "http://schemas.microsoft.com/claims/multipleauthn (ADFS)."
        ),
    )
    actief = models.BooleanField(_("actief"), default=True)
    # From the discovery document (/.well-known/openid-configuration)
    authorization_endpoint = models.URLField(max_length=500, editable=False)
    token_endpoint = models.URLField(max_length=500, editable=False)
    jwks_uri = models.URLField(max_length=500, editable=False)
    gecontroleerd_op = models.DateTimeField(_("discovery opgehaald op"), editable=False)

    class Meta:
        verbose_name = _("identiteitsprovider")
        verbose_name_plural = _("identiteitsproviders")

    def __str__(self) -> str:
        return f"{self.organisatie} ({self.issuer})"

    @property
    def domeinen(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domeinen.split(",") if d.strip()]

    @property
    def acr_waarden(self) -> set[str]:
        return {a.strip() for a in self.mfa_acr_waarden.split(",") if a.strip()}


class IdentiteitsKoppeling(models.Model):
    """The subject (``sub``) a provider gave a Kompas user at their first login, matched then
    on a verified e-mail address; later logins are matched on it, whatever the e-mail says."""

    provider = models.ForeignKey(IdentiteitsProvider, on_delete=models.CASCADE, related_name="koppelingen")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identiteitskoppelingen")
    subject = models.CharField(max_length=255)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling met een identiteitsprovider")
        verbose_name_plural = _("koppelingen met een identiteitsprovider")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="koppeling_unique_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="koppeling_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.provider.organisatie}"


class _ProviderDeviceManager(DeviceManager):
    def devices_for_user(self, user, confirmed=None):
        # Never a factor the user can be asked for: only an OIDC login with multi-factor
        # authentication binds a session to it (django_otp.login), so password logins and
        # user_has_device() keep looking at the authenticator app alone.
        return self.none()


class IdentiteitsProviderDevice(Device):
    """django-otp's record that the organisation's provider verified a second factor (amr/acr)."""

    provider = models.ForeignKey(IdentiteitsProvider, on_delete=models.CASCADE, related_name="+")

    objects = _ProviderDeviceManager()

    class Meta:
        verbose_name = _("meerstapsverificatie via de identiteitsprovider")
        constraints = [models.UniqueConstraint(fields=["user", "provider"], name="providerdevice_unique")]

    def verify_token(self, token) -> bool:
        return False
