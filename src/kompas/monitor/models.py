"""Questionnaires (versioned definitions), waves and submissions of the landelijke monitor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bouwsteen(models.TextChoices):
    BELEID = "beleid", _("Beleidsmatige basis")
    SIGNALEREN = "signaleren", _("Signalerend vermogen")
    BEWUSTWORDING = "bewustwording", _("Aandacht voor en bewustwording van het fenomeen")
    SAMENWERKING = "samenwerking", _("Samenwerking in de keten en/of regio")
    OPVANG = "opvang", _("Opvang van en hulpverlening aan slachtoffers en daders")


class Vragenlijst(models.Model):
    class Doelgroep(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeenten")
        ZVH = "zvh", _("Zorg- en veiligheidshuizen")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep.choices)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    basis = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="kopieen", verbose_name=_("gekopieerd van"))
    ingebouwd = models.BooleanField(_("meegeleverd"), default=False)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.code} v{self.versie})"


class Vraag(models.Model):
    class Type(models.TextChoices):
        ENKEL = "enkel", _("Eén antwoord")
        MEER = "meer", _("Meer antwoorden")
        OPEN = "open", _("Open antwoord")

    vragenlijst = models.ForeignKey(Vragenlijst, on_delete=models.CASCADE, related_name="vragen")
    code = models.CharField(_("code"), max_length=60)
    bouwsteen = models.CharField(_("bouwsteen"), max_length=20, choices=Bouwsteen.choices, blank=True)
    tekst = models.CharField(_("vraag"), max_length=500)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    anders = models.BooleanField(_("met 'anders, namelijk'"), default=False)
    matrix = models.CharField(_("matrixgroep"), max_length=60, blank=True, help_text=_("Vragen met dezelfde matrixgroep delen één schaal (bijv. de sectoren)."))
    toon_als = models.JSONField(_("alleen tonen als"), default=dict, blank=True, help_text=_('Bijvoorbeeld {"vraag": "B1_BELEID", "in": ["specifiek"]}.'))
    verplicht = models.BooleanField(_("verplicht"), default=False)
    vergelijkbaar = models.BooleanField(_("vergelijkbaar tussen metingen"), default=True)
    volgorde = models.PositiveIntegerField(_("volgorde"))

    class Meta:
        ordering = ["vragenlijst", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["vragenlijst", "code"], name="vraag_unique_code")]

    def __str__(self) -> str:
        return self.code


class Optie(models.Model):
    vraag = models.ForeignKey(Vraag, on_delete=models.CASCADE, related_name="opties")
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    volgorde = models.PositiveIntegerField()

    class Meta:
        ordering = ["vraag", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["vraag", "code"], name="optie_unique_code")]

    def __str__(self) -> str:
        return f"{self.vraag.code}={self.code}"


class Meting(models.Model):
    """A wave of the monitor (2019, 2021, 2023, …)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    jaar = models.PositiveSmallIntegerField(_("jaar van de gemeentelijke indeling"))
    vragenlijsten = models.ManyToManyField(Vragenlijst, related_name="metingen", verbose_name=_("vragenlijsten"))
    open_van = models.DateField(_("open van"), null=True, blank=True)
    open_tot = models.DateField(_("open tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["-jaar", "code"]

    def __str__(self) -> str:
        return self.naam


class Inzending(models.Model):
    """One submission as it came in (raw); cleaning decisions build on these later."""

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="inzendingen")
    vragenlijst = models.ForeignKey(Vragenlijst, on_delete=models.PROTECT, related_name="inzendingen")
    vragenlijst_versie = models.PositiveIntegerField()
    bron_id = models.CharField(_("respons-id in de bron"), max_length=100)
    organisaties = models.JSONField(_("organisaties (codes)"), default=list)
    gestart_op = models.DateTimeField(null=True, blank=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    volledig = models.BooleanField(default=False)
    antwoorden = models.JSONField(default=dict)
    geimporteerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        constraints = [models.UniqueConstraint(fields=["meting", "vragenlijst", "bron_id"], name="inzending_unique_bron")]

    def __str__(self) -> str:
        return f"{self.meting.code}/{self.bron_id}"
