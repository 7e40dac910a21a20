"""Who is acting: the user, the organisation they act on behalf of, and their roles there.

Users can belong to several organisations; the active one is kept in the session and chosen
in the header. Roles only count in the active organisation, so a functioneel beheerder of
gemeente A who is also medewerker at gemeente B has no beheer rights while acting for B.
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
