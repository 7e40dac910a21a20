"""Permission policy of the zelfscan: a gemeente's beleidsadviseur and aandachtsfunctionaris
scan their own gemeente; a ketenregisseur sees the scan status of the region and may answer
for all its gemeenten at once; the fte calculator is open to everyone logged in."""

from kompas.accounts.constants import REGIONALE_ORGANISATIETYPEN, OrganisatieType, Rol
from kompas.accounts.policy import Policy, rule

policy = Policy(
    "zelfscan",
    {
        "scannen": rule([Rol.BELEIDSADVISEUR, Rol.AANDACHTSFUNCTIONARIS], [OrganisatieType.GEMEENTE]),
        "regio": rule([Rol.KETENREGISSEUR], REGIONALE_ORGANISATIETYPEN),
        "fte": rule([r.value for r in Rol]),
    },
)
