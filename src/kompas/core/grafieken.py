"""Accessible SVG charts, drawn on the server: the same markup in the page and in the PDF.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says in words
what the chart shows (the largest values and how many were not shown), so a screen reader
user gets the point without the table; the page always shows the table beside it. Values
that are not numbers (a suppressed cell such as "<5" or "x") get no bar and their own label:
a chart never draws what the table hides.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

KLEUR = "#01689b"  # Rijkshuisstijl hemelblauw: contrast 5.6:1 on white
TEKST = "#1a1a1a"
_ids = count(1)

Waarde = int | float | str | None


def _getal(w: Waarde) -> float | None:
    return w if isinstance(w, (int, float)) and not isinstance(w, bool) else None


def _fmt(w: Waarde) -> str:
    g = _getal(w)
    if g is None:
        return str(w) if w not in (None, "") else "–"
    if not float(g).is_integer():
        g = round(g, 1)  # number_format cuts decimals off (14,89 → 14,8); the tables round (14,9)
    return number_format(g, decimal_pos=0 if float(g).is_integer() else 1, use_l10n=True, force_grouping=True)


def _omschrijving(rijen: Sequence[tuple[str, Waarde]], eenheid: str) -> str:
    getoond = [(label, _getal(w)) for label, w in rijen if _getal(w) is not None]
    verborgen = len(rijen) - len(getoond)
    delen = []
    if getoond:
        top = sorted(getoond, key=lambda r: -r[1])[:3]
        delen.append(_("Hoogste: %(lijst)s.") % {"lijst": "; ".join(f"{label} {_fmt(w)}{eenheid}" for label, w in top)})
    if verborgen:
        delen.append(_("%(n)s niet getoond (klein aantal of onbekend).") % {"n": verborgen})
    return " ".join(delen)


def _svg(titel: str, desc: str, breedte: int, hoogte: int, inhoud: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kompas-chart" role="img" width="{breedte}" height="{hoogte}" '
        f'viewBox="0 0 {breedte} {hoogte}" '
        f'aria-labelledby="grafiek-{n}-titel grafiek-{n}-desc">'
        f'<title id="grafiek-{n}-titel">{escape(titel)}</title><desc id="grafiek-{n}-desc">{escape(desc)}</desc>'
        + "".join(inhoud)
        + "</svg>"
    )


def heeft_waarden(rijen: Sequence[tuple[str, Waarde]]) -> bool:
    return any((_getal(w) or 0) > 0 for _label, w in rijen)


def staven(
    rijen: Sequence[tuple[str, Waarde]],
    *,
    titel: str,
    eenheid: str = "",
    breedte: int = 640,
    maximum: float | None = None,
    waardeteksten: Sequence[str] | None = None,
    label_breedte: int = 250,
    waarde_ruimte: int = 70,
) -> SafeString:
    """Horizontal bars, one per row, the value printed after the bar (or ``waardeteksten[i]``,
    e.g. "4 van 6", which the description then uses too). ``label_breedte`` and
    ``waarde_ruimte``: the room for the labels left and for the value text right of the bars."""
    label_w, regel = label_breedte, 26
    tekens = label_breedte * 34 // 250  # about 7.3 px per character at font-size 13
    hoogte = regel * max(len(rijen), 1) + 8
    schaal = breedte - label_w - waarde_ruimte
    top = maximum or max((_getal(w) or 0 for _l, w in rijen), default=0) or 1
    inhoud = []
    for i, (label, w) in enumerate(rijen):
        y = 4 + i * regel
        kort = label if len(label) <= tekens else label[: tekens - 1] + "…"
        inhoud.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEKST}">{escape(kort)}</text>'
        )
        g = _getal(w)
        if g is None:
            inhoud.append(
                f'<text x="{label_w + 6}" y="{y + 17}" font-size="13" fill="{TEKST}">'
                f"{escape(_('niet getoond'))} ({escape(_fmt(w))})</text>"
            )
            continue
        bw = max(1, round(schaal * g / top)) if g > 0 else 0
        if bw:
            inhoud.append(f'<rect x="{label_w}" y="{y + 4}" width="{bw}" height="{regel - 8}" fill="{KLEUR}"/>')
        tekst = waardeteksten[i] if waardeteksten else _fmt(w) + eenheid
        inhoud.append(f'<text x="{label_w + bw + 6}" y="{y + 17}" font-size="13" fill="{TEKST}">{escape(tekst)}</text>')
    desc = (
        " ".join(f"{label}: {t}." for (label, _w), t in zip(rijen, waardeteksten, strict=True))
        if waardeteksten
        else _omschrijving(rijen, eenheid)
    )
    return _svg(titel, desc, breedte, hoogte, inhoud)


def kolommen(
    rijen: Sequence[tuple[str, Waarde]],
    *,
    titel: str,
    korte_labels: Sequence[str] | None = None,
    breedte: int = 640,
    hoogte: int = 220,
) -> SafeString:
    """Vertical columns for a trend (months): the value above each column, the label below."""
    n = max(len(rijen), 1)
    onder, boven = 40, 20
    vak = (breedte - 20) / n
    kolom = max(4.0, min(48.0, vak * 0.7))
    top = max((_getal(w) or 0 for _l, w in rijen), default=0) or 1
    schaal = hoogte - onder - boven
    korte = list(korte_labels or [label for label, _w in rijen])
    stap = max(1, round(n / 12))  # at most about twelve labels below the axis
    inhoud = [f'<line x1="10" y1="{hoogte - onder}" x2="{breedte - 10}" y2="{hoogte - onder}" stroke="{TEKST}"/>']
    for i, (_label, w) in enumerate(rijen):
        x = 10 + i * vak + (vak - kolom) / 2
        midden = x + kolom / 2
        g = _getal(w)
        if g is None:
            inhoud.append(
                f'<text x="{midden:.1f}" y="{hoogte - onder - 6}" text-anchor="middle" font-size="11" '
                f'fill="{TEKST}">{escape(_fmt(w))}</text>'
            )
        else:
            h = max(1, round(schaal * g / top)) if g > 0 else 0
            if h:
                inhoud.append(
                    f'<rect x="{x:.1f}" y="{hoogte - onder - h}" width="{kolom:.1f}" height="{h}" fill="{KLEUR}"/>'
                )
            inhoud.append(
                f'<text x="{midden:.1f}" y="{hoogte - onder - h - 5}" text-anchor="middle" '
                f'font-size="11" fill="{TEKST}">{escape(_fmt(w))}</text>'
            )
        if i % stap == 0:
            inhoud.append(
                f'<text x="{midden:.1f}" y="{hoogte - onder + 16}" text-anchor="middle" font-size="11" '
                f'fill="{TEKST}">{escape(korte[i])}</text>'
            )
    return _svg(titel, _omschrijving(rijen, ""), breedte, hoogte, inhoud)


KLEUR_EERDER = "#9c4a00"  # dark orange beside the blue: contrast 6.1:1 on white, apart for colour-blind eyes too


def paren(
    rijen: Sequence[tuple[str, Waarde, Waarde]],
    *,
    titel: str,
    reeksen: tuple[str, str],
    eenheid: str = "",
    breedte: int = 640,
    maximum: float | None = None,
    totalen: Sequence[int] | None = None,
) -> SafeString:
    """Two horizontal bars per row — an earlier value and the value now (``reeksen`` names
    them, in that order, in a legend) — for progress such as a zelfscan against the previous
    one. The description says per row what changed, in words; ``totalen`` adds "van N"."""
    label_w, balk, tussen = 250, 12, 10
    regel = 2 * balk + tussen
    legenda = 24
    hoogte = legenda + regel * max(len(rijen), 1) + 4
    schaal = breedte - label_w - 90
    top = maximum or max((_getal(w) or 0 for _l, a, b in rijen for w in (a, b)), default=0) or 1
    inhoud = []
    for j, (naam, kleur) in enumerate(zip(reeksen, (KLEUR_EERDER, KLEUR), strict=True)):
        x = label_w + j * 180
        inhoud.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{kleur}"/>'
            f'<text x="{x + 18}" y="15" font-size="12" fill="{TEKST}">{escape(naam)}</text>'
        )
    zinnen = []
    for i, (label, eerder, nu) in enumerate(rijen):
        y = legenda + i * regel
        kort = label if len(label) <= 34 else label[:33] + "…"
        inhoud.append(
            f'<text x="{label_w - 8}" y="{y + balk + 4}" text-anchor="end" font-size="13" '
            f'fill="{TEKST}">{escape(kort)}</text>'
        )
        van = f" {_('van')} {totalen[i]}" if totalen else ""
        for j, (w, kleur) in enumerate(((eerder, KLEUR_EERDER), (nu, KLEUR))):
            yy = y + j * balk
            g = _getal(w)
            bw = max(1, round(schaal * g / top)) if g else 0
            if bw:
                inhoud.append(f'<rect x="{label_w}" y="{yy}" width="{bw}" height="{balk - 2}" fill="{kleur}"/>')
            inhoud.append(
                f'<text x="{label_w + bw + 6}" y="{yy + balk - 2}" font-size="11" '
                f'fill="{TEKST}">{escape(_fmt(w) + eenheid + van)}</text>'
            )
        a, b = _getal(eerder), _getal(nu)
        if a is None or b is None:
            verschil = _("niet te vergelijken")
        elif b == a:
            verschil = _("gelijk gebleven")
        else:
            verschil = (_("%(n)s meer") if b > a else _("%(n)s minder")) % {"n": _fmt(abs(b - a))}
        zinnen.append(
            f"{label}: {reeksen[0]} {_fmt(eerder)}{eenheid}{van}, {reeksen[1]} {_fmt(nu)}{eenheid}{van} ({verschil})."
        )
    return _svg(titel, " ".join(zinnen), breedte, hoogte, inhoud)
