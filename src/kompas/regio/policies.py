"""Permission policy of the reference data: everyone reads, applicatiebeheerders maintain."""

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.policy import Policy, rule

policy = Policy(
    "regio",
    {
        "view_regio": [r.value for r in Rol],
        "manage_regio": rule([Rol.APPLICATIEBEHEERDER], [OrganisatieType.VNG]),
    },
)
