"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime


class DatumInput(forms.DateInput):
    """The browser's date picker (``type=date``). Browsers accept only ISO dates (2026-11-30) as
    its value and show an empty field for anything else, such as the Dutch 30-11-2026 that a
    plain DateInput renders: a saved form then silently cleared the date. The value is
    therefore always ISO; the browser shows it in the user's own format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The widget templates of django/forms/templates that are plain <input>s: each only includes input.html.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{naam}.html"
    for naam in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_TEXTAREA = "django/forms/widgets/textarea.html"


def sjabloonwaarde(value) -> str:
    """``{{ value }}`` in an autoescaping template (``render_value_in_context``)."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _stringformat(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    try:
        tekst = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 - Django's filter
    except (ValueError, TypeError):
        tekst = ""
    return conditional_escape(mark_safe(tekst) if isinstance(value, SafeData) else tekst)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    delen = []
    for naam, value in attrs.items():
        if value is False:
            continue
        delen.append(
            f" {sjabloonwaarde(naam)}" if value is True else f' {sjabloonwaarde(naam)}="{_stringformat(value)}"'
        )
    return "".join(delen)


class WidgetRenderer(DjangoTemplates):
    """Django's form renderer, with the select, option, textarea and plain input templates
    written out in Python: the same HTML, character for character, without a template include
    per option (a filter form with three selects cost more than the table beside it).
    Any other template, or a widget that names its own, is rendered by Django's templates;
    ``tests/test_widget_renderer.py`` compares both for every widget kind the fast path takes."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if len(context) == 1 else None
        if widget is None:
            return super().render(template_name, context, request=request)
        if template_name in _INPUT_TEMPLATES:
            waarde = widget["value"]
            html = f'<input type="{sjabloonwaarde(widget["type"])}" name="{sjabloonwaarde(widget["name"])}"'
            if waarde != None:  # noqa: E711 - the template's comparison
                html += f' value="{_stringformat(waarde)}"'
            return f"{html}{_attrs(widget['attrs'])}>"
        if template_name == _TEXTAREA:
            waarde = widget["value"]
            inhoud = sjabloonwaarde(waarde) if waarde else ""
            return f'<textarea name="{sjabloonwaarde(widget["name"])}"{_attrs(widget["attrs"])}>\n{inhoud}</textarea>'
        if template_name == _SELECT and all(
            option["template_name"] == _OPTION for _g, opties, _i in widget["optgroups"] for option in opties
        ):
            delen = [f'<select name="{sjabloonwaarde(widget["name"])}"{_attrs(widget["attrs"])}>']
            for groep, opties, _index in widget["optgroups"]:
                if groep:
                    delen.append(f'\n  <optgroup label="{sjabloonwaarde(groep)}">')
                for o in opties:
                    waarde, attrs, label = _stringformat(o["value"]), _attrs(o["attrs"]), sjabloonwaarde(o["label"])
                    delen.append(f'\n  <option value="{waarde}"{attrs}>{label}</option>\n')
                if groep:
                    delen.append("\n  </optgroup>")
            delen.append("\n</select>")
            return "".join(delen).strip()
        return super().render(template_name, context, request=request)
