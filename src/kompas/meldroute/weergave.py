"""Hot fragments of the meldroute pages written out in Python.

The inbox shows up to 50 signals; in the template each row cost a ``{% url %}``, a date filter,
three labels and two translations through the template engine: about three quarters of the
page's time. Here a row is a few string joins. The HTML is the same, character for character,
as the template fragment it replaces (``tests/test_meldroute_snel.py`` renders both)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # Django's escape is this (with str()), without its lazy-string wrapper per call

from django.urls import reverse
from django.utils.dateformat import format as datum
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from kompas.core.keuzelabels import labels
from kompas.meldroute.constants import Vorm
from kompas.meldroute.models import Signaal

_PK = 987654321  # a stand-in key, replaced by each row's own: one reverse() for the whole table


def inbox_rijen(signalen: Iterable[Signaal]) -> SafeString:
    """The ``<tr>`` rows of the inbox table (referentie with its link, gemeld, vorm, sector,
    status, flags) for signals with ``is_te_laat`` annotated (see ``selectors.inbox``)."""
    voor, na = (escape(deel) for deel in reverse("meldroute:signaal", args=[_PK]).split(str(_PK)))
    acuut = f'<strong class="kompas-flag">{escape(gettext("Acuut"))}</strong> '
    te_laat = f'<strong class="kompas-flag">{escape(gettext("Wacht te lang"))}</strong>'
    cel = '</td><td class="utrecht-table__cell">'
    # what the template asked per row, once per table: the date format and the label maps
    formaat = get_format("SHORT_DATE_FORMAT")
    vormen = [(f"vorm_{v}", str(label)) for v, label in Vorm.choices]  # Signaal.get_vormen_display
    sectoren = labels(Signaal._meta.get_field("sector"))
    standen = labels(Signaal._meta.get_field("status"))
    rijen = []
    for s in signalen:
        gemeld = datum(template_localtime(s.aangemaakt_op), formaat) if s.aangemaakt_op else ""
        vorm = ", ".join([label for veld, label in vormen if getattr(s, veld)])
        let_op = f"{acuut if s.acuut else ''}{te_laat if s.is_te_laat else ''}"
        rijen.append(
            f'<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" '
            f'href="{voor}{s.pk}{na}">{escape(str(s.referentie))}</a>{cel}{escape(gemeld)}{cel}'
            f"{escape(vorm)}{cel}{escape(str(sectoren.get(s.sector, s.sector)))}{cel}"
            f"{escape(str(standen.get(s.status, s.status)))}{cel}{let_op}</td></tr>"
        )
    return mark_safe("".join(rijen))  # noqa: S308 - every value above is escaped
