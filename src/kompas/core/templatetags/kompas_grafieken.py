"""``{% grafiek tabel %}``: the chart of a figures table (see kompas.core.grafieken), and
``|binnen_dagen`` for lead times in words."""

import re

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompas.core.grafieken import heeft_waarden, kolommen, staven

register = template.Library()

_MAAND_JAAR = re.compile(r"^(\w+) (\d{4})$")


def _kort(label: str) -> str:
    """'december 2026' -> "dec '26" below a column; other labels stay as they are."""
    m = _MAAND_JAAR.match(label)
    return f"{m.group(1)[:3]} '{m.group(2)[2:]}" if m else label


@register.simple_tag
def grafiek(tabel, eenheid: str = ""):
    rijen = [(str(label), waarde) for label, waarde in tabel.rijen]
    if not heeft_waarden(rijen):
        return ""
    if getattr(tabel, "grafiek", "staven") == "kolommen":
        return kolommen(rijen, titel=str(tabel.titel), korte_labels=[_kort(label) for label, _w in rijen])
    return staven(rijen, titel=str(tabel.titel), eenheid=eenheid)


@register.filter
def binnen_dagen(n) -> str:
    """0 -> 'op dezelfde dag', 1 -> 'binnen 1 dag', 12 -> 'binnen 12 dagen'."""
    n = int(n)
    if n == 0:
        return _("op dezelfde dag")
    return ngettext("binnen %(n)s dag", "binnen %(n)s dagen", n) % {"n": n}
