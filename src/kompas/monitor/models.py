"""Questionnaires (versioned definitions), waves and submissions of the landelijke monitor."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from kompas.core.bouwstenen import Bouwsteen  # noqa: F401 - re-exported for the monitor


class Vragenlijst(models.Model):
    class Doelgroep(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeenten")
        ZVH = "zvh", _("Zorg- en veiligheidshuizen")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    doelgroep = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep.choices)
    versie = models.PositiveIntegerField(_("versie"), default=1)
    basis = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kopieen",
        verbose_name=_("gekopieerd van"),
    )
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
    matrix = models.CharField(
        _("matrixgroep"),
        max_length=60,
        blank=True,
        help_text=_("Vragen met dezelfde matrixgroep delen één schaal (bijv. de sectoren)."),
    )
    toon_als = models.JSONField(
        _("alleen tonen als"),
        default=dict,
        blank=True,
        help_text=_('Bijvoorbeeld {"vraag": "B1_BELEID", "in": ["specifiek"]}.'),
    )
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
    gesloten = models.BooleanField(_("handmatig gesloten"), default=False)
    vorige = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volgende",
        verbose_name=_("vorige meting (om mee te vergelijken)"),
    )
    herinnering_na_dagen = models.PositiveSmallIntegerField(_("herinnering na (dagen)"), default=7)
    max_herinneringen = models.PositiveSmallIntegerField(_("hoogstens zoveel herinneringen"), default=2)
    vergelijking_kanttekening = models.TextField(
        _("kanttekening bij de vergelijking"),
        blank=True,
        default="Een zuivere vergelijking tussen beide metingen is niet mogelijk: de opzet, de vragen en de groep "
        "respondenten verschillen. Gemeenten die sindsdien zijn heringedeeld, zijn omgezet naar de huidige indeling; "
        "de verschuivingen zijn een indicatie, geen meting van verandering bij dezelfde gemeenten.",
    )

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["-jaar", "code"]

    def __str__(self) -> str:
        return self.naam

    def is_open(self, vandaag=None) -> bool:
        """Open for answering: not closed by hand and today within the period (if set)."""
        vandaag = vandaag or timezone.localdate()
        if self.gesloten or self.open_van is None:
            return False
        return self.open_van <= vandaag and (self.open_tot is None or vandaag <= self.open_tot)

    def periodestand(self, vandaag=None) -> str:
        """Why the wave is (not) open, for the overview: "open", "gesloten" (by hand),
        "voorbij" (the period ended), "nog_niet" (it starts later) or "niet_gepland"."""
        vandaag = vandaag or timezone.localdate()
        if self.is_open(vandaag):
            return "open"
        if self.gesloten:
            return "gesloten"
        if self.open_van is None:
            return "niet_gepland"
        return "nog_niet" if vandaag < self.open_van else "voorbij"


class Deelnemersleutels(models.Model):
    """The two keys of a participant of a wave: ``gemeente`` in the reference data of the wave's
    year (empty for a ZVH; PROTECT, kompas.regio corrects a year's rows in place and never deletes
    them) and ``organisatie`` in Kompas (empty while it has no account; SET_NULL, the answers
    outlive an account). Shared by an invitation and by the organisation rows of a submission."""

    gemeente = models.ForeignKey(
        "regio.Gemeente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente (in het jaar van de meting)"),
    )
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisatie in Kompas"),
    )

    class Meta:
        abstract = True


class Uitnodiging(Deelnemersleutels):
    """One organisation invited to answer one questionnaire of a wave, with its personal link.

    Who it is, three ways: ``organisatie_code`` is the code in the wave's year (GM0363 or a ZVH
    code) as the import and export formats carry it and the cleaning keys on it; ``gemeente`` is
    that gemeente in the reference data of the wave's year (empty for a ZVH), PROTECT because a
    wave's participants are that year's gemeenten (kompas.regio never deletes a year's rows, it
    corrects them in place, so reference-data updates keep working); ``organisatie`` is the
    organisation in Kompas whose answers these are (empty while it has no account), SET_NULL
    because the monitor keeps the answers (with code and name) after an organisation is removed.
    "Our own answers" follow ``organisatie``, so a gemeente whose CBS code changed by a
    herindeling still finds them. See :mod:`kompas.monitor.deelnemers`.

    The link carries ``<pk>.<hmac>``: the HMAC is derived from SECRET_KEY and a random
    ``sleutel``, so the database alone does not reveal a working link and a new key revokes
    the old link. The link only works while the wave is open."""

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="uitnodigingen")
    vragenlijst = models.ForeignKey(Vragenlijst, on_delete=models.PROTECT, related_name="uitnodigingen")
    organisatie_code = models.CharField(_("organisatie (code)"), max_length=20)
    organisatie_naam = models.CharField(_("organisatie"), max_length=200)
    email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    sleutel = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    uitgenodigd_op = models.DateTimeField(_("uitnodiging verstuurd op"), null=True, blank=True)
    buiten_kompas = models.BooleanField(
        _("uitgenodigd buiten Kompas"),
        default=False,
        help_text=_("Op de lijst van uitgenodigde organisaties van een meting die in een ander hulpmiddel liep."),
    )
    herinnerd_op = models.DateTimeField(_("laatste herinnering"), null=True, blank=True)
    herinneringen = models.PositiveSmallIntegerField(_("aantal herinneringen"), default=0)
    onbestelbaar_op = models.DateTimeField(_("onbestelbaar gemeld op"), null=True, blank=True)
    afgemeld_op = models.DateTimeField(_("afgemeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["organisatie_naam"]
        constraints = [
            models.UniqueConstraint(fields=["meting", "vragenlijst", "organisatie_code"], name="uitnodiging_unique_org")
        ]

    def __str__(self) -> str:
        return f"{self.meting.code}: {self.organisatie_naam}"

    def _mac(self) -> str:
        return salted_hmac(
            "kompas.monitor.uitnodiging", f"{self.pk}:{self.sleutel}", secret=settings.SECRET_KEY
        ).hexdigest()[:32]

    @property
    def token(self) -> str:
        return f"{self.pk}.{self._mac()}"

    def token_klopt(self, mac: str) -> bool:
        return constant_time_compare(self._mac(), mac)

    @property
    def mag_mail_krijgen(self) -> bool:
        return bool(self.email) and self.onbestelbaar_op is None and self.afgemeld_op is None


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
    uitnodiging = models.OneToOneField(
        Uitnodiging, null=True, blank=True, on_delete=models.SET_NULL, related_name="inzending"
    )
    opgeslagen_op = models.DateTimeField(_("laatst opgeslagen"), null=True, blank=True)
    verste_pagina = models.PositiveSmallIntegerField(
        _("verste pagina opgeslagen"),
        default=0,
        help_text=_("Bij invullen via de persoonlijke link: voor de voortgang."),
    )

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        constraints = [
            models.UniqueConstraint(fields=["meting", "vragenlijst", "bron_id"], name="inzending_unique_bron")
        ]

    def __str__(self) -> str:
        return f"{self.meting.code}/{self.bron_id}"


class InzendingOrganisatie(Deelnemersleutels):
    """One organisation a submission was made for, in the order of ``Inzending.organisaties``
    (``volgorde`` 0 is the respondent's own, the others the gemeenten it also answered for).

    The code list on the submission stays what import, export and the cleaning read; these rows
    are its relations: ``gemeente`` (the reference data of the wave's year, PROTECT) and
    ``organisatie`` (the organisation in Kompas, SET_NULL: answers outlive an account). A code
    that matches no gemeente or ZVH region of the wave's year keeps both empty and is reported
    by ``kompas monitor koppelen``. Written only by :func:`kompas.monitor.deelnemers.zetten`."""

    inzending = models.ForeignKey(Inzending, on_delete=models.CASCADE, related_name="deelnemers")
    volgorde = models.PositiveSmallIntegerField()
    code = models.CharField(_("organisatie (code)"), max_length=20)

    class Meta:
        verbose_name = _("organisatie van een inzending")
        verbose_name_plural = _("organisaties van inzendingen")
        ordering = ["inzending", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["inzending", "volgorde"], name="inzendingorganisatie_unique_volgorde")
        ]

    def __str__(self) -> str:
        return f"{self.inzending_id}#{self.volgorde}: {self.code}"


class Opschoonstap(models.Model):
    """One cleaning decision (seed 000 §2.2). Raw submissions are never changed: the cleaned
    data set is the raw one with the active decisions applied in order, so every decision
    can be withdrawn. ``voor``/``na`` are the numbers of responses of its questionnaire before and
    after it (see :func:`kompas.monitor.opschoning.per_vragenlijst`)."""

    class Soort(models.TextChoices):
        UITSPLITSEN = "uitsplitsen", _("Inzending voor meerdere gemeenten uitgesplitst")
        VERWIJDEREN = "verwijderen", _("Inzending niet meegenomen")
        COMBINEREN = "combineren", _("Inzendingen gecombineerd")
        HERCODEREN = "hercoderen", _("'Anders, namelijk' gehercodeerd")

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="opschoonstappen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    organisatie_code = models.CharField(_("organisatie (code)"), max_length=20, blank=True)
    inzendingen = models.JSONField(_("inzendingen (ids, op volgorde van voorrang)"), default=list)
    vraag_code = models.CharField(_("vraag"), max_length=60, blank=True)
    naar = models.CharField(_("nieuwe antwoordcode"), max_length=40, blank=True)
    regel = models.CharField(
        _("regel"), max_length=200, blank=True, help_text=_("Leeg als de analist dit zelf besliste.")
    )
    reden = models.TextField(_("reden"), blank=True)
    voor = models.PositiveIntegerField(_("responsen voor deze stap"), default=0)
    na = models.PositiveIntegerField(_("responsen na deze stap"), default=0)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("opschoonstap")
        verbose_name_plural = _("opschoonstappen")
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.organisatie_code or self.vraag_code})"


class Codecategorie(models.Model):
    """A category of the codebook for one open question of one wave (figure 1 of seed 000)."""

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="codecategorieen")
    vraag_code = models.CharField(_("vraag"), max_length=60)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("omschrijving"), max_length=200)
    bouwsteen = models.CharField(
        _("bouwsteen"),
        max_length=20,
        choices=Bouwsteen.choices,
        blank=True,
        help_text=_("Factoren die bij een bouwsteen horen, staan in het rapport bij die bouwsteen."),
    )
    volgorde = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("codeboekcategorie")
        verbose_name_plural = _("codeboek")
        ordering = ["vraag_code", "volgorde", "label"]
        constraints = [models.UniqueConstraint(fields=["meting", "vraag_code", "code"], name="codecategorie_unique")]

    def __str__(self) -> str:
        return self.label


class Codering(models.Model):
    """The categories an analyst gave to one open answer (one or more)."""

    inzending = models.ForeignKey(Inzending, on_delete=models.CASCADE, related_name="coderingen")
    vraag_code = models.CharField(max_length=60)
    categorieen = models.ManyToManyField(Codecategorie, related_name="coderingen")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inzending", "vraag_code"], name="codering_unique")]

    def __str__(self) -> str:
        return f"{self.inzending_id}/{self.vraag_code}"


class Rapport(models.Model):
    """A report file built in the background; the page shows its progress."""

    class Formaat(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", _("Open data (CSV)")
        HTML = "html", "HTML"

    class Status(models.TextChoices):
        WACHT = "wacht", _("In de wachtrij")
        BEZIG = "bezig", _("Wordt gemaakt")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="rapporten")
    formaat = models.CharField(max_length=10, choices=Formaat.choices)
    uitsplitsingen = models.JSONField(
        _("uitsplitsingen"),
        default=list,
        blank=True,
        help_text=_(
            "De indelingen (hoogstens twee) waarnaar de gemeenten zijn uitgesplitst, altijd uitgeschreven (ook de "
            "standaardkeuze)."
        ),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    voortgang = models.PositiveSmallIntegerField(default=0)
    stap = models.CharField(max_length=200, blank=True)
    inhoud = models.BinaryField(null=True, blank=True, editable=False)
    fout = models.TextField(blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.meting.code}.{self.formaat}"

    @property
    def bestandsnaam(self) -> str:
        """The breakdowns are part of a report's identity: two reports of one wave with other
        breakdowns never get the same file name (a download never overwrites the other)."""
        indelingen = "".join(f"-{k}" for k in self.uitsplitsingen or [])
        return f"monitor-{self.meting.code}{indelingen}.{self.formaat}"


class Inlezing(models.Model):
    """An uploaded file of answers, read by the task worker; the page shows how many of its
    rows are read and then the result or why the file was refused. The file is kept only
    until it is read."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("In de wachtrij")
        BEZIG = "bezig", _("Wordt ingelezen")
        KLAAR = "klaar", _("Ingelezen")
        MISLUKT = "mislukt", _("Niet ingelezen")

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="inlezingen")
    bestandsnaam = models.CharField(max_length=255, blank=True)
    inhoud = models.BinaryField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    gelezen = models.PositiveIntegerField(default=0)  # the file's line (row) read last
    totaal = models.PositiveIntegerField(default=0)  # the file's lines (rows), header included
    verslag = models.JSONField(default=dict, blank=True)
    fout = models.TextField(blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    namens = models.ForeignKey(
        "accounts.Organisatie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.meting.code}: {self.bestandsnaam}"

    @property
    def pct(self) -> int:
        if self.status == self.Status.KLAAR:
            return 100
        return min(99, round(100 * self.gelezen / self.totaal)) if self.totaal else 0
