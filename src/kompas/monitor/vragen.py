"""Rules about questions that answering, cleaning and analysis share: when a conditional
question applies, when a question counts as answered and when a submission is complete."""

from __future__ import annotations

from collections.abc import Iterable

from kompas.monitor.models import Vraag


def zichtbaar(vraag: Vraag, antwoorden: dict) -> bool:
    """``toon_als`` = {"vraag": CODE, "in": [option codes]}: the question applies only when the
    answer to CODE is (or, for a `meer` question, includes) one of those options."""
    voorwaarde = vraag.toon_als or {}
    if not voorwaarde:
        return True
    antwoord = antwoorden.get(voorwaarde.get("vraag", ""))
    toegestaan = set(voorwaarde.get("in", []))
    if isinstance(antwoord, list):
        return bool(toegestaan & set(antwoord))
    return antwoord in toegestaan


def beantwoord(vraag: Vraag, antwoorden: dict) -> bool:
    waarde = antwoorden.get(vraag.code)
    if isinstance(waarde, list):
        return bool(waarde)
    return bool(str(waarde or "").strip())


def ontbrekend(vragen: Iterable[Vraag], antwoorden: dict, alleen_verplicht: bool = True) -> list[Vraag]:
    """Applicable questions without an answer (only the required ones, unless asked)."""
    return [
        v
        for v in vragen
        if (v.verplicht or not alleen_verplicht) and zichtbaar(v, antwoorden) and not beantwoord(v, antwoorden)
    ]


def volledig(vragen: Iterable[Vraag], antwoorden: dict) -> bool:
    """Complete = every applicable closed question answered (open questions may stay empty),
    and 'anders' comes with its text."""
    vragen = list(vragen)
    if ontbrekend([v for v in vragen if v.type != Vraag.Type.OPEN], antwoorden, alleen_verplicht=False):
        return False
    return not anders_zonder_tekst(vragen, antwoorden)


def anders_zonder_tekst(vragen: Iterable[Vraag], antwoorden: dict) -> list[Vraag]:
    uit = []
    for v in vragen:
        if not v.anders or not zichtbaar(v, antwoorden):
            continue
        waarde = antwoorden.get(v.code)
        gekozen = "anders" in waarde if isinstance(waarde, list) else waarde == "anders"
        if gekozen and not str(antwoorden.get(f"{v.code}_anders", "")).strip():
            uit.append(v)
    return uit
