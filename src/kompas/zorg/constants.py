"""Vocabulary of zorgcoördinatie (seed 002 ch. 1 and Bijlage 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vorm(models.TextChoices):
    """Forms of exploitation as CoMensha registers them (the meldroute keeps its own list,
    which adds 'weet ik niet' for a melder)."""

    SEKSUEEL = "seksueel", _("Seksuele uitbuiting")
    ARBEID = "arbeid", _("Arbeidsuitbuiting")
    CRIMINEEL = "crimineel", _("Criminele uitbuiting")
    ORGAAN = "orgaan", _("Gedwongen orgaanverwijdering")


class Fase(models.TextChoices):
    """The three phases of Bijlage 3, plus 'hulpverlening started during intake' and closed."""

    INTAKE = "intake", _("Intake")
    INTAKE_HULPVERLENING = "intake_hulpverlening", _("Intake (hulpverlening al gestart)")
    HULPVERLENING = "hulpverlening", _("Hulpverlening")
    AFRONDING = "afronding", _("Afronding")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


OPEN_FASEN = (Fase.INTAKE, Fase.INTAKE_HULPVERLENING, Fase.HULPVERLENING, Fase.AFRONDING)


class Afsluitreden(models.TextChoices):
    """Bijlage 3, Fase 3: a regular closing, or one of the other reasons."""

    REGULIER = "regulier", _("Regulier afgerond: de drie voorwaarden zijn helder")
    VERTROKKEN = "vertrokken", _("Met onbekende bestemming vertrokken")
    AFGEZIEN = "afgezien", _("Cliënt ziet af van hulp")
    TERUGGEKEERD = "teruggekeerd", _("Teruggekeerd naar het land van herkomst")
    OVERLEDEN = "overleden", _("Overleden")


# The three things the cliënt must know before a regular closing (Bijlage 3, Fase 3).
AFSLUITVOORWAARDEN = {
    "verblijfsrecht": _("Cliënt weet welke verblijfsrechtelijke vervolgstappen hij/zij wil nemen"),
    "voorzieningen": _("Cliënt weet wat zijn/haar rechten op voorzieningen zijn"),
    "hulp": _("Cliënt weet bij welke instantie hij/zij terecht kan voor hulp en zorg"),
}


class AanmeldingStand(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class AanmeldingBron(models.TextChoices):
    MELDROUTE = "meldroute", _("Meldroute (signaal)")
    TELEFOON = "telefoon", _("Telefonisch")
    INLOOP = "inloop", _("Inloop of persoonlijk")
    PARTNER = "partner", _("Via een partner")
    # sent by the partner itself through the login-gated form (not entered by the coordinator)
    FORMULIER = "formulier", _("Aanmeldformulier van een partner")


class AanmeldingToestemming(models.TextChoices):
    """Does the possible victim know of the referral and agree (asked by the referrer)?"""

    GEGEVEN = "gegeven", _("Ja: de persoon weet van de aanmelding en stemt ermee in")
    NIET_GEVRAAGD = "niet_gevraagd", _("Nog niet gevraagd (het kon niet veilig, of de persoon was niet bereikbaar)")
    GEWEIGERD = "geweigerd", _("Nee: de persoon wil geen aanmelding")


class Leeftijdsgroep(models.TextChoices):
    MINDERJARIG = "0-17", _("Minderjarig (0–17)")
    JONG = "18-23", _("18–23")
    VOLWASSEN = "24-49", _("24–49")
    OUDER = "50+", _("50 of ouder")
    ONBEKEND = "onbekend", _("Onbekend")


class Gender(models.TextChoices):
    VROUW = "vrouw", _("Vrouw")
    MAN = "man", _("Man")
    TRANSGENDER = "transgender", _("Transgender")
    ANDERS = "anders", _("Anders / wil niet zeggen")
    ONBEKEND = "onbekend", _("Onbekend")


class Verblijfsstatus(models.TextChoices):
    NEDERLANDER = "nederlander", _("Nederlandse nationaliteit")
    EU = "eu", _("EU-burger (vrij verkeer)")
    B8 = "b8", _("Bedenktijd of verblijf regeling mensenhandel (B8)")
    ASIEL = "asiel", _("Asielprocedure")
    REGULIER = "regulier", _("Ander regulier verblijf")
    ONGEDOCUMENTEERD = "ongedocumenteerd", _("Zonder verblijfsrecht")
    ONBEKEND = "onbekend", _("Onbekend")


class ToestemmingDoel(models.TextChoices):
    DELEN_ORGANISATIE = "delen_organisatie", _("Gegevens delen met een genoemde organisatie")
    COMENSHA_IDENTIFICEREND = "comensha_identificerend", _("Identificerende gegevens melden aan CoMensha")
    CONTACT_FAMILIE = "contact_familie", _("Contact opnemen met familie")


class ActieStand(models.TextChoices):
    GEVRAAGD = "gevraagd", _("Gevraagd")
    GESTART = "gestart", _("Gestart")
    AFGEROND = "afgerond", _("Afgerond")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


OPEN_ACTIE_STANDEN = (ActieStand.GEVRAAGD, ActieStand.GESTART)

# zorgactie: stand → the stands it may move to
ACTIE_OVERGANGEN = {
    ActieStand.GEVRAAGD: (ActieStand.GESTART, ActieStand.AFGEWEZEN),
    ActieStand.GESTART: (ActieStand.AFGEROND,),
    ActieStand.AFGEROND: (),
    ActieStand.AFGEWEZEN: (),
}


class Domein(models.TextChoices):
    """Hulpvragen per pillar (Bijlage 3) and the other domains."""

    HULP_OPVANG = "hulp_opvang", _("Hulp en opvang")
    VERBLIJFSRECHT = "verblijfsrecht", _("Verblijfsrechtelijk traject")
    STRAFRECHT = "strafrecht", _("Strafrechtelijk traject (aangifte, advocaat)")
    HUISVESTING = "huisvesting", _("Huisvesting")
    INKOMEN = "inkomen", _("Inkomen en schulden")
    GEZONDHEID = "gezondheid", _("Gezondheid en GGZ")
    WERK = "werk", _("Werk")
    ONDERWIJS = "onderwijs", _("Onderwijs en inburgering")
    IDENTITEIT = "identiteit", _("Identiteitsdocumenten")


# Member states of the EU (ISO 3166-1 alpha-2), to derive NL / EU / buiten de EU.
EU_LANDEN = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


class ConsultatieOrganisatie(models.TextChoices):
    """Who asked the zorgcoördinator for information or advice (Bijlage 3, taak 3)."""

    GEMEENTE = "gemeente", _("Gemeente of wijkteam")
    POLITIE = "politie", _("Politie of KMar")
    ZORG = "zorg", _("Zorgaanbieder, opvang of GGZ")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    JURIDISCH = "juridisch", _("Advocatuur of rechtshulp")
    ANDERS = "anders", _("Andere organisatie")


class Doelgroep(models.TextChoices):
    """Groups a care partner has expertise with (the zorgnetwerk's filter)."""

    MINDERJARIGEN = "minderjarigen", _("Minderjarigen")
    JONGVOLWASSENEN = "jongvolwassenen", _("Jongvolwassenen (18–23)")
    VROUWEN = "vrouwen", _("Vrouwen")
    MANNEN = "mannen", _("Mannen")
    TRANSGENDER = "transgender", _("Transgender personen")
    ARBEIDSMIGRANTEN = "arbeidsmigranten", _("Arbeidsmigranten")
    ONGEDOCUMENTEERDEN = "ongedocumenteerden", _("Mensen zonder verblijfsrecht")
    LVB = "lvb", _("Mensen met een licht verstandelijke beperking")


# A zorgactie without an update for this many days is flagged (per werkgebied configurable).
ACTIE_SIGNAAL_DAGEN_STANDAARD = 14
