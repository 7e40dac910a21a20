"""Permission policy of the audit log: privacy officers search and export their organisation's trail."""

from kompas.accounts.constants import Rol
from kompas.accounts.policy import Policy

policy = Policy(
    "audit",
    {
        "view_audit": [Rol.PRIVACY_OFFICER],
        "export_audit": [Rol.PRIVACY_OFFICER],
    },
)
