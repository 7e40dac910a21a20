"""Zorgcoördinatie: werkgebied, aanmeldingen, trajecten of (possible) victims.

Everything here is special-category personal data. Identifying data live only in
:class:`Clientgegevens`, encrypted per field at rest (django-fernet-encrypted-fields, key
``KOMPAS_VELDSLEUTEL``); a traject is known inside the app by its cliëntcode only.
History (phases, consent) is appended, never edited.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.core.bestanden import prive_opslag
from kompas.core.datums import datum
from kompas.core.models import AppendOnly
from kompas.zorg.constants import (
    ACTIE_SIGNAAL_DAGEN_STANDAARD,
    AanmeldingBron,
    AanmeldingStand,
    AanmeldingToestemming,
    ActieStand,
    Afsluitreden,
    ConsultatieOrganisatie,
    Doelgroep,
    Domein,
    Fase,
    Gender,
    Leeftijdsgroep,
    ToestemmingDoel,
    Verblijfsstatus,
    Vorm,
)
from kompas.zorg.fields import StriktEncryptedCharField as EncryptedCharField
from kompas.zorg.fields import StriktEncryptedTextField as EncryptedTextField


class Werkgebied(models.Model):
    """The gemeenten a zorgorganisatie serves (seed 002 ch. 1): a region of any division, or an
    explicit list; with the centrumgemeente that funds it and the fte it has."""

    zorgorganisatie = models.OneToOneField(
        "accounts.Organisatie", on_delete=models.CASCADE, related_name="werkgebied", verbose_name=_("zorgorganisatie")
    )
    regio = models.ForeignKey(
        "regio.Regio",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("regio"),
        help_text=_("Kies een regio, of vul hieronder de gemeenten zelf in."),
    )
    gemeente_codes = models.JSONField(_("gemeenten (CBS-codes)"), default=list, blank=True)
    centrumgemeente_code = models.CharField(_("centrumgemeente (CBS-code)"), max_length=6, blank=True)
    fte = models.DecimalField(_("fte zorgcoördinatie"), max_digits=4, decimal_places=2, default=0)
    contact = models.CharField(
        _("contact voor gemeenten en partners"),
        max_length=300,
        blank=True,
        help_text=_("Telefoon en e-mailadres van de zorgcoördinatie; geen persoonlijke gegevens van cliënten."),
    )
    bewaartermijn_maanden = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden na afsluiten)"),
        default=24,
        help_text=_("Daarna worden de gegevens van een afgesloten traject geanonimiseerd (zie docs/zorg.md)."),
    )
    actie_signaal_dagen = models.PositiveSmallIntegerField(
        _("signaal na dagen zonder update van een zorgactie"),
        default=ACTIE_SIGNAAL_DAGEN_STANDAARD,
        help_text=_("Een zorgactie die zo lang niet is bijgewerkt, krijgt een signaal op de caseload en een e-mail."),
    )
    netwerk = models.ManyToManyField(
        "zorg.Zorgpartner", blank=True, related_name="werkgebieden", verbose_name=_("zorgnetwerk")
    )

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")

    def __str__(self) -> str:
        return f"werkgebied {self.zorgorganisatie}"


class Aanmelding(models.Model):
    """A referral of a possible victim to a zorgcoördinatie (from the meldroute, a partner or
    entered by the coordinator). The referrer only ever sees its state."""

    zorgorganisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="aanmeldingen")
    signaal = models.ForeignKey(
        "meldroute.Signaal", null=True, blank=True, on_delete=models.SET_NULL, related_name="aanmeldingen"
    )
    verwijzer_organisatie = models.ForeignKey(
        "accounts.Organisatie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bron = models.CharField(
        _("hoe binnengekomen"), max_length=20, choices=AanmeldingBron.choices, default=AanmeldingBron.MELDROUTE
    )
    stand = models.CharField(
        _("stand"), max_length=20, choices=AanmeldingStand.choices, default=AanmeldingStand.ONTVANGEN, db_index=True
    )
    acuut = models.BooleanField(_("acuut"), default=False)
    toelichting = models.TextField(_("toelichting"), max_length=2000)
    afwijsreden = models.TextField(_("reden van afwijzen"), max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField(_("aangemeld op"))
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    # what a partner gives through the aanmeldformulier (bron "formulier"); a meldroute referral
    # takes vormen and gemeente from its signal
    vormen = models.JSONField(_("vorm(en) van uitbuiting"), default=list, blank=True)
    gemeente_code = models.CharField(_("gemeente van verblijf (CBS-code)"), max_length=6, blank=True)
    toestemming = models.CharField(
        _("toestemming van de persoon"), max_length=20, choices=AanmeldingToestemming.choices, blank=True
    )
    zonder_toestemming_reden = models.TextField(_("waarom toch aanmelden"), max_length=1000, blank=True)
    verwijzer_contact = models.CharField(_("contact van de verwijzer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-acuut", "tijdstip"]
        indexes = [models.Index(fields=["zorgorganisatie", "stand"], name="aanmelding_inbox")]

    def __str__(self) -> str:
        return f"aanmelding {self.pk}"


class Traject(models.Model):
    """The zorgcoördinatie traject of one (possible) victim, known by its cliëntcode."""

    zorgorganisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="trajecten")
    aanmelding = models.OneToOneField(
        Aanmelding, null=True, blank=True, on_delete=models.SET_NULL, related_name="traject"
    )
    clientcode = models.CharField(_("cliëntcode"), max_length=20, unique=True)
    fase = models.CharField(_("fase"), max_length=30, choices=Fase.choices, default=Fase.INTAKE, db_index=True)
    fase_sinds = models.DateTimeField(_("fase sinds"))
    acuut = models.BooleanField(_("acuut"), default=False)
    # the coordinator of the organisation who handles it: set on acceptance, changed by a colleague
    # through traject_behandelaar_wijzigen; empty is "niet toegewezen" (trajecten from before it)
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    # kenmerken
    vormen = models.JSONField(_("vorm(en)"), default=list, blank=True)
    leeftijdsgroep = models.CharField(
        _("leeftijdsgroep"), max_length=10, choices=Leeftijdsgroep.choices, default=Leeftijdsgroep.ONBEKEND
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, default=Gender.ONBEKEND)
    nationaliteit = models.CharField(
        _("nationaliteit (landcode)"),
        max_length=2,
        blank=True,
        help_text=_("ISO-landcode in twee letters, bijvoorbeeld NL, RO of NG."),
    )
    verblijfsstatus = models.CharField(
        _("verblijfsstatus"), max_length=20, choices=Verblijfsstatus.choices, default=Verblijfsstatus.ONBEKEND
    )
    gemeente_code = models.CharField(_("gemeente van verblijf (CBS-code)"), max_length=6, blank=True)
    strafrechtelijk_traject = models.BooleanField(_("er loopt een strafrechtelijk traject"), default=False)
    # intake (Bijlage 3, Fase 1)
    geinformeerd_op = models.DateField(_("geïnformeerd over rechten en plichten op"), null=True, blank=True)
    b8_einddatum = models.DateField(_("einde bedenktijd (B8)"), null=True, blank=True)
    b8_herinnerd_voor = models.DateField(null=True, blank=True)  # the end date the reminder mail was sent for
    # closing
    afsluitreden = models.CharField(_("reden van afsluiten"), max_length=20, choices=Afsluitreden.choices, blank=True)
    afsluitvoorwaarden = models.JSONField(_("bevestigde voorwaarden"), default=list, blank=True)
    aangemaakt_op = models.DateTimeField(_("gestart op"), db_index=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    # kept when the identifying record is gone, so reports stay identical (the tombstone)
    geboortejaar = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    pseudoniem_bewaard = models.CharField(max_length=20, blank=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-acuut", "aangemaakt_op"]
        indexes = [models.Index(fields=["zorgorganisatie", "fase", "-acuut", "aangemaakt_op"], name="traject_caseload")]

    def __str__(self) -> str:
        return self.clientcode

    @property
    def is_open(self) -> bool:
        return self.fase != Fase.AFGESLOTEN


class Clientgegevens(models.Model):
    """Identifying data of the cliënt, encrypted per field at rest. BSN is optional: many
    victims have none."""

    traject = models.OneToOneField(Traject, on_delete=models.CASCADE, related_name="clientgegevens")
    naam = EncryptedCharField(_("naam"), max_length=200, blank=True, null=True)
    geboortedatum = EncryptedCharField(_("geboortedatum"), max_length=10, blank=True, null=True)  # ISO date
    contact = EncryptedTextField(_("contactgegevens"), max_length=1000, blank=True, null=True)
    bsn = EncryptedCharField(_("BSN"), max_length=9, blank=True, null=True)
    # (empty values are stored as NULL by the encrypted fields)
    # keyed HMAC over name and date of birth: finds a possible duplicate without showing data
    persoonssleutel = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("cliëntgegevens")
        verbose_name_plural = _("cliëntgegevens")

    def __str__(self) -> str:
        return f"cliëntgegevens {self.traject_id}"


class FaseWijziging(AppendOnly):
    """History of the traject: appended for every transition, never edited."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="geschiedenis")
    van = models.CharField(max_length=30, choices=Fase.choices, blank=True)
    naar = models.CharField(max_length=30, choices=Fase.choices)
    transitie = models.CharField(max_length=40)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()
    reden = models.TextField(max_length=2000)

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.van} → {self.naar}"


