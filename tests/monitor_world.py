"""A small, fully known world for monitor tests: gemeenten with sizes and ZVH regions,
a wave with the built-in questionnaires, and a helper to add raw submissions."""

from __future__ import annotations

import itertools
from datetime import date

from kompas.monitor import deelnemers
from kompas.monitor.models import Inzending, Meting, Vragenlijst
from kompas.regio.models import (
    Gemeente,
    Herindeling,
    HerindelingDeel,
    Indeling,
    Regio,
    RegioLidmaatschap,
)

# code, naam, provincie, inwoners, zvh region
GEMEENTEN = [
    ("GM0001", "Aadorp", "Utrecht", 12_000, "ZVH Midden"),
    ("GM0002", "Beekstad", "Utrecht", 35_000, "ZVH Midden"),
    ("GM0003", "Cedam", "Utrecht", 80_000, "ZVH Midden"),
    ("GM0004", "Dijkwaard", "Gelderland", 150_000, "ZVH Oost"),
    ("GM0005", "Eemhoven", "Gelderland", 9_000, "ZVH Oost"),
    ("GM0006", "Fortuin", "Gelderland", 25_000, "ZVH Oost"),
    ("GM0007", "Grasland", "Gelderland", 18_000, "ZVH Oost"),
    ("GM0008", "Heuvelrug", "Utrecht", None, "ZVH Midden"),
]
_seq = itertools.count(1)


def wereld(jaar: int = 2021, gemeenten=GEMEENTEN) -> dict[str, Regio]:
    regios = {}
    for naam in sorted({g[4] for g in gemeenten}):
        regios[naam], _ = Regio.objects.get_or_create(
            indeling=Indeling.ZVH, code=naam.split()[-1].upper()[:6], defaults={"naam": naam}
        )
    for code, naam, provincie, inwoners, zvh in gemeenten:
        g = Gemeente.objects.create(jaar=jaar, cbs_code=code, naam=naam, provincie=provincie, inwoners=inwoners)
        RegioLidmaatschap.objects.create(gemeente=g, regio=regios[zvh], indeling=Indeling.ZVH)
    return regios


def meting(code: str = "m2021", jaar: int = 2021, lijsten=("gemeente-2021", "zvh-2021"), **kwargs) -> Meting:
    m = Meting.objects.create(code=code, naam=f"Monitor {code}", jaar=jaar, **kwargs)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code__in=lijsten))
    return m


def inzending(
    m: Meting, organisaties, antwoorden: dict, volledig: bool = True, lijst: str = "gemeente-2021"
) -> Inzending:
    if isinstance(organisaties, str):
        organisaties = [organisaties]
    inz = Inzending.objects.create(
        meting=m,
        vragenlijst=Vragenlijst.objects.get(code=lijst),
        vragenlijst_versie=1,
        bron_id=f"r{next(_seq)}",
        organisaties=list(organisaties),
        volledig=volledig,
        antwoorden=antwoorden,
    )
    deelnemers.zetten([inz], m.jaar, nieuw=True)  # as every create path of the app does
    return inz


def samenvoeging(datum: date, van: list[tuple[str, str]], naar: tuple[str, str]) -> Herindeling:
    h = Herindeling.objects.create(
        ingangsdatum=datum, soort=Herindeling.Soort.SAMENVOEGING, omschrijving=f"{naar[1]} ontstaat"
    )
    for code, naam in van:
        HerindelingDeel.objects.create(
            herindeling=h, van_code=code, van_naam=naam, naar_code=naar[0], naar_naam=naar[1]
        )
    return h


def volledig_antwoord(**anders) -> dict:
    """Every closed question of gemeente-2021 answered; keyword arguments override."""
    a = {
        "B1_BELEID": "specifiek",
        "B1_VORMEN": ["seksueel", "arbeid"],
        "B1_ZORGVEILIGHEID": "ja",
        "B1_JEUGD": "ja",
        "B2_ZICHT": "onvoldoende",
        "B2_AANDACHTSFUNCTIONARIS": "een",
        "B2_INFORMATIE": "ja",
        "B3_DRIEHOEK": "jaarlijks",
        "B4_REGIOTAFEL": "ja",
        "B4_SCHAAL": "zvh",
        "B5_ZORGCOORDINATOR": "ja",
        "B5_FINANCIERING": "structureel",
    }
    for sector in (
        "AGRARISCH",
        "SCHOONMAAK",
        "UITZEND",
        "BOUW",
        "HORECA",
        "VLEES",
        "RECREATIE",
        "VASTGOED",
        "SEKS",
        "TRANSPORT",
    ):
        a[f"B2_SECTOR_{sector}"] = "geen"
    a.update(anders)
    return {k: v for k, v in a.items() if v is not None}
