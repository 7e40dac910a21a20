"""Permission policy of zorgcoördinatie. Least privilege: a zorgcoördinator works on the
trajecten of their own zorgorganisatie only; the referrer sees only the state of their own
referral (through the meldroute, never the traject); a care partner sees only the zorgacties
handed to its own organisation, and their content only while the cliënt's consent (or a
stated legal ground) allows it; CoMensha gets the pseudonymised set."""

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.policy import Policy, rule

ZORGORGANISATIES = [OrganisatieType.ZVH, OrganisatieType.ZORGAANBIEDER]
# organisations that can be a care partner in a zorgnetwerk (opvang, GGZ, Veilig Thuis, GGD,
# politie for an aangifte, a ZVH's procesregie, others such as advocatuur)
ZORGPARTNER_TYPES = [
    OrganisatieType.ZVH,
    OrganisatieType.ZORGAANBIEDER,
    OrganisatieType.VEILIG_THUIS,
    OrganisatieType.GGD,
    OrganisatieType.POLITIE,
    OrganisatieType.ANDERS,
]

# organisations whose people refer a possible victim themselves through the aanmeldformulier
# (issue 10, Aanmelding): the gemeente (medewerkers, the aandachtsfunctionaris outside the
# meldroute, a wijkteam inside the gemeente), the politie, care providers and opvang, Veilig
# Thuis, the GGD, and others such as a wijkteam foundation. Not a ZVH or zorgaanbieder's own
# zorgcoördinator (she enters a referral herself), nor an RIEC or a national organisation.
VERWIJZER_TYPES = [
    OrganisatieType.GEMEENTE,
    OrganisatieType.POLITIE,
    OrganisatieType.ZORGAANBIEDER,
    OrganisatieType.VEILIG_THUIS,
    OrganisatieType.GGD,
    OrganisatieType.ANDERS,
]

policy = Policy(
    "zorg",
    {
        "coordineren": rule([Rol.ZORGCOORDINATOR], ZORGORGANISATIES),
        "werkgebied": rule([Rol.ZORGCOORDINATOR, Rol.FUNCTIONEEL_BEHEERDER], ZORGORGANISATIES),
        # the referring aandachtsfunctionaris may withdraw their own gemeente's referral
        "verwijzen": rule([Rol.AANDACHTSFUNCTIONARIS], [OrganisatieType.GEMEENTE]),
        # a partner's referrer sends an aanmelding through the form and sees only the state of
        # their own (never the traject)
        "aanmelden": rule([Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS, Rol.CONTACTPERSOON], VERWIJZER_TYPES),
        # a care partner's contactpersoon (or a ZVH's procesregisseur): its own organisation's
        # zorgacties, its capacity in the zorgnetwerk
        "partner": rule([Rol.CONTACTPERSOON, Rol.PROCESREGISSEUR], ZORGPARTNER_TYPES),
        # the national pseudonymised set, for CoMensha's own analysts
        "comensha_landelijk": rule([Rol.ANALIST], [OrganisatieType.COMENSHA]),
        # the verantwoording to the centrumgemeente (aggregates only, small cells suppressed):
        # the zorgcoördinator of the organisation, the beleidsadviseur of the centrumgemeente
        # and the ketenregisseur of the region the werkgebied lies in (narrowed further in
        # zorg/verantwoording.py to the werkgebieden each may see)
        "verantwoording_eigen": rule([Rol.ZORGCOORDINATOR], ZORGORGANISATIES),
        "verantwoording_centrumgemeente": rule([Rol.BELEIDSADVISEUR], [OrganisatieType.GEMEENTE]),
        "verantwoording_regio": rule([Rol.KETENREGISSEUR], [OrganisatieType.ZVH, OrganisatieType.RIEC]),
    },
)

VERANTWOORDING_ACTIES = ("verantwoording_eigen", "verantwoording_centrumgemeente", "verantwoording_regio")


def may_export(actor) -> bool:
    return policy.allows(actor, "coordineren") or policy.allows(actor, "comensha_landelijk")


def verantwoording_actie(actor) -> str | None:
    """The verantwoording action the actor holds, if any (a user holds at most one here)."""
    return next((a for a in VERANTWOORDING_ACTIES if policy.allows(actor, a)), None)
