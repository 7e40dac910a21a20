"""Reads of reference data. Other apps call these, never the models' internals."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from kompas.core.verzoekgeheugen import onthouden
from kompas.regio.models import (
    Gemeente,
    Herindeling,
    HerindelingDeel,
    Indeling,
    Regio,
    RegioLidmaatschap,
)

CACHE_SECONDEN = 24 * 3600


def regio_versie() -> str:
    """Once per read request (:func:`kompas.core.verzoekgeheugen.onthouden`): :func:`_regio_versie`."""
    return onthouden("regio.regio_versie", _regio_versie)


def _regio_versie() -> str:
    """The version of the reference data: row count, highest id and (for the tables whose rows
    are changed in place) the latest change of every table, in one query. Every import,
    correction or removal gives another version, also one made by another process (the
    command line), so tables computed from the reference data are cached under it."""
    delen = []
    for model in (Gemeente, Regio, RegioLidmaatschap, Herindeling, HerindelingDeel):
        t = connection.ops.quote_name(model._meta.db_table)
        delen += [f"(SELECT COUNT(*) FROM {t})", f"(SELECT MAX(id) FROM {t})"]  # noqa: S608 - table names from the models
        if model in (Gemeente, Regio, RegioLidmaatschap):
            delen.append(f"(SELECT MAX(bijgewerkt_op) FROM {t})")  # noqa: S608 - as above
    with connection.cursor() as c:
        c.execute("SELECT " + ", ".join(delen))
        return "|".join(str(x) for x in c.fetchone())


def per_regio_versie(naam: str, bereken, *args):
    """``bereken(*args)`` from the cache while the reference data keep their version."""
    sleutel = "regio:" + hashlib.sha256(repr((naam, args, regio_versie())).encode()).hexdigest()[:40]
    gevonden = cache.get(sleutel)
    if gevonden is None:
        gevonden = bereken(*args)
        cache.set(sleutel, gevonden, CACHE_SECONDEN)
    return gevonden


def huidig_jaar() -> int:
    """The latest reference year present, capped at the configured current year (cached per
    version of the reference data)."""
    return onthouden(
        "regio.huidig_jaar", lambda: per_regio_versie("huidig_jaar", _huidig_jaar, settings.KOMPAS_CURRENT_YEAR)
    )


def _huidig_jaar(huidig: int) -> int:
    year = Gemeente.objects.filter(jaar__lte=huidig).order_by("-jaar").values_list("jaar", flat=True).first()
    return year or huidig


def beschikbare_jaren() -> list[int]:
    return list(Gemeente.objects.order_by("-jaar").values_list("jaar", flat=True).distinct())


def gemeenten_in_jaar(jaar: int) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(jaar=jaar).order_by("naam")


def gemeente_in_jaar(jaar: int, cbs_code: str) -> Gemeente | None:
    """The gemeente with this code as it was in ``jaar`` (None when it did not exist then)."""
    return Gemeente.objects.filter(jaar=jaar, cbs_code=cbs_code).first()


def inwoners_van(codes, jaar: int | None = None) -> int:
    """The population of these gemeenten together in ``jaar`` (default: the current year);
    a gemeente without a known population counts as 0."""
    rijen = Gemeente.objects.filter(jaar=jaar or huidig_jaar(), cbs_code__in=list(codes))
    return sum(rijen.exclude(inwoners=None).values_list("inwoners", flat=True))


def alle_regios() -> QuerySet[Regio]:
    """Every region of every division, by name (for a choice of region)."""
    return Regio.objects.order_by("naam")


def gemeente_ids(jaar: int, codes) -> dict[str, int]:
    """CBS code → the id of that gemeente in ``jaar`` (codes not in that year are left out): what
    other apps point their foreign keys at."""
    return dict(Gemeente.objects.filter(jaar=jaar, cbs_code__in=list(codes)).values_list("cbs_code", "pk"))


def gemeente_namen(codes=None) -> dict[str, str]:
    """CBS code → the gemeente's name, from the latest year the code occurs in (so a gemeente
    that has since merged keeps its own last name). ``codes``: only these. Cached per version
    of the reference data."""
    return per_regio_versie("gemeente_namen", _gemeente_namen, None if codes is None else tuple(sorted(set(codes))))


def _gemeente_namen(codes) -> dict[str, str]:
    qs = Gemeente.objects.all()
    if codes is not None:
        qs = qs.filter(cbs_code__in=list(codes))
    return dict(qs.order_by("jaar").values_list("cbs_code", "naam"))


def regio_met_id(pk: int | None) -> Regio | None:
    """A region by its id (an organisation's ``regio_id``), cached per version of the reference
    data: one query less on every page that shows the user's own region."""
    return per_regio_versie("regio_met_id", _regio_met_id, pk) if pk is not None else None


def _regio_met_id(pk: int) -> Regio | None:
    return Regio.objects.filter(pk=pk).first()


def codes_in_regio(regio: Regio, jaar: int | None = None) -> list[str]:
    """The CBS codes of :func:`gemeenten_in_regio`, by name (cached per version)."""
    return per_regio_versie("codes_in_regio", _codes_in_regio, regio.pk, jaar or huidig_jaar())


def _codes_in_regio(regio_pk: int, jaar: int) -> list[str]:
    return list(gemeenten_in_regio(Regio.objects.get(pk=regio_pk), jaar).values_list("cbs_code", flat=True))


def gemeenten_in_regio(regio: Regio, jaar: int | None = None) -> QuerySet[Gemeente]:
    """The gemeenten of ``jaar`` whose region of ``regio``'s division is ``regio``, by the same
    rule as :func:`regio_van` (so a region's list and a gemeente's region never disagree)."""
    jaar = jaar or huidig_jaar()
    if _bron_jaren(jaar).get(regio.indeling) == jaar:
        return Gemeente.objects.filter(jaar=jaar, lidmaatschappen__regio=regio).order_by("naam")
    codes = [code for code, r in regio_tabel(jaar, regio.indeling).items() if r.pk == regio.pk]
    return Gemeente.objects.filter(jaar=jaar, cbs_code__in=codes).order_by("naam")


# --- the region of a gemeente ------------------------------------------------------------
#
# One rule for every app (monitor, zelfscan, meldroute, zorg): the region of a gemeente in a
# year and a division comes from that year's memberships; a year without memberships of that
# division (ZVH and vrouwenopvang are imported per year, and may lag behind or not go back)
# takes the latest earlier year that has them, else the earliest later one, and maps the
# gemeente through the herindelingen in between. A gemeente whose territory lies in more than
# one region that way (a dissolved gemeente split over regions) has no single region: None.


def _bron_jaren(jaar: int) -> dict[str, int]:
    """Per division: the year whose memberships stand for ``jaar`` (cached per version)."""
    return per_regio_versie("bron_jaren", _bron_jaren_berekenen, jaar)


def _bron_jaren_berekenen(jaar: int) -> dict[str, int]:
    per_indeling: dict[str, set[int]] = {}
    for indeling, j in RegioLidmaatschap.objects.values_list("indeling", "gemeente__jaar").distinct().order_by():
        per_indeling.setdefault(indeling, set()).add(j)
    uit = {}
    for indeling, jaren in per_indeling.items():
        eerder = [j for j in jaren if j <= jaar]
        uit[indeling] = max(eerder) if eerder else min(jaren)
    return uit


def _leden(indeling: str, jaar: int, codes: list[str] | None = None) -> dict[str, Regio]:
    qs = RegioLidmaatschap.objects.filter(indeling=indeling, gemeente__jaar=jaar).select_related("regio", "gemeente")
    if codes is not None:
        qs = qs.filter(gemeente__cbs_code__in=codes)
    return {lid.gemeente.cbs_code: lid.regio for lid in qs}


def _enig(regios: list[Regio | None]) -> Regio | None:
    """The one region all parts lie in, or None (no parts, a part without one, or several)."""
    if not regios or any(r is None for r in regios) or len({r.pk for r in regios}) != 1:
        return None
    return regios[0]


def regio_tabel(jaar: int | None = None, indeling: str = Indeling.ZVH) -> dict[str, Regio]:
    """CBS code → region (of ``indeling``) of every gemeente of ``jaar`` that has one (cached
    per version of the reference data)."""
    return per_regio_versie("regio_tabel", _regio_tabel_berekenen, jaar or huidig_jaar(), str(indeling))


def _regio_tabel_berekenen(jaar: int, indeling: str) -> dict[str, Regio]:
    bron = _bron_jaren(jaar).get(indeling)
    if bron is None:
        return {}
    leden = _leden(indeling, bron)
    if bron == jaar:
        return leden
    uit: dict[str, Regio] = {}
    if bron > jaar:  # forward: where did this gemeente's territory go?
        for code, opvolgers in opvolger_tabel(jaar, bron).items():
            if (regio := _enig([leden.get(c) for c in opvolgers])) is not None:
                uit[code] = regio
        return uit
    delen: dict[str, list[Regio | None]] = {}  # backward: which gemeenten of ``bron`` formed it?
    for code, opvolgers in opvolger_tabel(bron, jaar).items():
        for nieuw in opvolgers:
            delen.setdefault(nieuw, []).append(leden.get(code))
    bestaand = set(Gemeente.objects.filter(jaar=jaar).values_list("cbs_code", flat=True))
    for code, regios in delen.items():
        if code in bestaand and (regio := _enig(regios)) is not None:
            uit[code] = regio
    return uit


def regio_van(cbs_code: str, jaar: int | None = None, indeling: str = Indeling.ZVH) -> Regio | None:
    """The region of one gemeente (its code in ``jaar``) in a division; see the rule above."""
    jaar = jaar or huidig_jaar()
    bron = _bron_jaren(jaar).get(indeling)
    if bron is None:
        return None
    if bron == jaar:
        return _leden(indeling, jaar, [cbs_code]).get(cbs_code)
    return regio_tabel(jaar, indeling).get(cbs_code)


def regios_van(cbs_code: str, jaar: int | None = None) -> dict[str, Regio]:
    """Division → region of one gemeente in ``jaar``, for every division it has one in (cached
    per version of the reference data)."""
    return per_regio_versie("regios_van", _regios_van, cbs_code, jaar or huidig_jaar())


def _regios_van(cbs_code: str, jaar: int) -> dict[str, Regio]:
    uit: dict[str, Regio] = {}
    bronnen = _bron_jaren(jaar)
    direct = [i for i, bron in bronnen.items() if bron == jaar]
    if direct:
        for lid in RegioLidmaatschap.objects.filter(
            indeling__in=direct, gemeente__jaar=jaar, gemeente__cbs_code=cbs_code
        ).select_related("regio"):
            uit[lid.indeling] = lid.regio
    for indeling, bron in bronnen.items():
        if bron != jaar and (regio := regio_tabel(jaar, indeling).get(cbs_code)) is not None:
            uit[indeling] = regio
    return uit


def regios_in_jaar(jaar: int | None = None, indeling: str = Indeling.ZVH) -> list[Regio]:
    """The regions of a division that hold at least one gemeente of ``jaar``, by name."""
    uniek = {r.pk: r for r in regio_tabel(jaar, indeling).values()}
    return sorted(uniek.values(), key=lambda r: r.naam)


def centrumgemeente_van(cbs_code: str) -> Regio | None:
    """The region vrouwenopvang of which this gemeente is the centrumgemeente, if any."""
    return Regio.objects.filter(indeling=Indeling.VROUWENOPVANG, centrumgemeente_code=cbs_code).first()


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
    """:func:`opvolgers` for every gemeente of ``van_jaar`` at once (cached per version)."""
    return per_regio_versie("opvolger_tabel", _opvolger_tabel_berekenen, van_jaar, naar_jaar)


def _opvolger_tabel_berekenen(van_jaar: int, naar_jaar: int) -> dict[str, list[str]]:
    steps = _herindelingen_tussen(van_jaar, naar_jaar) if naar_jaar > van_jaar else []
    codes = Gemeente.objects.filter(jaar=van_jaar).values_list("cbs_code", flat=True)
    return {code: _map(code, steps) for code in codes}
