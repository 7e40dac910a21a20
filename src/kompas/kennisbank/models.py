"""The guidance library: articles and one-page cards per bouwsteen, with a learning path,
personal notes, sharing within an organisation and the version history of every edit."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.core.bouwstenen import Bouwsteen


class Artikel(models.Model):
    class Soort(models.TextChoices):
        ARTIKEL = "artikel", _("Artikel")
        KAART = "kaart", _("Kaart (samenvatting op één pagina)")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")

    slug = models.SlugField(_("adres"), max_length=80, unique=True)
    titel = models.CharField(_("titel"), max_length=200)
    samenvatting = models.CharField(_("samenvatting"), max_length=400)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices, default=Soort.ARTIKEL)
    bouwsteen = models.CharField(_("bouwsteen"), max_length=20, choices=Bouwsteen.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=80)
    rollen = models.JSONField(_("voor rollen"), default=list, blank=True)
    hoofdstuk = models.PositiveSmallIntegerField(
        _("plaats in het leerpad"), default=0, help_text=_("0 = niet in het leerpad.")
    )
    bronnen = models.CharField(
        _("bronnen"),
        max_length=600,
        help_text=_(
            "Uitgever, *titel* (jaar) en de paragraaf; scheid bronnen met een puntkomma. Bijvoorbeeld: "
            "CoMensha, *Suggesties voor gemeenten over lokaal en regionaal mensenhandel beleid* (2018), bijlage 2."
        ),
    )
    inhoud = models.TextField(_("inhoud (Markdown)"))
    html = models.TextField(editable=False, default="")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.CONCEPT)
    versie = models.PositiveIntegerField(default=1, editable=False)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)
    zoekvector = SearchVectorField(null=True, editable=False)  # PostgreSQL (Dutch configuration)

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        ordering = ["hoofdstuk", "titel"]

    def __str__(self) -> str:
        return self.titel


class ArtikelVersie(models.Model):
    """Every saved state of an article, so an edit can be looked up and reverted."""

    artikel = models.ForeignKey(Artikel, on_delete=models.CASCADE, related_name="versies")
    versie = models.PositiveIntegerField()
    titel = models.CharField(max_length=200)
    samenvatting = models.CharField(max_length=400)
    inhoud = models.TextField()
    status = models.CharField(max_length=15)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-versie"]
        constraints = [models.UniqueConstraint(fields=["artikel", "versie"], name="artikelversie_unique")]

    def __str__(self) -> str:
        return f"{self.artikel.slug} v{self.versie}"


class Gelezen(models.Model):
    """Progress through the learning path: an article marked as read by a user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gelezen")
    artikel = models.ForeignKey(Artikel, on_delete=models.CASCADE, related_name="gelezen")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "artikel"], name="gelezen_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} las {self.artikel_id}"


class Notitie(models.Model):
    """A personal note on an article; only its author sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notities")
    artikel = models.ForeignKey(Artikel, on_delete=models.CASCADE, related_name="notities")
    tekst = models.TextField(_("notitie"), max_length=5000)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "artikel"], name="notitie_unique")]

    def __str__(self) -> str:
        return f"notitie {self.user_id}/{self.artikel_id}"


class Gedeeld(models.Model):
    """An article shared with a colleague of the same organisation, with a short message."""

    artikel = models.ForeignKey(Artikel, on_delete=models.CASCADE, related_name="gedeeld")
    van = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    naar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gedeelde_artikelen")
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")
    bericht = models.CharField(_("bericht"), max_length=500, blank=True)
    op = models.DateTimeField(auto_now_add=True)
    gezien_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-op"]

    def __str__(self) -> str:
        return f"{self.artikel.slug} → {self.naar_id}"
