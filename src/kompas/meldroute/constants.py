"""Vocabulary of the interne meldroute (seed 001 §4.2, seed 002 ch. 2 and 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vorm(models.TextChoices):
    SEKSUEEL = "seksueel", _("Seksuele uitbuiting")
    ARBEID = "arbeid", _("Arbeidsuitbuiting")
    CRIMINEEL = "crimineel", _("Criminele uitbuiting")
    ORGAAN = "orgaan", _("Gedwongen orgaanverwijdering")
    ONBEKEND = "onbekend", _("Weet ik niet")


class Sector(models.TextChoices):
    AGRARISCH = "agrarisch", _("Agrarisch / tuinbouw")
    SCHOONMAAK = "schoonmaak", _("Schoonmaak")
    UITZEND = "uitzend", _("Uitzendbranche")
    BOUW = "bouw", _("Bouw")
    HORECA = "horeca", _("Horeca")
    VLEESVERWERKING = "vleesverwerking", _("Vleesverwerking")
    RECREATIE = "recreatie", _("Recreatie / vakantieparken")
    VASTGOED = "vastgoed", _("Vastgoed / huisvesting")
    SEKSBRANCHE = "seksbranche", _("Seksbranche")
    TRANSPORT = "transport", _("Transport")
    ANDERS = "anders", _("Anders / onbekend")


class Herkomst(models.TextChoices):
    """How the melder came across the signal."""

    BALIE = "balie", _("Aan de balie (bijv. burgerzaken)")
    CONTROLE = "controle", _("Bij een controle of inspectie (handhaving, toezicht)")
    HUISBEZOEK = "huisbezoek", _("Bij een huisbezoek")
    GESPREK = "gesprek", _("In een gesprek (Wmo, wijkteam, schuldhulp, werk en inkomen)")
    AANVRAAG = "aanvraag", _("In een aanvraag of dossier (vergunning, uitkering, BRP)")
    MELDING = "melding", _("Via een melding van een burger of partner")
    ANDERS = "anders", _("Anders")


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen (stap 2)")
    VERRIJKT = "verrijkt", _("Verrijkt (stap 3)")
    LOKAAL = "lokaal", _("Besproken lokaal: ondermijningsoverleg, politie of PCT (stap 4)")
    RIEC = "riec", _("Ingebracht bij RIEC / regionale ondermijningstafel (stap 5)")
    INFORMATIEPLEIN = (
        "informatieplein",
        _("Ingebracht op het informatieplein RIEC voor de regionale tafel mensenhandel (stap 6)"),
    )
    TERUGKOPPELING = "terugkoppeling", _("Terugkoppeling gegeven (stap 7)")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


# The step number of each state in seed 001's seven-step route (for "step reached").
STAP = {
    Status.ONTVANGEN: 2,
    Status.VERRIJKT: 3,
    Status.LOKAAL: 4,
    Status.RIEC: 5,
    Status.INFORMATIEPLEIN: 6,
    Status.TERUGKOPPELING: 7,
    Status.AFGESLOTEN: 7,
}


class Uitkomst(models.TextChoices):
    GEEN_MENSENHANDEL = "ander_fenomeen", _("Geen mensenhandel – ander fenomeen")
    ONVOLDOENDE = "onvoldoende", _("Onvoldoende informatie")
    DOORGEZET = "doorgezet", _("Doorgezet")


class VerrijkingBron(models.TextChoices):
    BRP = "brp", _("BRP")
    KVK = "kvk", _("KvK")
    HANDHAVING = "handhaving", _("Handhaving / toezicht")
    WIJKTEAM = "wijkteam", _("Wijkteam / sociaal domein")
    POLITIE = "politie", _("Politie")
    ANDERS = "anders", _("Andere bron")


class Overleg(models.TextChoices):
    ONDERMIJNINGSOVERLEG = "ondermijningsoverleg", _("Lokaal ondermijningsoverleg / -tafel")
    POLITIE = "politie", _("Politie")
    PCT = "pct", _("Prostitutie Controle Team (PCT)")


# Signaalkaart: indicators per vorm that help recognise trafficking (after the CCV signal
# cards and seed 002 ch. 4). Keys are stable codes; labels are what the melder sees.
SIGNAALKAART: dict[str, list[tuple[str, str]]] = {
    Vorm.ARBEID: [
        ("arbeid_geen_id", _("Heeft geen eigen identiteitsbewijs; een ander bewaart het")),
        ("arbeid_schulden", _("Heeft schulden bij de werkgever of bemiddelaar")),
        ("arbeid_huisvesting", _("Woont in huisvesting die aan het werk vastzit")),
        ("arbeid_lange_dagen", _("Werkt zeer lange dagen, zonder vrije dagen")),
        ("arbeid_adres_onbekend", _("Weet het eigen woon- of werkadres niet")),
        ("arbeid_veel_inschrijvingen", _("Veel mensen ingeschreven op één adres")),
        ("arbeid_woordvoerder", _("Iemand anders voert steeds het woord of betaalt")),
    ],
    Vorm.SEKSUEEL: [
        ("seks_onder_controle", _("Lijkt onder controle van een ander te staan")),
        ("seks_geen_geld", _("Mag eigen geld niet houden")),
        ("seks_wisselende_adressen", _("Wisselt vaak van verblijfplaats of werkplek")),
        ("seks_letsel", _("Heeft zichtbaar letsel of is angstig, vermijdt oogcontact")),
        ("seks_minderjarig", _("Lijkt minderjarig")),
        ("seks_loverboy", _("Heeft een (veel) oudere 'vriend' die alles regelt (loverboy)")),
    ],
    Vorm.CRIMINEEL: [
        ("crim_gedwongen_strafbaar", _("Wordt gedwongen strafbare feiten te plegen (drugs, diefstal, fraude)")),
        ("crim_bankrekening", _("Bankrekening of identiteit wordt door een ander gebruikt")),
        ("crim_minderjarig", _("Minderjarige wordt ingezet (bijv. als drugskoerier)")),
        ("crim_schuld", _("Moet een schuld 'afbetalen' aan een ander")),
    ],
    Vorm.ORGAAN: [
        ("orgaan_druk", _("Wordt onder druk gezet een orgaan af te staan")),
        ("orgaan_litteken", _("Recent litteken van een operatie in het buitenland, zonder duidelijke reden")),
    ],
}
ALLE_INDICATOREN = {code: label for items in SIGNAALKAART.values() for code, label in items}

# Personal data the melder does NOT need to give (data minimisation, shown on the form).
NIET_NODIG = [
    _("BSN of andere identificatienummers"),
    _("Gezondheidsgegevens"),
    _("Geloof, afkomst of nationaliteit, tenzij het signaal erover gaat"),
    _("Namen van mensen als een omschrijving volstaat"),
]

# Months a signal closed without follow-up is kept when its gemeente set no other period.
BEWAARTERMIJN_STANDAARD_MAANDEN = 12
