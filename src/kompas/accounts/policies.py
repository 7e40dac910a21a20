"""Permission policy of the accounts app (users, memberships, organisations)."""

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.policy import Policy, rule

EVERY_ROLE = [r.value for r in Rol]

policy = Policy(
    "accounts",
    {
        # Own profile and organisation switch: everyone with a membership.
        "view_profile": EVERY_ROLE,
        # Functioneel beheerders manage the users of their own organisation and nothing else.
        "manage_users": [Rol.FUNCTIONEEL_BEHEERDER],
        # Applicatiebeheerders manage organisations and appoint their functioneel beheerders.
        "manage_organisations": rule([Rol.APPLICATIEBEHEERDER], [OrganisatieType.VNG]),
        # ... and the identity provider (OIDC) an organisation's people log in with.
        "manage_identiteitsproviders": rule([Rol.APPLICATIEBEHEERDER], [OrganisatieType.VNG]),
    },
)
