"""Who is acting: the user, the organisation they act on behalf of, and their roles there.

Users can belong to several organisations; the active one is kept in the session and chosen
in the header. Roles only count in the active organisation, so a functioneel beheerder of
gemeente A who is also medewerker at gemeente B has no beheer rights while acting for B.
And a role only counts in an organisation whose type may hold it (``ROLLEN_PER_ORGANISATIETYPE``):
the actor drops any other role however it was built, so every policy sees only fitting roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kompas.accounts.constants import Rol, rol_past_bij
from kompas.accounts.models import Organisatie, User

SESSION_KEY = "kompas_organisatie_id"


@dataclass(frozen=True)
class Actor:
    user: User | None
    organisatie: Organisatie | None
    rollen: frozenset[str] = field(default_factory=frozenset)
    organisaties: tuple[Organisatie, ...] = ()

    def __post_init__(self):
        # a role the organisation may not hold counts for nothing: an analist in a gemeente is
        # no analist, whether the actor comes from actor_for, a task, a command or a test
        rollen = frozenset(self.rollen)
        if self.organisatie is not None:
            rollen = frozenset(r for r in rollen if rol_past_bij(r, self.organisatie.type))
        object.__setattr__(self, "rollen", rollen)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated

    def has_role(self, *rollen: str) -> bool:
        return bool(self.rollen.intersection(rollen))

    @property
    def rol_labels(self) -> list[str]:
        return [Rol(r).label for r in sorted(self.rollen)]


ANONYMOUS = Actor(user=None, organisatie=None)


def actor_for(user: User, organisatie_id: int | None) -> Actor:
    """Build the actor for ``user`` acting for ``organisatie_id`` (or their first organisation)."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    memberships = user.active_memberships()
    organisaties: dict[int, Organisatie] = {}
    for m in memberships:
        organisaties.setdefault(m.organisatie_id, m.organisatie)
    if not organisaties:
        return Actor(user=user, organisatie=None)
    if organisatie_id not in organisaties:
        organisatie_id = next(iter(organisaties))
    organisatie = organisaties[organisatie_id]
    # a role the organisation may not hold (the table in constants.py) does not count
    rollen = frozenset(
        m.rol for m in memberships if m.organisatie_id == organisatie_id and rol_past_bij(m.rol, organisatie.type)
    )
    return Actor(
        user=user,
        organisatie=organisatie,
        rollen=rollen,
        organisaties=tuple(sorted(organisaties.values(), key=lambda o: o.naam)),
    )
