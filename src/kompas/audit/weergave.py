"""The rows of the audit search written out in Python: the same HTML, character for character,
as the template loop they replace (tests/test_audit_snel.py compares the two). Fifty rows
of five cells, each with a reverse(), a localised date and a translated label, cost more
than the rest of the page together."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape does for a str, without its lazy wrapper
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kompas.audit.models import OVERRIDE_DETAIL, Actie

KOLOMMEN = ("pk", "tijdstip", "user_repr", "actie", "object_repr", "doel", "details")
_PLEK = 918273645  # an id no row has: its address is split around it
# the numeric specifiers of Django's date formats, as str.format fields of a datetime
_VELDEN = {
    "d": "{0.day:02d}",
    "m": "{0.month:02d}",
    "Y": "{0.year:04d}",
    "H": "{0.hour:02d}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}


def datumformaat(formaat: str):
    """``dateformat.format(value, formaat)`` as a function of ``value``: for a format of only
    numeric specifiers and punctuation (the Dutch ``d-m-Y H:i``) one ``str.format``, the
    same text for a fraction of the cost; any other format through Django."""
    if all(c in _VELDEN or not (c.isalpha() or c in "\\{}") for c in formaat):
        sjabloon = "".join(_VELDEN.get(c, c) for c in formaat)
        return sjabloon.format
    return lambda value: dateformat.format(value, formaat)


def regels_html(regels, terug: str = "") -> SafeString:
    """The ``<tr>`` of each audit row (``pk``, ``tijdstip``, ``user_repr``, ``actie``,
    ``object_repr``, ``doel``, ``details``), as ``audit/list.html`` wrote them. ``terug``: the
    search (a query string) the row's page leads back to."""
    voor, na = reverse("audit:detail", args=[_PLEK]).split(str(_PLEK))
    if terug:
        na += escape("?" + urlencode({"terug": terug}))
    datum = datumformaat(get_format("SHORT_DATETIME_FORMAT"))
    labels = {waarde: escape(str(label)) for waarde, label in Actie.choices}
    vlag = f'<strong class="kompas-flag">{escape(gettext("Zonder toestemming"))}</strong> '
    cel = '</td><td class="utrecht-table__cell">'
    delen = []
    for e in regels:
        details = e["details"]
        delen.append(
            f'<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" '
            f'href="{voor}{e["pk"]}{na}">{escape(datum(timezone.localtime(e["tijdstip"])))}</a>'
            f"{cel}{escape(e['user_repr'])}{cel}{labels.get(e['actie']) or escape(e['actie'])}{cel}"
            f"{escape(e['object_repr'])}{cel}"
            f"{vlag if isinstance(details, dict) and details.get(OVERRIDE_DETAIL) else ''}"
            f"{escape(e['doel'] or '–')}</td></tr>"
        )
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped
