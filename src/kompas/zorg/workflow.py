"""The traject's phases as one declarative table of transitions (seed 002, Bijlage 3).

``traject_transitie`` in services.py is the only code that changes a traject's phase; it
looks up the transition here, checks the phase and the required inputs, and refuses with a
Dutch message. No phase is a dead end: a closed traject can be reopened with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from kompas.core.fouten import Geweigerd
from kompas.zorg.constants import OPEN_FASEN, Fase

F = Fase


@dataclass(frozen=True)
class Transitie:
    naam: str
    label: str
    van: frozenset[str]
    naar: str
    vereist: tuple[str, ...] = field(default=())


TRANSITIES: dict[str, Transitie] = {
    t.naam: t
    for t in [
        # "Het starten van een hulptraject kan voor of tegelijkertijd met de intakefase lopen."
        Transitie(
            "hulpverlening_starten",
            _("Hulpverlening starten terwijl de intake loopt"),
            frozenset({F.INTAKE}),
            F.INTAKE_HULPVERLENING,
        ),
        Transitie(
            "intake_afronden",
            _("Intake afgerond: door naar hulpverlening"),
            frozenset({F.INTAKE, F.INTAKE_HULPVERLENING}),
            F.HULPVERLENING,
        ),
        Transitie("afronding_starten", _("Afronding starten"), frozenset({F.HULPVERLENING}), F.AFRONDING),
        Transitie("terug_naar_hulpverlening", _("Terug naar hulpverlening"), frozenset({F.AFRONDING}), F.HULPVERLENING),
        Transitie("afsluiten", _("Traject afsluiten"), frozenset(OPEN_FASEN), F.AFGESLOTEN, ("afsluitreden",)),
        Transitie("heropenen", _("Traject heropenen"), frozenset({F.AFGESLOTEN}), F.HULPVERLENING),
    ]
}


def transities_vanuit(fase: str) -> list[Transitie]:
    return [t for t in TRANSITIES.values() if fase in t.van]


class TransitieGeweigerd(Geweigerd):
    """A refused transition; the message is Dutch and shown as is."""