class BehandelaarWijziging(AppendOnly):
    """History of who handles the traject: appended for every change of behandelaar, never
    edited; the traject page shows it in its "Geschiedenis" next to the phase changes."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="behandelaar_geschiedenis")
    van_repr = models.CharField(max_length=300, blank=True)
    naar_repr = models.CharField(max_length=300, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.van_repr or '-'} → {self.naar_repr or '-'}"


class Toestemming(AppendOnly):
    """Consent as a dated event per purpose: given or withdrawn. The latest event counts."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="toestemmingen")
    doel = models.CharField(_("doel"), max_length=30, choices=ToestemmingDoel.choices)
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    gegeven = models.BooleanField(_("toestemming gegeven"))
    datum = models.DateField(_("datum"))
    reikwijdte = models.CharField(_("reikwijdte"), max_length=300, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["datum", "tijdstip", "id"]

    def __str__(self) -> str:
        return f"toestemming {self.doel} ({'gegeven' if self.gegeven else 'ingetrokken'})"


class Zorgactie(models.Model):
    """A hulpvraag handed to a care partner: gevraagd → gestart → afgerond, or afgewezen.
    The coordinator provides no care herself (Bijlage 3, Fase 2)."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="acties")
    domein = models.CharField(_("domein"), max_length=20, choices=Domein.choices)
    hulpvraag = models.CharField(_("hulpvraag"), max_length=300)
    partner = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="zorgacties", verbose_name=_("zorgpartner")
    )
    overdracht = models.TextField(_("warme overdracht"), max_length=2000, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    stand = models.CharField(_("stand"), max_length=20, choices=ActieStand.choices, default=ActieStand.GEVRAAGD)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt_op = models.DateTimeField()
    bijgewerkt_op = models.DateTimeField()
    # shared without consent under this legal ground (the override, flagged in the audit log)
    grondslag = models.CharField(_("wettelijke grondslag (delen zonder toestemming)"), max_length=300, blank=True)
    zorgoverleg = models.ForeignKey(
        "zorg.Zorgoverleg",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="acties",
        verbose_name=_("volgt uit zorgoverleg"),
    )
    stil_gemeld_op = models.DateTimeField(null=True, blank=True)  # stalled-action mail sent; cleared by an update

    class Meta:
        ordering = ["aangemaakt_op", "id"]
        indexes = [models.Index(fields=["stand", "bijgewerkt_op"], name="zorgactie_stil")]
        verbose_name = _("zorgactie")
        verbose_name_plural = _("zorgacties")

    def __str__(self) -> str:
        return f"zorgactie {self.pk} ({self.get_stand_display()})"


class ActieUpdate(AppendOnly):
    """History of a zorgactie: every change of its stand, by the coordinator or the partner."""

    actie = models.ForeignKey(Zorgactie, on_delete=models.CASCADE, related_name="updates")
    van = models.CharField(max_length=20, choices=ActieStand.choices)
    naar = models.CharField(max_length=20, choices=ActieStand.choices)
    toelichting = models.TextField(_("toelichting"), max_length=1000, blank=True)
    organisatie = models.ForeignKey("accounts.Organisatie", null=True, on_delete=models.SET_NULL, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.actie_id}: {self.van} → {self.naar}"


class Zorgpartner(models.Model):
    """An organisation in the regional zorgnetwerk: its expertise per vorm, doelgroep and
    domein, its contact, and its capacity in opvang, which the partner keeps up to date itself.
    No personal data of cliënten."""

    organisatie = models.OneToOneField(
        "accounts.Organisatie", on_delete=models.CASCADE, related_name="zorgpartner", verbose_name=_("organisatie")
    )
    vormen = models.JSONField(_("expertise: vormen van uitbuiting"), default=list, blank=True)
    doelgroepen = models.JSONField(_("expertise: doelgroepen"), default=list, blank=True)
    domeinen = models.JSONField(_("hulp op de domeinen"), default=list, blank=True)
    contact = models.CharField(_("contact voor de zorgcoördinator"), max_length=300, blank=True)
    opvangplaatsen = models.PositiveSmallIntegerField(
        _("opvangplaatsen"), null=True, blank=True, help_text=_("Leeg laten als de organisatie geen opvang biedt.")
    )
    vrije_plaatsen = models.PositiveSmallIntegerField(_("vrije plaatsen"), null=True, blank=True)
    capaciteit_bijgewerkt_op = models.DateTimeField(_("capaciteit bijgewerkt op"), null=True, blank=True)
    capaciteit_bijgewerkt_door = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisatie__naam"]
        verbose_name = _("zorgpartner")
        verbose_name_plural = _("zorgpartners")

    def __str__(self) -> str:
        return str(self.organisatie)

    @property
    def biedt_opvang(self) -> bool:
        return self.opvangplaatsen is not None

    @property
    def vormen_labels(self) -> list[str]:
        return [str(Vorm(v).label) for v in self.vormen if v in Vorm.values]

    @property
    def doelgroepen_labels(self) -> list[str]:
        return [str(Doelgroep(v).label) for v in self.doelgroepen if v in Doelgroep.values]

    @property
    def domeinen_labels(self) -> list[str]:
        return [str(Domein(v).label) for v in self.domeinen if v in Domein.values]


class Zorgoverleg(models.Model):
    """A care meeting around one traject (Bijlage 3): the invited organisations, the agenda,
    what the coordinator shares with the invitees for this meeting, the decisions and the
    zorgacties that follow. Invitees read it only while the cliënt's consent allows it."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overleggen")
    datum = models.DateTimeField(_("datum en tijd"))
    locatie = models.CharField(_("plaats of verbinding"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=2000)
    gedeeld = models.TextField(
        _("informatie voor de genodigden"),
        max_length=4000,
        blank=True,
        help_text=_("Alleen dit deelt u met de genodigden voor dit overleg; niets anders uit het traject."),
    )
    besluiten = models.TextField(_("besluiten"), max_length=4000, blank=True)
    genodigden = models.ManyToManyField(
        "accounts.Organisatie", related_name="+", verbose_name=_("uitgenodigde organisaties")
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt_op = models.DateTimeField()

    class Meta:
        ordering = ["-datum", "-id"]
        verbose_name = _("zorgoverleg")
        verbose_name_plural = _("zorgoverleggen")

    def __str__(self) -> str:
        return f"zorgoverleg {self.pk}"


class JournaalRegel(AppendOnly):
    """The coordinator's journal of a traject: appended, never edited."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="journaal")
    tekst = models.TextField(_("aantekening"), max_length=4000)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["-tijdstip", "-id"]

    def __str__(self) -> str:
        return f"journaal {self.traject_id}"


def _bijlagen_opslag():
    return prive_opslag("zorg-bijlagen")


def _bijlage_pad(instance, filename):
    return f"{instance.traject.zorgorganisatie_id}/{uuid.uuid4().hex}"


class TrajectBijlage(models.Model):
    """An attachment of a traject, checked as the meldroute's are (kompas.core.bestanden) and
    kept outside the web root; removed with the traject's identifying data."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="bijlagen")
    bestand = models.FileField(storage=_bijlagen_opslag, upload_to=_bijlage_pad, max_length=200)
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["tijdstip", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.naam


class Consultatie(models.Model):
    """Informatie en advies (Bijlage 3, taak 3): a consultation by a professional, logged
    without personal data and counted per quarter."""

    zorgorganisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="consultaties")
    datum = models.DateField(_("datum"))
    organisatie_type = models.CharField(_("soort organisatie"), max_length=20, choices=ConsultatieOrganisatie.choices)
    onderwerp = models.CharField(
        _("onderwerp"), max_length=200, help_text=_("Zonder namen of andere persoonsgegevens.")
    )
    minuten = models.PositiveSmallIntegerField(_("duur in minuten"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-datum", "-id"]
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")

    def __str__(self) -> str:
        return f"consultatie {datum(self.datum)}"
