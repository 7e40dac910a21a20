"""Parts of the zelfscan's result page written out in Python: the same HTML, character for
character, as the template loops they replace (tests/test_zelfscan_snel.py compares them).
The requirements and the next steps link every article they name: a reverse(), a lookup and
a translation per link cost more in the template than the rest of the page."""

from __future__ import annotations

import re
from html import escape  # what django.utils.html.escape does for a str, without its lazy wrapper

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kompas.core.bouwstenen import Bouwsteen
from kompas.zelfscan.scoring import PLATEAU_LABEL

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLEK = "0kompas-slug0"


def _artikel_adres():
    """slug → the article's address: one reverse() for all (a slug is never quoted)."""
    voor, na = reverse("kennisbank:artikel", args=[_PLEK]).split(_PLEK)

    def adres(slug: str) -> str:
        return f"{voor}{slug}{na}" if _SLUG.fullmatch(slug) else reverse("kennisbank:artikel", args=[slug])

    return adres


def eisen_html(eisen, artikelen: dict) -> SafeString:
    """The ``<li>`` of each basisniveau requirement, with links to read up on what is not met."""
    adres, lees = _artikel_adres(), gettext("Lees: %(t)s")
    delen = []
    for eis in eisen:
        delen.append(f"<li><strong>{escape(str(eis.item.basisniveau))}</strong>: {escape(str(eis.reden))}")
        if not eis.voldaan:
            delen.append(" ")
            slugs = eis.item.artikelen
            for n, slug in enumerate(slugs, start=1):
                if a := artikelen.get(slug):
                    delen.append(
                        f'<a class="utrecht-link" href="{escape(adres(a.slug))}">{lees % {"t": escape(a.titel)}}</a>'
                    )
                    if n < len(slugs):
                        delen.append(" · ")
        delen.append("</li>")
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


def stappen_html(stappen, artikelen: dict, fte_regio=None) -> SafeString:
    """The ``<li>`` of each next step, with the articles it names and, where it is about the
    fte of zorgcoördinatie, the calculator (for the gemeente's region)."""
    adres = _artikel_adres()
    labels = {code: escape(str(label)) for code, label in Bouwsteen.choices}
    rekenhulp = (
        f'<br><a class="utrecht-link" href="{escape(reverse("zelfscan:fte"))}'
        f'{f"?regio={escape(str(fte_regio.pk))}" if fte_regio else ""}">'
        f"{escape(gettext('Reken uit hoeveel fte zorgcoördinatie uw regio nodig heeft (fte-rekenhulp)'))}</a>"
    )
    delen = []
    for stap in stappen:
        code = stap.item.bouwsteen
        label = labels.get(code) if code in Bouwsteen.values else escape(str(code))
        links = "".join(
            f'<br><a class="utrecht-link" href="{escape(adres(a.slug))}">{escape(a.titel)}</a>'
            for slug in stap.artikelen
            if (a := artikelen.get(slug))
        )
        delen.append(
            f'\n  <li>{escape(str(stap.tekst))} <span class="kompas-muted">({label}: {escape(str(stap.reden))})</span>'
            f"\n    {links}{rekenhulp if stap.item.rekenhulp else ''}</li>\n"
        )
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


def regio_regels_html(rijen) -> SafeString:
    """The ``<tr>`` of each gemeente of the region: its latest completed scan, or that it has none."""
    formaat = get_format("SHORT_DATE_FORMAT")
    codes = Bouwsteen.values
    ja, nee = escape(gettext("ja")), escape(gettext("nee"))
    gehaald, niet_gehaald = escape(gettext("gehaald")), escape(gettext("niet gehaald"))
    geen = (
        f'<td class="utrecht-table__cell" colspan="{len(codes) + 3}">'
        f"{escape(gettext('nog geen afgeronde zelfscan'))}</td>"
    )
    labels = {code: escape(str(label)) for code, label in PLATEAU_LABEL.items()}
    streep = "–"  # the plateau filter for a bouwsteen without one
    delen = []
    for r in rijen:
        delen.append(
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">'
            f"{escape(str(r['naam']))}</th>\n    "
        )
        if scan := r["scan"]:
            op = dateformat.format(timezone.localtime(scan.afgerond_op), formaat) if scan.afgerond_op else ""
            plateaus = r["plateaus"]
            delen.append(
                f'<td class="utrecht-table__cell">{escape(op)}</td>'
                f'<td class="utrecht-table__cell">{gehaald if r["basisniveau"] else niet_gehaald}</td>'
                f'<td class="utrecht-table__cell">{ja if r["aandachtsfunctionaris"] else nee}</td>\n      '
                + "".join(f'<td class="utrecht-table__cell">{labels.get(plateaus.get(c), streep)}</td>' for c in codes)
                + "\n    "
            )
        else:
            delen.append(geen)
        delen.append("</tr>")
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped
