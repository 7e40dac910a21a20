"""The search results of the kennisbank written out in Python: the same HTML, character for
character, as the template loop it replaces (tests/test_kennisbank_snel.py compares the two).
A search lists up to a few hundred articles; the template loop (a reverse(), two display
labels and four escaped values per row) cost more than the rest of the page together."""

from __future__ import annotations

import hashlib
import re
from html import escape  # what django.utils.html.escape does for a str, without its lazy wrapper

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from kompas.kennisbank import selectors
from kompas.kennisbank.models import Artikel
from kompas.kennisbank.policies import policy

CACHE_SECONDEN = 24 * 3600

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLEK = "0kompas-slug0"


def resultaten_html(treffers) -> SafeString:
    """The ``<li>`` of each hit, as ``kennisbank/bibliotheek.html`` wrote them."""
    adres = reverse("kennisbank:artikel", args=[_PLEK])
    voor, na = adres.split(_PLEK)
    bouwstenen = {k: escape(str(v)) for k, v in Artikel._meta.get_field("bouwsteen").flatchoices}
    soorten = {k: escape(str(v)) for k, v in Artikel._meta.get_field("soort").flatchoices}
    concept = f" <strong>({escape(gettext('concept'))})</strong>"
    delen = []
    for a in treffers:
        # a slug is ASCII letters, digits, - and _ (SlugField): reverse() would not quote it
        url = f"{voor}{a.slug}{na}" if _SLUG.fullmatch(a.slug) else reverse("kennisbank:artikel", args=[a.slug])
        delen.append(
            f'\n  <li><a class="utrecht-link" href="{escape(url)}">{escape(a.titel)}</a>'
            f"{concept if a.status == 'concept' else ''}<br>"
            f'<span class="kompas-muted">{bouwstenen.get(a.bouwsteen) or escape(a.bouwsteen)} · '
            f"{soorten.get(a.soort) or escape(a.soort)}</span><br>{escape(a.samenvatting)}</li>\n"
        )
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


def artikel_versie() -> tuple:
    """The version of the articles: count, highest id and latest change, in one query. Every
    article saved (:func:`kompas.kennisbank.services.opslaan` also indexes it for search),
    published, reverted, added or removed gives another version, also when another process
    made the change."""
    t = connection.ops.quote_name(Artikel._meta.db_table)
    with connection.cursor() as c:
        c.execute(f"SELECT COUNT(*), MAX(id), MAX(bijgewerkt_op) FROM {t}")  # noqa: S608 - table name from the model
        return tuple(c.fetchone())


def resultaten(actor, q: str = "", bouwsteen: str = "", rol: str = "", soort: str = "") -> tuple[int, SafeString]:
    """The number of hits and their HTML for this search, from the cache while the articles
    keep their version. What a search finds depends only on the articles, the query and
    whether the actor may see drafts (a redacteur): nothing personal is cached."""
    concepten = policy.allows(actor, "redigeren")
    sleutel = (
        "kennisbank.zoek:"
        + hashlib.sha256(
            repr((q, bouwsteen, rol, soort, concepten, get_language(), artikel_versie())).encode()
        ).hexdigest()
    )
    gevonden = cache.get(sleutel)
    if gevonden is None:
        treffers = selectors.zoek(actor, q, bouwsteen, rol, soort)
        gevonden = (len(treffers), str(resultaten_html(treffers)))
        cache.set(sleutel, gevonden, CACHE_SECONDEN)
    return gevonden[0], mark_safe(gevonden[1])  # noqa: S308 - made by resultaten_html


def redactie_regels_html(artikelen) -> SafeString:
    """The ``<tr>`` of each article in the editors' table (``slug``, ``titel``, ``bouwsteen``,
    ``status``, ``versie``), as ``kennisbank/redactie.html`` wrote them."""
    bewerken_voor, bewerken_na = reverse("kennisbank:bewerken", args=[_PLEK]).split(_PLEK)
    versies_voor, versies_na = reverse("kennisbank:versies", args=[_PLEK]).split(_PLEK)
    bouwstenen = {k: escape(str(v)) for k, v in Artikel._meta.get_field("bouwsteen").flatchoices}
    statussen = {k: escape(str(v)) for k, v in Artikel.Status.choices}
    versies_van = escape(gettext("versies van"))
    cel = '<td class="utrecht-table__cell">'
    delen = []
    for a in artikelen:
        slug, titel = a["slug"], escape(a["titel"])
        if _SLUG.fullmatch(slug):
            bewerken, versies = f"{bewerken_voor}{slug}{bewerken_na}", f"{versies_voor}{slug}{versies_na}"
        else:
            bewerken = reverse("kennisbank:bewerken", args=[slug])
            versies = reverse("kennisbank:versies", args=[slug])
        delen.append(
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">'
            f'<a class="utrecht-link" href="{escape(bewerken)}">{titel}</a></th>'
            f"{cel}{bouwstenen.get(a['bouwsteen']) or escape(a['bouwsteen'] or '')}</td>"
            f"{cel}{statussen.get(a['status']) or escape(a['status'])}</td>"
            f'{cel}<a class="utrecht-link" href="{escape(versies)}">{escape(str(localize(a["versie"])))}'
            f'<span class="kompas-visually-hidden"> – {versies_van} {titel}</span></a></td></tr>'
        )
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped
