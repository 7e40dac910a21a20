"""Forms as NL Design System (Utrecht) form fields (issue 14 item 5): no error styling before
the user has submitted, one convention for optional and required, clean Dutch errors, no
'---------', and the Utrecht select, radio and checkbox components."""

import importlib
import re

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.urls import reverse

from kompas.accounts.constants import Rol
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

HTML_REQUIRED = re.compile(r"<(input|select|textarea)\b[^>]*\srequired(\s|>|=)")
NIET_VERPLICHT = "(niet verplicht)"


class VoorbeeldForm(forms.Form):
    wat = forms.CharField(label="Wat heeft u gezien of gehoord?", widget=forms.Textarea)
    postcode = forms.CharField(label="Postcode")
    sector = forms.ChoiceField(label="Sector", choices=[("", "---------"), ("bouw", "Bouw")])
    vorm = forms.ChoiceField(label="Vorm", choices=[("a", "Arbeid"), ("b", "Seksueel")], widget=forms.RadioSelect)
    vormen = forms.MultipleChoiceField(
        label="Vormen", choices=[("a", "Arbeid"), ("b", "Seksueel")], widget=forms.CheckboxSelectMultiple
    )
    akkoord = forms.BooleanField(label="Ik ga akkoord")
    toelichting = forms.CharField(label="Toelichting", required=False)
    bijlage = forms.ChoiceField(label="Soort bijlage", required=False, choices=[("", "---------"), ("foto", "Foto")])


def _render(form, **ctx) -> str:
    return Template('{% include "components/form.html" %}').render(Context({"form": form, **ctx}))


def test_an_untouched_form_shows_no_error_styling():
    html = _render(VoorbeeldForm())
    assert not HTML_REQUIRED.search(html), "HTML required makes :invalid paint empty fields red"
    assert html.count('aria-required="true"') == 3  # text, textarea, select (the groups say it in words)
    assert "invalid" not in html and "utrecht-alert--error" not in html


def test_the_utrecht_components_are_used():
    html = _render(VoorbeeldForm())
    assert 'class="utrecht-select utrecht-select--html-select"' in html
    assert html.count("utrecht-radio-button utrecht-radio-button--html-input") == 2
    assert html.count("utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom") == 3
    assert "utrecht-textarea utrecht-textarea--html-textarea" in html and "utrecht-form-field-description" not in html
    assert "---------" not in html and html.count(">Maak een keuze</option>") == 2


def test_one_convention_for_optional_and_required():
    html = _render(VoorbeeldForm())
    # optional fields say so once; required ones carry no marker at all
    assert html.count(NIET_VERPLICHT) == 2
    assert re.search(r"Toelichting <span class=\"kompas-optional\">\(niet verplicht\)</span>", html)
    assert "(verplicht)" not in html and "Postcode <span" not in html
    # in a search or filter form every field is optional: no marker
    assert NIET_VERPLICHT not in _render(VoorbeeldForm(), zonder_markering=True)


def test_errors_after_submit_are_clean_dutch_sentences():
    form = VoorbeeldForm(data={"sector": "ruimtevaart"})
    html = _render(form)
    assert "Dit veld is vereist" not in html and "?:" not in html and "geen beschikbare keuze" not in html
    for zin in (
        "Vul ‘Wat heeft u gezien of gehoord?’ in.",
        "Vul ‘Postcode’ in.",
        "Kies een van de mogelijkheden bij ‘Sector’.",
        "Kies een antwoord bij ‘Vorm’.",
        "Kies minstens één antwoord bij ‘Vormen’.",
        "Vink ‘Ik ga akkoord’ aan om verder te gaan.",
    ):
        assert html.count(zin) == 2, zin  # in the summary and at the field
    assert 'aria-invalid="true"' in html and "utrecht-textbox--invalid" in html and "utrecht-select--invalid" in html
    assert 'href="#id_vorm_0"' in html  # the summary links to the first radio


