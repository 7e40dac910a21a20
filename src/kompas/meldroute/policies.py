"""Permission policy of the meldroute. Least privilege: a melder sees only their own
signals' status and feedback; the aandachtsfunctionaris (and a deputy with the same role)
handles the signals of their own gemeente; regional and national roles see figures only."""

from kompas.accounts.constants import (
    LANDELIJKE_ORGANISATIETYPEN,
    REGIONALE_ORGANISATIETYPEN,
    OrganisatieType,
    Rol,
)
from kompas.accounts.policy import Policy, rule

GEMEENTE = [OrganisatieType.GEMEENTE]
PARTNERS = [
    OrganisatieType.POLITIE,
    OrganisatieType.RIEC,
    OrganisatieType.ZVH,
    OrganisatieType.ZORGAANBIEDER,
    OrganisatieType.VEILIG_THUIS,
    OrganisatieType.GGD,
    OrganisatieType.ANDERS,
]
EVERY_ROLE = [r.value for r in Rol]

policy = Policy(
    "meldroute",
    {
        "melden": rule(EVERY_ROLE, GEMEENTE),
        "eigen_signalen": rule(EVERY_ROLE, GEMEENTE),
        "behandelen": rule([Rol.AANDACHTSFUNCTIONARIS], GEMEENTE),
        "cijfers_gemeente": rule([Rol.AANDACHTSFUNCTIONARIS, Rol.BELEIDSADVISEUR], GEMEENTE),
        "cijfers_regio": rule([Rol.KETENREGISSEUR], REGIONALE_ORGANISATIETYPEN),
        "cijfers_landelijk": rule([Rol.ANALIST], LANDELIJKE_ORGANISATIETYPEN),
        "instellingen": rule([Rol.AANDACHTSFUNCTIONARIS, Rol.FUNCTIONEEL_BEHEERDER], GEMEENTE),
        # a partner organisation answers the requests explicitly shared with it
        "verzoeken_beantwoorden": rule(EVERY_ROLE, PARTNERS),
    },
)


def may_see_figures(actor) -> bool:
    return any(policy.allows(actor, a) for a in ("cijfers_gemeente", "cijfers_regio", "cijfers_landelijk"))
