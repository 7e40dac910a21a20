from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

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
            cache = list(
                self.lidmaatschappen.filter(organisatie__actief=True)
                .select_related("organisatie")
                .order_by()
            )
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
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisatie", "rol"], name="lidmaatschap_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_rol_display()} bij {self.organisatie}"
