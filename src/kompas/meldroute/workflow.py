"""The route as a state machine: one declarative table of transitions (seed 001 §4.2).

Every transition records who, when and why (StatusWijziging, appended, never edited).
``transitie_uitvoeren`` in services.py is the only code that changes a signal's state; it
looks up the transition here, checks the state and the required fields, and refuses with
a Dutch message. No state is a dead end: a closed signal can be reopened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from kompas.meldroute.constants import Status

S = Status


@dataclass(frozen=True)
class Transitie:
    naam: str
    label: str
    van: frozenset[str]
    naar: str
    vereist: tuple[str, ...] = field(default=())  # names of required inputs besides the reason


TRANSITIES: dict[str, Transitie] = {
    t.naam: t
    for t in [
        Transitie("verrijken", _("Verrijking afronden (stap 3)"), frozenset({S.ONTVANGEN}), S.VERRIJKT, ("verrijking",)),
        Transitie("lokaal_bespreken", _("Besproken op het lokale overleg, met politie of PCT (stap 4)"), frozenset({S.VERRIJKT}), S.LOKAAL, ("overleg",)),
        Transitie("riec_inbrengen", _("Ingebracht bij RIEC / regionale ondermijningstafel (stap 5)"), frozenset({S.VERRIJKT, S.LOKAAL}), S.RIEC),
        Transitie("informatieplein", _("Ingebracht op het informatieplein RIEC (stap 6)"), frozenset({S.RIEC}), S.INFORMATIEPLEIN),
        Transitie("terugkoppelen", _("Terugkoppeling aan de melder geven (stap 7)"), frozenset({S.ONTVANGEN, S.VERRIJKT, S.LOKAAL, S.RIEC, S.INFORMATIEPLEIN}), S.TERUGKOPPELING, ("terugkoppeling",)),
        Transitie("afsluiten", _("Afsluiten met een uitkomst"), frozenset({S.TERUGKOPPELING}), S.AFGESLOTEN, ("uitkomst",)),
        Transitie("heropenen", _("Heropenen (nieuwe informatie)"), frozenset({S.AFGESLOTEN, S.TERUGKOPPELING}), S.VERRIJKT),
    ]
}


def transities_vanuit(status: str) -> list[Transitie]:
    return [t for t in TRANSITIES.values() if status in t.van]


class TransitieGeweigerd(Exception):
    """A refused transition; the message is Dutch and shown as is."""