def test_a_custom_message_keeps_its_words_and_gets_its_field_in_the_summary():
    class Form(forms.Form):
        code = forms.CharField(label="Postcode", error_messages={"required": "Zonder dit kunnen we niet zoeken."})
        wanneer = forms.DateField(label="Wanneer?")

    html = _render(Form(data={"wanneer": "31-02-2026"}))
    assert "Postcode: Zonder dit kunnen we niet zoeken." in html  # summary
    assert '<p class="utrecht-paragraph">Zonder dit kunnen we niet zoeken.</p>' in html  # at the field
    assert "Wanneer? Voer een geldige datum in." in html


def _alle_formulieren():
    for app in apps.get_app_configs():
        if not app.name.startswith("kompas."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for naam in dir(module):
            klasse = getattr(module, naam)
            if isinstance(klasse, type) and issubclass(klasse, forms.BaseForm) and klasse.__module__ == module.__name__:
                yield klasse


def test_no_label_marks_itself_optional_or_required():
    """The field component adds '(niet verplicht)'; a label that says it too reads it twice."""
    gezien = 0
    for klasse in _alle_formulieren():
        for naam, veld in klasse.base_fields.items():
            gezien += 1
            assert not re.search(r"verplicht|optioneel", str(veld.label or ""), re.IGNORECASE), (
                klasse.__name__,
                naam,
                veld.label,
            )
    from kompas.zelfscan.forms import ScanForm

    for naam, veld in ScanForm().fields.items():
        assert not re.search(r"verplicht|optioneel", str(veld.label), re.IGNORECASE), naam
    assert gezien > 30


@pytest.fixture
def gemeente_users(db):
    org = OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")
    return {rol: member(rol, org) for rol in (Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS, Rol.BELEIDSADVISEUR)}


@pytest.mark.parametrize(
    ("rol", "url", "zoeken"),
    [
        (Rol.MEDEWERKER, reverse("meldroute:melden"), False),
        (Rol.AANDACHTSFUNCTIONARIS, reverse("meldroute:inbox"), True),
        (Rol.BELEIDSADVISEUR, reverse("kennisbank:bibliotheek"), True),
        (Rol.BELEIDSADVISEUR, reverse("zelfscan:fte"), True),
    ],
)
def test_real_pages_follow_the_conventions(gemeente_users, rol, url, zoeken):
    html = verified_client(gemeente_users[rol]).get(url).content.decode()
    assert "<form" in html
    assert not HTML_REQUIRED.search(html)
    assert "---------" not in html and "(niet verplicht) (niet verplicht)" not in html and "(optioneel)" not in html
    main = html.split('id="inhoud"', 1)[1]
    assert (NIET_VERPLICHT in main) is not zoeken, (
        "search and filter fields carry no marker; a form with optional fields does"
    )


def test_styles_come_from_npm_with_only_tokens_filled_in(db):
    """The Utrecht component CSS is served from node_modules; Kompas only fills the tokens the
    Rijkshuisstijl set leaves empty (the select's arrow) and keeps badges whole ('Acu/ut')."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    assert any("@utrecht" in str(pad) for _prefix, pad in settings.STATICFILES_DIRS)
    assert finders.find("nlds/utrecht/index.css")
    from pathlib import Path

    eigen = Path(finders.find("kompas/formulieren.css")).read_text(encoding="utf-8")
    assert "--utrecht-select-background-image: url(" in eigen
    assert "appearance" not in eigen  # no component rules copied in
    kompas = Path(finders.find("kompas/kompas.css")).read_text(encoding="utf-8")
    assert re.search(r"\.kompas-flag \{[^}]*white-space: nowrap", kompas)
    html = verified_client(member(Rol.MEDEWERKER, OrganisatieFactory())).get(reverse("core:dashboard")).content.decode()
    assert "kompas/formulieren.css" in html and "nlds/utrecht/index.css" in html
