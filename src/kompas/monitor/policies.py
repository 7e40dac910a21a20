"""Permission policy of the monitor. Analysts (VNG) run waves and see every response; a
gemeente sees only its own answers beside aggregates; regional roles see aggregates of their
region. Respondents answer by personal link, without an account (see ``invullen``)."""

from kompas.accounts.constants import (
    LANDELIJKE_ORGANISATIETYPEN,
    REGIONALE_ORGANISATIETYPEN,
    OrganisatieType,
    Rol,
)
from kompas.accounts.policy import Policy, rule

policy = Policy(
    "monitor",
    {
        "beheren": rule([Rol.ANALIST], LANDELIJKE_ORGANISATIETYPEN),
        "eigen_resultaten": rule([Rol.BELEIDSADVISEUR, Rol.AANDACHTSFUNCTIONARIS], [OrganisatieType.GEMEENTE]),
        "regio_resultaten": rule([Rol.KETENREGISSEUR], REGIONALE_ORGANISATIETYPEN),
    },
)


def may_see_results(actor) -> bool:
    return any(policy.allows(actor, a) for a in ("beheren", "eigen_resultaten", "regio_resultaten"))
