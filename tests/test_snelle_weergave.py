"""Issue 14 item 10: rendering shortcuts that must give exactly what Django gives.

- ``get_FOO_display`` reads one label map per field and language (kompas.core.keuzelabels);
- the form renderer writes the select, option, textarea and input templates in Python
  (kompas.core.widgets.WidgetRenderer)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.db.models import Model
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kompas.core import keuzelabels
from kompas.core.widgets import DatumInput, WidgetRenderer


def _kompas_choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("kompas."):
            continue
        for field in model._meta.local_fields:
            if field.choices and not isinstance(field.choices, CallableChoiceIterator):
                yield model, field


def test_every_kompas_choice_field_has_the_shared_label_map():
    velden = list(_kompas_choice_fields())
    assert len(velden) > 20
    for model, field in velden:
        methode = model.__dict__.get(f"get_{field.name}_display")
        if methode is not None and hasattr(methode, "func"):  # not a model's own method
            assert methode.func is keuzelabels._get_field_display, (model, field.name)


def test_labels_equal_djangos_for_every_value_and_an_unknown_one():
    for model, field in _kompas_choice_fields():
        obj = model()
        for value in [k for k, _v in field.flatchoices] + ["onbekend-xyz", None, ""]:
            setattr(obj, field.attname, value)
            naam = f"get_{field.name}_display"
            assert getattr(obj, naam)() == Model._get_FIELD_display(obj, field), (model, field.name, value)


def test_the_map_is_built_once_per_language(monkeypatch):
    from kompas.meldroute.models import Signaal

    field = Signaal._meta.get_field("status")
    field.__dict__.pop(keuzelabels._ATTR, None)
    gebouwd = []
    echt = keuzelabels.force_str
    monkeypatch.setattr(keuzelabels, "force_str", lambda v, **kw: gebouwd.append(v) or echt(v, **kw))
    s = Signaal(status=field.flatchoices[0][0])
    for _ in range(5):
        s.get_status_display()
    per_map = len(field.flatchoices)
    assert len(gebouwd) == per_map + 5  # one map (a label per choice), then one force_str per call
    with translation.override("en"):
        s.get_status_display()
    assert set(field.__dict__[keuzelabels._ATTR]) == {"nl", "en"}  # a map of its own per language
    assert len(gebouwd) == 2 * per_map + 6


class _Alles(forms.Form):
    keuze = forms.ChoiceField(choices=[("", "---------"), ("a", "Eén"), ("b", "<Twee & drie>")], required=False)
    getal_keuze = forms.TypedChoiceField(choices=[(1, 1000), (2, gettext_lazy("Twee"))], coerce=int)
    groepen = forms.ChoiceField(
        choices=[("Groep <A>", [("a1", "A1"), ("a2", "A2")]), ("los", "Los"), ("Groep B", [("b1", "B1")])]
    )
    meerdere = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False)
    tekst = forms.CharField(max_length=20, help_text="hulp", required=False)
    veilig = forms.CharField(required=False)
    getal = forms.IntegerField(min_value=1, max_value=3650, required=False)
    bedrag = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    wachtwoord = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    verborgen = forms.CharField(widget=forms.HiddenInput, required=False)
    datum = forms.DateField(widget=DatumInput, required=False)
    django_datum = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)
    toelichting = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    vinkje = forms.BooleanField(required=False)
    bestand = forms.FileField(required=False)
    zoek = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "weg": False}))


_DATA = [
    None,
    {},
    {
        "keuze": "b",
        "getal_keuze": "2",
        "groepen": "a2",
        "meerdere": ["x", "z"],
        "tekst": "<script>\"'&",
        "veilig": mark_safe("<b>veilig</b>"),
        "getal": "12345",
        "bedrag": "1234.50",
        "email": "a@b.nl",
        "url": "https://x.nl/?a=1&b=2",
        "wachtwoord": "geheim",
        "verborgen": "v",
        "datum": "2026-12-05",
        "django_datum": "05-12-2026",
        "moment": "2026-12-05 10:00",
        "toelichting": "regel 1\n<regel 2>",
        "vinkje": "on",
        "zoek": "loverboy",
    },
]


@pytest.mark.parametrize("data", _DATA)
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_widget_renderer_gives_djangos_html(data, taal, settings):
    settings.USE_THOUSAND_SEPARATOR = True  # localised values would show it
    snel, django = WidgetRenderer(), DjangoTemplates()
    initial = {
        "getal": 2500,
        "bedrag": Decimal("1234.5"),
        "moment": datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC),
    }
    with translation.override(taal):
        for veld in _Alles(data, initial=initial):
            for attrs in (None, {"class": "utrecht-select", "aria-required": "true", "aria-invalid": "true"}):
                verwacht = veld.as_widget(attrs=attrs and dict(attrs))
                veld.form.renderer = snel
                gekregen = veld.as_widget(attrs=attrs and dict(attrs))
                veld.form.renderer = django
                assert gekregen == verwacht, veld.name


def test_widget_renderer_leaves_other_templates_to_django():
    snel = WidgetRenderer()
    radio = forms.RadioSelect(choices=[("a", "A")]).render("r", "a", renderer=snel)
    assert radio == forms.RadioSelect(choices=[("a", "A")]).render("r", "a", renderer=DjangoTemplates())

    class EigenOptie(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    w = EigenOptie(choices=[("a", "A")])
    assert w.render("s", "a", renderer=snel) == w.render("s", "a", renderer=DjangoTemplates())
    assert str(_Alles()) == str(_Alles(renderer=DjangoTemplates()))


def test_widget_renderer_needs_no_template_for_the_common_widgets(monkeypatch):
    def geen_template(self, naam):
        raise AssertionError(naam)

    monkeypatch.setattr(WidgetRenderer, "get_template", geen_template)
    form = _Alles(_DATA[2], renderer=WidgetRenderer())
    for naam in ("keuze", "groepen", "meerdere", "tekst", "getal", "datum", "toelichting", "vinkje", "zoek"):
        assert form[naam].as_widget()


class _Velden(_Alles):
    """Every kind of field components/field.html knows, required and optional, with help."""

    radio = forms.ChoiceField(choices=[("ja", "Ja"), ("nee", "<Nee>")], widget=forms.RadioSelect, help_text="kies")
    vinkjes = forms.MultipleChoiceField(
        choices=[("p", "P & Q"), ("r", "R")], widget=forms.CheckboxSelectMultiple, required=False
    )
    verplicht_vinkje = forms.BooleanField(help_text="<b>uitleg</b>", label="Akkoord?")
    verplicht = forms.CharField(label="Wat heeft u gezien?", error_messages={"required": "Vul dit in."})


@pytest.mark.parametrize("data", [*_DATA, {"radio": "misschien", "vinkjes": ["zz"], "getal": "x", "email": "nee"}])
@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("zonder_markering", [False, True])
def test_formulierveld_gives_exactly_what_field_html_gives(data, taal, zonder_markering):
    """The tag that renders every form field (kompas_tags.formulierveld) against the template it
    replaced (components/field.html and its two includes, kept as the reference in
    tests/sjablonen): unbound, empty, filled, invalid."""
    from pathlib import Path

    from django.template import Context, Engine
    from django.template.loader import render_to_string

    from kompas.core.templatetags.kompas_tags import formulierveld

    engine = Engine(
        dirs=[Path(__file__).parent / "sjablonen"],
        libraries={"i18n": "django.templatetags.i18n", "kompas_tags": "kompas.core.templatetags.kompas_tags"},
    )
    sjabloon = engine.get_template("field_referentie.html")
    with translation.override(taal):
        form = _Velden(data)
        form.is_valid() if data is not None else None
        for veld in form:
            verwacht = sjabloon.render(Context({"field": veld, "zonder_markering": zonder_markering}))
            assert formulierveld(veld, zonder_markering) == verwacht, veld.name
            # and the include the apps' templates use gives the same
            assert render_to_string("components/field.html", {"field": veld, "zonder_markering": zonder_markering}) == (
                verwacht
            ), veld.name
