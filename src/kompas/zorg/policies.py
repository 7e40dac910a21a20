"""Permission policy of zorgcoördinatie. Least privilege: a zorgcoördinator works on the
trajecten of their own zorgorganisatie only; the referrer sees only the state of their own
referral (through the meldroute, never the traject); CoMensha gets the pseudonymised set."""

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.policy import Policy, rule

ZORGORGANISATIES = [OrganisatieType.ZVH, OrganisatieType.ZORGAANBIEDER]

policy = Policy(
    "zorg",
    {
        "coordineren": rule([Rol.ZORGCOORDINATOR], ZORGORGANISATIES),
        "werkgebied": rule([Rol.ZORGCOORDINATOR, Rol.FUNCTIONEEL_BEHEERDER], ZORGORGANISATIES),
        # the referring aandachtsfunctionaris may withdraw their own gemeente's referral
        "verwijzen": rule([Rol.AANDACHTSFUNCTIONARIS], [OrganisatieType.GEMEENTE]),
        # the national pseudonymised set, for CoMensha's own analysts
        "comensha_landelijk": rule([Rol.ANALIST], [OrganisatieType.COMENSHA]),
    },
)


def may_export(actor) -> bool:
    return policy.allows(actor, "coordineren") or policy.allows(actor, "comensha_landelijk")
