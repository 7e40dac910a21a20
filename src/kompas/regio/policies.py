"""Permission policy of the reference data: everyone reads, applicatiebeheerders maintain."""

from kompas.accounts.constants import Rol
from kompas.accounts.policy import Policy

policy = Policy(
    "regio",
    {
        "view_regio": [r.value for r in Rol],
        "manage_regio": [Rol.APPLICATIEBEHEERDER],
    },
)
