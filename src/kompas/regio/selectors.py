"""Reads of reference data. Other apps call these, never the models' internals."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from kompas.regio.models import Gemeente, HerindelingDeel, Regio


def huidig_jaar() -> int:
    """The latest reference year present, capped at the configured current year."""
    year = (
        Gemeente.objects.filter(jaar__lte=settings.KOMPAS_CURRENT_YEAR)
        .order_by("-jaar")
        .values_list("jaar", flat=True)
        .first()
    )
    return year or settings.KOMPAS_CURRENT_YEAR


def beschikbare_jaren() -> list[int]:
    return list(Gemeente.objects.order_by("-jaar").values_list("jaar", flat=True).distinct())


def gemeenten_in_jaar(jaar: int) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(jaar=jaar).order_by("naam")


def gemeenten_in_regio(regio: Regio, jaar: int | None = None) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(
        jaar=jaar or huidig_jaar(), lidmaatschappen__regio=regio
    ).order_by("naam")


def _herindelingen_tussen(van_jaar: int, naar_jaar: int) -> list[dict[str, set[str]]]:
    """Per herindeling in (van_jaar, naar_jaar], in date order: van_code → {naar_codes}."""
    steps: dict[int, dict[str, set[str]]] = {}
    parts = HerindelingDeel.objects.select_related("herindeling").order_by(
        "herindeling__ingangsdatum", "herindeling_id"
    )
    for part in parts:
        if van_jaar < part.herindeling.eerste_jaar <= naar_jaar:
            steps.setdefault(part.herindeling_id, {}).setdefault(part.van_code, set()).add(part.naar_code)
    return list(steps.values())


def _map(code: str, steps: list[dict[str, set[str]]]) -> list[str]:
    codes = {code}
    for arrows in steps:
        codes = set().union(*(arrows.get(c, {c}) for c in codes))
    return sorted(codes)


def opvolgers(cbs_code: str, van_jaar: int, naar_jaar: int) -> list[str]:
    """Map a gemeente code of ``van_jaar`` onto the code(s) that cover its territory in
    ``naar_jaar``, following every herindeling in between: merged gemeenten map onto the
    new one; a dissolved gemeente maps onto every gemeente that took part of it."""
    if naar_jaar <= van_jaar:
        return [cbs_code]
    return _map(cbs_code, _herindelingen_tussen(van_jaar, naar_jaar))


def opvolger_tabel(van_jaar: int, naar_jaar: int) -> dict[str, list[str]]:
    """:func:`opvolgers` for every gemeente of ``van_jaar`` at once (one query)."""
    steps = _herindelingen_tussen(van_jaar, naar_jaar) if naar_jaar > van_jaar else []
    codes = Gemeente.objects.filter(jaar=van_jaar).values_list("cbs_code", flat=True)
    return {code: _map(code, steps) for code in codes}
