"""Hot fragments of the meldroute pages written out in Python.

The inbox shows up to 50 signals; in the template each row cost a ``{% url %}``, a date filter,
three labels and two translations through the template engine: about three quarters of the
page's time. Here a row is a few string joins. Likewise the seven steps of a case file, the
signaalkaart of the report form and the rows of the figures' tables. The HTML is the same,
character for character, as the template fragment each replaces (``tests/test_meldroute_snel.py``
renders both). As in a template, a ``{% translate %}`` of a literal is not escaped and every
value is (``_waarde`` is ``{{ value }}``)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # Django's escape is this (with str()), without its lazy-string wrapper per call

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kompas.core.datums import datum, kort
from kompas.core.keuzelabels import labels
from kompas.core.widgets import sjabloonwaarde as _waarde
from kompas.meldroute.constants import Vorm
from kompas.meldroute.models import Signaal

_PK = 987654321  # a stand-in key, replaced by each row's own: one reverse() for the whole table


def inbox_rijen(signalen: Iterable[Signaal]) -> SafeString:
    """The ``<tr>`` rows of the inbox table (referentie with its link, gemeld, vorm, sector,
    status, flags) for signals with ``is_te_laat`` annotated (see ``selectors.inbox``)."""
    voor, na = (escape(deel) for deel in reverse("meldroute:signaal", args=[_PK]).split(str(_PK)))
    acuut = f'<strong class="kompas-flag">{gettext("Acuut")}</strong> '
    te_laat = f'<strong class="kompas-flag">{gettext("Wacht te lang")}</strong>'
    cel = '</td><td class="utrecht-table__cell">'
    # what the template asked per row, once per table: the label maps
    vormen = [(f"vorm_{v}", str(label)) for v, label in Vorm.choices]  # Signaal.get_vormen_display
    sectoren = labels(Signaal._meta.get_field("sector"))
    standen = labels(Signaal._meta.get_field("status"))
    rijen = []
    for s in signalen:
        gemeld = kort(s.aangemaakt_op)
        vorm = ", ".join([label for veld, label in vormen if getattr(s, veld)])
        let_op = f"{acuut if s.acuut else ''}{te_laat if s.is_te_laat else ''}"
        rijen.append(
            f'<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" '
            f'href="{voor}{s.pk}{na}">{escape(str(s.referentie))}</a>{cel}{escape(gemeld)}{cel}'
            f"{escape(vorm)}{cel}{escape(str(sectoren.get(s.sector, s.sector)))}{cel}"
            f"{escape(str(standen.get(s.status, s.status)))}{cel}{let_op}</td></tr>"
        )
    return mark_safe("".join(rijen))  # noqa: S308 - every value above is escaped


def stappen_html(stappen, gesloten: bool) -> SafeString:
    """The ``<li>`` of each step in the case file's step indicator (``workflow.stappen``)."""
    standen = {
        "gedaan": f'<span aria-hidden="true">✓ </span>{gettext("Gedaan")}',
        "huidig": f'<span aria-hidden="true">● </span>{gettext("Hier staat het signaal nu")}',
        "overgeslagen": f'<span aria-hidden="true">– </span>{gettext("Overgeslagen")}',
    }
    nog_niet = f'<span aria-hidden="true">○ </span>{gettext("Nog niet")}'
    afgesloten = f" ({gettext('afgesloten')})"
    stap_n = gettext("Stap %(n)s")
    delen = []
    for stap in stappen:
        slot = gesloten and stap.nummer == 7
        huidig = ' aria-current="step"' if stap.stand == "huidig" or slot else ""
        stand = f"{standen.get(stap.stand, nog_niet)}{afgesloten if slot else ''}"
        wat = ""
        if stap.tijdstip:
            door = f", {_waarde(stap.door)}" if stap.door else ""
            wat = f'<span class="kompas-stap__wat">{_waarde(stap.wat)}: {escape(datum(stap.tijdstip))}{door}</span>'
        delen.append(
            f'\n    <li class="kompas-stap kompas-stap--{_waarde(stap.stand)}"{huidig}>\n'
            f'      <span class="kompas-stap__nummer">{stap_n % {"n": _waarde(stap.nummer)}}</span>\n'
            f'      <span class="kompas-stap__label">{_waarde(stap.label)}</span>\n'
            f'      <span class="kompas-stap__stand">{stand}</span>\n'
            f"      {wat}\n    </li>\n    "
        )
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


def signaalkaart_html(signaalkaart) -> SafeString:
    """The fieldset of each form of exploitation with its indicator checkboxes in the report
    form (``(vorm label, [(code, label, checked), …])``, see ``MeldenView``)."""
    delen = []
    for vorm, items in signaalkaart:
        delen.append(
            '\n    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset kompas-subfieldset">\n'
            '      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">'
            f"{_waarde(vorm)}</legend>\n      "
        )
        for code, label, checked in items:
            code = _waarde(code)
            delen.append(
                '\n      <div class="utrecht-form-field utrecht-form-field--checkbox">\n'
                '        <div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox '
                'utrecht-checkbox--html-input utrecht-checkbox--custom" name="indicatoren" '
                f'value="{code}" id="ind-{code}"{" checked" if checked else ""}></div>\n'
                '        <div class="utrecht-form-field__label"><label class="utrecht-form-label '
                f'utrecht-form-label--checkbox" for="ind-{code}">{_waarde(label)}</label></div>\n'
                "      </div>\n      "
            )
        delen.append("\n    </fieldset>\n    ")
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


def tabel_rijen(rijen) -> SafeString:
    """The ``<tr>`` rows of one table of the figures: (label, number or suppressed cell)."""
    if not rijen:
        return mark_safe(
            '<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="2">'
            f"{gettext('Nog geen signalen.')}</td></tr>"
        )  # noqa: S308 - a translation of a literal, as the template gave it
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{_waarde(label)}</th>'
            f'<td class="utrecht-table__cell utrecht-table__cell--numeric">{_waarde(n)}</td></tr>'
            for label, n in rijen
        )
    )
