"""Permission policy of the audit log: privacy officers search and export their organisation's trail."""

from kompas.core.policy import Policy

# The role by its value: audit sits below accounts and does not import it
# (tests/test_architecture.py checks that every policy names only existing roles).
PRIVACY_OFFICER = "privacy_officer"

policy = Policy(
    "audit",
    {
        "view_audit": [PRIVACY_OFFICER],
        "export_audit": [PRIVACY_OFFICER],
    },
)
