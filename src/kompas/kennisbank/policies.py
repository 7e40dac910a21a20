"""Permission policy of the kennisbank: everyone logged in reads what is published, keeps
notes and shares with colleagues; redacteuren write and publish."""

from kompas.accounts.constants import LANDELIJKE_ORGANISATIETYPEN, Rol
from kompas.accounts.policy import Policy, rule

EVERY_ROLE = [r.value for r in Rol]

policy = Policy(
    "kennisbank",
    {
        "lezen": rule(EVERY_ROLE),
        "redigeren": rule([Rol.REDACTEUR], LANDELIJKE_ORGANISATIETYPEN),
    },
)
