"""Date fields round-trip in every form of Kompas (issue 13 item 4).

A browser keeps the value of an ``<input type=date>`` only if it is an ISO date (2026-11-30);
anything else, such as the Dutch 30-11-2026 a plain DateInput renders, is shown and submitted
as empty. Saving a wave's settings thereby deleted its open period and closed the wave. These
tests render each date field as the browser receives it, apply the browser's rule, submit what
is left and expect the same date back."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

DATUM = date(2026, 11, 30)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def als_browser(widget_html: str) -> str:
    """The value a browser submits for this input: the HTML value sanitization of type=date
    turns a value that is not a valid ISO date into the empty string."""
    m = re.search(r'value="([^"]*)"', widget_html)
    waarde = html.unescape(m.group(1)) if m else ""
    if re.search(r'type="date"', widget_html) and not ISO.fullmatch(waarde):
        return ""
    return waarde


def _alle_formulieren() -> list[type[forms.BaseForm]]:
    import kompas.urls  # noqa: F401 - imports every app's views and so every form

    gevonden, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("kompas."):
            gevonden.append(cls)
    return gevonden


def _datumvelden():
    return [
        (f"{cls.__module__}.{cls.__name__}.{naam}", veld)
        for cls in _alle_formulieren()
        for naam, veld in getattr(cls, "base_fields", {}).items()
        if isinstance(veld, forms.DateField)
    ]


def test_the_search_finds_the_known_date_fields():
    namen = {n.rsplit(".", 2)[-2] + "." + n.rsplit(".", 1)[-1] for n, _v in _datumvelden()}
    assert {
        "MetingForm.open_van",
        "MetingForm.open_tot",
        "PeriodeForm.open_van",
        "PeriodeForm.open_tot",
        "AuditSearchForm.van",
        "PartnerVerzoekForm.deadline",
    } <= namen


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_every_date_field_round_trips_through_the_browser(taal):
    fouten = []
    with translation.override(taal):
        for naam, veld in _datumvelden():
            widget_html = veld.widget.render("d", veld.prepare_value(DATUM))
            waarde = als_browser(widget_html)
            try:
                terug = veld.clean(waarde)
            except forms.ValidationError as exc:
                terug = exc.messages
            if terug != DATUM:
                fouten.append(f"{naam}: {widget_html} → {waarde!r} → {terug!r}")
            # a text field whose label asks for dd-mm-jjjj shows the date that way, in any language
            if "dd-mm-jjjj" in str(veld.label or "") + str(veld.help_text or "") and waarde != "30-11-2026":
                fouten.append(f"{naam}: label vraagt dd-mm-jjjj, veld toont {waarde!r}")
    assert not fouten, "\n".join(fouten)


def test_saving_only_the_reminder_keeps_the_wave_open(login, make_member):
    """What an analyst's browser does on the wave page: submit the settings form as rendered,
    with only 'Herinnering na' changed."""
    from kompas.accounts.constants import Rol
    from kompas.monitor.models import Meting
    from tests.monitor_world import meting, wereld

    wereld()
    vandaag = timezone.localdate()
    m = meting(open_van=vandaag - timedelta(days=3), open_tot=vandaag + timedelta(days=30))
    c = login(make_member(Rol.ANALIST))
    url = reverse("monitor:meting", args=[m.code])
    r = c.get(url)
    assert "Open voor antwoorden." in r.content.decode()
    form = r.context["periode_form"]
    data = {}
    for naam in form.fields:
        veld_html = str(form[naam])
        data[naam] = (
            html.unescape(re.search(r">(.*)</textarea>", veld_html, re.S).group(1)).strip()
            if "<textarea" in veld_html
            else als_browser(veld_html)
        )
    assert data["open_van"] == (vandaag - timedelta(days=3)).isoformat()
    data["herinnering_na_dagen"] = "10"
    r = c.post(url, data)
    assert r.status_code == 302
    m = Meting.objects.get(pk=m.pk)
    assert (m.herinnering_na_dagen, m.open_van, m.open_tot) == (
        10,
        vandaag - timedelta(days=3),
        vandaag + timedelta(days=30),
    )
    assert m.is_open() and "Open voor antwoorden." in c.get(url).content.decode()
