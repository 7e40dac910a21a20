"""Zorgcoördinatie: werkgebied, aanmeldingen, trajecten of (possible) victims.

Everything here is special-category personal data. Identifying data live only in
:class:`Clientgegevens`, encrypted per field at rest (django-fernet-encrypted-fields, key
``KOMPAS_VELDSLEUTEL``); a traject is known inside the app by its cliëntcode only.
History (phases, consent) is appended, never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.core.models import AppendOnly
from kompas.zorg.constants import (
    AanmeldingBron,
    AanmeldingStand,
    ActieStand,
    Afsluitreden,
    ConsultatieOrganisatie,
    Domein,
    Fase,
    Gender,
    Leeftijdsgroep,
    ToestemmingDoel,
    Verblijfsstatus,
)
from kompas.zorg.fields import StriktEncryptedCharField as EncryptedCharField
from kompas.zorg.fields import StriktEncryptedTextField as EncryptedTextField


class Werkgebied(models.Model):
    """The gemeenten a zorgorganisatie serves (seed 002 ch. 1): a region of any division, or an
    explicit list; with the centrumgemeente that funds it and the fte it has."""

    zorgorganisatie = models.OneToOneField("accounts.Organisatie", on_delete=models.CASCADE, related_name="werkgebied",
                                           verbose_name=_("zorgorganisatie"))
    regio = models.ForeignKey("regio.Regio", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("regio"), help_text=_("Kies een regio, of vul hieronder de gemeenten zelf in."))
    gemeente_codes = models.JSONField(_("gemeenten (CBS-codes)"), default=list, blank=True)
    centrumgemeente_code = models.CharField(_("centrumgemeente (CBS-code)"), max_length=6, blank=True)
    fte = models.DecimalField(_("fte zorgcoördinatie"), max_digits=4, decimal_places=2, default=0)
    contact = models.CharField(_("contact voor gemeenten en partners"), max_length=300, blank=True,
                               help_text=_("Telefoon en e-mailadres van de zorgcoördinatie; geen persoonlijke gegevens van cliënten."))
    bewaartermijn_maanden = models.PositiveSmallIntegerField(_("bewaartermijn (maanden na afsluiten)"), default=24,
                                                             help_text=_("Daarna worden de gegevens van een afgesloten traject geanonimiseerd (zie docs/zorg.md)."))

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")

    def __str__(self) -> str:
        return f"werkgebied {self.zorgorganisatie}"


class Aanmelding(models.Model):
    """A referral of a possible victim to a zorgcoördinatie (from the meldroute, a partner or
    entered by the coordinator). The referrer only ever sees its state."""

    zorgorganisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="aanmeldingen")
    signaal = models.ForeignKey("meldroute.Signaal", null=True, blank=True, on_delete=models.SET_NULL, related_name="aanmeldingen")
    verwijzer_organisatie = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bron = models.CharField(_("hoe binnengekomen"), max_length=20, choices=AanmeldingBron.choices, default=AanmeldingBron.MELDROUTE)
    stand = models.CharField(_("stand"), max_length=20, choices=AanmeldingStand.choices, default=AanmeldingStand.ONTVANGEN, db_index=True)
    acuut = models.BooleanField(_("acuut"), default=False)
    toelichting = models.TextField(_("toelichting"), max_length=2000)
    afwijsreden = models.TextField(_("reden van afwijzen"), max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField(_("aangemeld op"))
    beoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    beoordeeld_op = models.DateTimeField(null=True, blank=True)

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
    aanmelding = models.OneToOneField(Aanmelding, null=True, blank=True, on_delete=models.SET_NULL, related_name="traject")
    clientcode = models.CharField(_("cliëntcode"), max_length=20, unique=True)
    fase = models.CharField(_("fase"), max_length=30, choices=Fase.choices, default=Fase.INTAKE, db_index=True)
    fase_sinds = models.DateTimeField(_("fase sinds"))
    acuut = models.BooleanField(_("acuut"), default=False)
    # kenmerken
    vormen = models.JSONField(_("vorm(en)"), default=list, blank=True)
    leeftijdsgroep = models.CharField(_("leeftijdsgroep"), max_length=10, choices=Leeftijdsgroep.choices, default=Leeftijdsgroep.ONBEKEND)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, default=Gender.ONBEKEND)
    nationaliteit = models.CharField(_("nationaliteit (landcode)"), max_length=2, blank=True,
                                     help_text=_("ISO-landcode in twee letters, bijvoorbeeld NL, RO of NG."))
    verblijfsstatus = models.CharField(_("verblijfsstatus"), max_length=20, choices=Verblijfsstatus.choices, default=Verblijfsstatus.ONBEKEND)
    gemeente_code = models.CharField(_("gemeente van verblijf (CBS-code)"), max_length=6, blank=True)
    strafrechtelijk_traject = models.BooleanField(_("er loopt een strafrechtelijk traject"), default=False)
    # intake (Bijlage 3, Fase 1)
    geinformeerd_op = models.DateField(_("geïnformeerd over rechten en plichten op"), null=True, blank=True)
    b8_einddatum = models.DateField(_("einde bedenktijd (B8)"), null=True, blank=True)
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


class Toestemming(AppendOnly):
    """Consent as a dated event per purpose: given or withdrawn. The latest event counts."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="toestemmingen")
    doel = models.CharField(_("doel"), max_length=30, choices=ToestemmingDoel.choices)
    organisatie = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("organisatie"))
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
    partner = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="zorgacties", verbose_name=_("zorgpartner"))
    overdracht = models.TextField(_("warme overdracht"), max_length=2000, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    stand = models.CharField(_("stand"), max_length=20, choices=ActieStand.choices, default=ActieStand.GEVRAAGD)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt_op = models.DateTimeField()
    bijgewerkt_op = models.DateTimeField()

    class Meta:
        ordering = ["aangemaakt_op", "id"]
        verbose_name = _("zorgactie")
        verbose_name_plural = _("zorgacties")

    def __str__(self) -> str:
        return f"zorgactie {self.pk} ({self.get_stand_display()})"


class Consultatie(models.Model):
    """Informatie en advies (Bijlage 3, taak 3): a consultation by a professional, logged
    without personal data and counted per quarter."""

    zorgorganisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="consultaties")
    datum = models.DateField(_("datum"))
    organisatie_type = models.CharField(_("soort organisatie"), max_length=20, choices=ConsultatieOrganisatie.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=200, help_text=_("Zonder namen of andere persoonsgegevens."))
    minuten = models.PositiveSmallIntegerField(_("duur in minuten"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-datum", "-id"]
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")

    def __str__(self) -> str:
        return f"consultatie {self.datum:%d-%m-%Y}"
