"""The route as a state machine: one declarative table of transitions (seed 001 §4.2).

Every transition records who, when and why (StatusWijziging, appended, never edited).
``transitie_uitvoeren`` in services.py is the only code that changes a signal's state; it
looks up the transition here, checks the state and the required fields, and refuses with
a Dutch message. No state is a dead end: a closed signal can be reopened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from kompas.core.fouten import Geweigerd
from kompas.meldroute.constants import STAP, Status

S = Status


@dataclass(frozen=True)
class Transitie:
    naam: str
    label: str
    van: frozenset[str]
    naar: str
    vereist: tuple[str, ...] = field(default=())  # names of required inputs besides the reason
    knop: str = ""  # the short text of the button that takes this step


TRANSITIES: dict[str, Transitie] = {
    t.naam: t
    for t in [
        Transitie(
            "verrijken",
            _("Verrijking afronden (stap 3)"),
            frozenset({S.ONTVANGEN}),
            S.VERRIJKT,
            ("verrijking",),
            _("Verrijking afronden"),
        ),
        Transitie(
            "lokaal_bespreken",
            _("Besproken op het lokale overleg, met politie of PCT (stap 4)"),
            frozenset({S.VERRIJKT}),
            S.LOKAAL,
            ("overleg",),
            _("Bespreking vastleggen"),
        ),
        Transitie(
            "riec_inbrengen",
            _("Ingebracht bij RIEC / regionale ondermijningstafel (stap 5)"),
            frozenset({S.VERRIJKT, S.LOKAAL}),
            S.RIEC,
            (),
            _("Inbreng bij RIEC vastleggen"),
        ),
        Transitie(
            "informatieplein",
            _("Ingebracht op het informatieplein RIEC (stap 6)"),
            frozenset({S.RIEC}),
            S.INFORMATIEPLEIN,
            (),
            _("Inbreng op het informatieplein vastleggen"),
        ),
        Transitie(
            "terugkoppelen",
            _("Terugkoppeling aan de melder geven (stap 7)"),
            frozenset({S.ONTVANGEN, S.VERRIJKT, S.LOKAAL, S.RIEC, S.INFORMATIEPLEIN}),
            S.TERUGKOPPELING,
            ("terugkoppeling",),
            _("Terugkoppeling versturen"),
        ),
        Transitie(
            "afsluiten",
            _("Afsluiten met een uitkomst"),
            frozenset({S.TERUGKOPPELING}),
            S.AFGESLOTEN,
            ("uitkomst",),
            _("Signaal afsluiten"),
        ),
        Transitie(
            "heropenen",
            _("Heropenen (nieuwe informatie)"),
            frozenset({S.AFGESLOTEN, S.TERUGKOPPELING}),
            S.VERRIJKT,
            (),
            _("Signaal heropenen"),
        ),
    ]
}


def transities_vanuit(status: str) -> list[Transitie]:
    """The transitions the table allows from this state, in the order of the route."""
    return [t for t in TRANSITIES.values() if status in t.van]


# The seven steps of the interne meldroute (seed 001 §4.2) and the states that reach each.
STAPPEN: tuple[tuple[int, str], ...] = (
    (1, _("Signaal opgepikt en gemeld")),
    (2, _("Ontvangen door de aandachtsfunctionaris")),
    (3, _("Verrijkt met eigen informatie")),
    (4, _("Besproken lokaal: ondermijningsoverleg, politie of PCT")),
    (5, _("Ingebracht bij RIEC / regionale ondermijningstafel")),
    (6, _("Ingebracht op het informatieplein RIEC")),
    (7, _("Terugkoppeling gegeven")),
)


@dataclass(frozen=True)
class Stap:
    nummer: int
    label: str
    stand: str  # "gedaan", "huidig", "overgeslagen" or "open"
    tijdstip: object = None  # the latest event of this step (datetime) or None
    door: str = ""
    wat: str = ""  # what happened, e.g. "Heropend" or the state reached


def stappen(*, status: str, geschiedenis, gemeld_op=None, melder: str = "") -> list[Stap]:
    """Where a signal is in the seven steps, and what happened at each (from its history).

    ``geschiedenis`` is the signal's StatusWijziging rows, oldest first. The current step is
    the step of the current state; a closed signal stands at step 7, done. An earlier step
    without an event was skipped (the route allows e.g. RIEC straight after enrichment)."""
    huidig = STAP[status]
    laatste: dict[int, object] = {}
    for h in geschiedenis:
        laatste[STAP[h.naar]] = h
    result = []
    for nummer, label in STAPPEN:
        h = laatste.get(nummer)
        tijdstip, door, wat = (h.tijdstip, h.door_repr, _wat(h)) if h else (None, "", "")
        if nummer == 1:
            tijdstip, door, wat = gemeld_op, melder, _("Gemeld")
        elif h is not None and h.transitie == "melden":
            # received at the moment of reporting, by no one in particular: not the melder's act
            door, wat = "", _("In de inbox van de aandachtsfunctionaris")
        if nummer < huidig or (nummer == huidig and status == S.AFGESLOTEN):
            stand = "gedaan" if (h or nummer == 1) else "overgeslagen"
        elif nummer == huidig:
            stand = "huidig"
        else:
            stand = "open"
            if h:  # done before the signal was reopened: keep what happened, not as done
                wat = _("eerder: %(wat)s") % {"wat": wat}
        result.append(Stap(nummer, str(label), stand, tijdstip, door, str(wat)))
    return result


def _wat(h) -> str:
    if h.transitie == "heropenen":
        return str(_("Heropend"))
    if h.transitie == "melden":
        return str(_("Ontvangen"))
    return str(Status(h.naar).label)


class TransitieGeweigerd(Geweigerd):
    """A refused transition; the message is Dutch and shown as is."""
