import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kompas.core.widgets import sjabloonwaarde as _v  # ``{{ value }}``, short for the f-strings below

register = template.Library()

# The NL Design System (Utrecht) component of each widget, and its "invalid" modifier.
_WIDGET_CLASSES = {
    "select": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "selectmultiple": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "textarea": ("utrecht-textarea utrecht-textarea--html-textarea", "utrecht-textarea--invalid"),
    "file": ("utrecht-textbox utrecht-textbox--html-input kompas-file", "utrecht-textbox--invalid"),
}
_TEXTBOX = ("utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid")
DJANGO_LEEG = "---------"


def _kind(bound_field) -> str:
    widget = bound_field.field.widget
    return getattr(widget, "input_type", None) or widget.__class__.__name__.lower()


@register.simple_tag
def field_widget(bound_field):
    """Render a widget with NL Design System classes and the ARIA links to its help and errors.

    A required field gets ``aria-required`` but no HTML ``required``: that attribute makes the
    browser match ``:invalid`` on an empty field, and the component CSS paints it red before the
    user has typed anything. Errors show only after a submit, from the server (``aria-invalid``)."""
    kind = _kind(bound_field)
    css, invalid = _WIDGET_CLASSES.get(kind, _TEXTBOX)
    attrs = {"class": css}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-uitleg")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-fout")
        attrs["aria-invalid"] = "true"
        attrs["class"] += f" {invalid}"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.field.required:
        attrs["aria-required"] = "true"
    bound_field.form.use_required_attribute = False  # Django would add HTML required itself
    html = bound_field.as_widget(attrs=attrs)
    if DJANGO_LEEG in html:  # Django's empty choice of a select
        html = mark_safe(html.replace(f">{DJANGO_LEEG}</option>", f">{escape(gettext('Maak een keuze'))}</option>"))  # noqa: S308
    return html


def _generiek(field, code: str) -> bool:
    """Whether the field's message for ``code`` is still Django's default (no custom text)."""
    eigen = field.error_messages.get(code)
    return eigen is not None and any(
        str(klasse.__dict__.get("default_error_messages", {}).get(code)) == str(eigen) for klasse in type(field).__mro__
    )


def _foutmelding(bound_field, fout) -> str:
    """Django's generic messages ("Dit veld is vereist.") become a sentence naming the field."""
    tekst = " ".join(str(m) for m in fout.messages)
    label = bound_field.label
    if fout.code not in ("required", "invalid_choice") or not _generiek(bound_field.field, fout.code):
        return tekst
    kind = _kind(bound_field)
    if fout.code == "invalid_choice":
        return gettext("Kies een van de mogelijkheden bij ‘%(label)s’.") % {"label": label}
    if kind in ("select", "radio"):
        return gettext("Kies een antwoord bij ‘%(label)s’.") % {"label": label}
    if kind == "checkbox" and getattr(bound_field.field.widget, "allow_multiple_selected", False):
        return gettext("Kies minstens één antwoord bij ‘%(label)s’.") % {"label": label}
    if kind == "checkbox":
        return gettext("Vink ‘%(label)s’ aan om verder te gaan.") % {"label": label}
    if kind == "file":
        return gettext("Kies een bestand bij ‘%(label)s’.") % {"label": label}
    return gettext("Vul ‘%(label)s’ in.") % {"label": label}


@register.simple_tag
def veldfouten(bound_field, samenvatting: bool = False) -> list[str]:
    """The errors of one field as clean Dutch sentences. In the summary above the form a
    message that does not name its field is preceded by the label ("Postcode: …")."""
    uit = []
    for fout in bound_field.form.errors.as_data().get(bound_field.name, []):
        tekst = _foutmelding(bound_field, fout)
        label = str(bound_field.label or "")
        if samenvatting and label and label.lower() not in tekst.lower():
            tekst = f"{label} {tekst}" if label.endswith(("?", ":", ".")) else f"{label}: {tekst}"
        uit.append(tekst)
    return uit


@register.filter
def bronnen_lijst(bronnen: str) -> list[str]:
    """An article's sources ("Uitgever, *Titel* (jaar), §2; …") as one safe HTML item per
    source, with the title in italics; everything else is escaped."""
    items = []
    for bron in (bronnen or "").split(";"):
        if bron.strip():
            html = re.sub(r"\*([^*]+)\*", r"<cite>\1</cite>", escape(bron.strip()))
            items.append(mark_safe(html))  # noqa: S308 - escaped above, only <cite> added
    return items


def _veldmeldingen(f) -> str:
    """components/field_messages.html: the description and the errors of one field."""
    uit = (
        f'<div class="utrecht-form-field-description" id="{_v(f.auto_id)}-uitleg">{_v(f.help_text)}</div>'
        if (f.help_text)
        else ""
    )
    uit += "\n"
    if f.errors:
        fouten = "".join(f'<p class="utrecht-paragraph">{_v(e)}</p>' for e in veldfouten(f))
        uit += f'<div class="utrecht-form-field-error-message" id="{_v(f.auto_id)}-fout">{fouten}</div>'
    return uit + "\n"


_ONGELDIG = ' aria-invalid="true"'


def _beschreven_door(f, basis) -> str:
    """The ``aria-describedby`` of a field with a description or an error ("" without either)."""
    if not (f.help_text or f.errors):
        return ""
    uitleg = f"{_v(basis)}-uitleg" if f.help_text else ""
    fout = f" {_v(basis)}-fout" if f.errors else ""
    return f' aria-describedby="{uitleg}{fout}"'


def _niet_verplicht(f, zonder_markering: bool) -> str:
    if f.field.required or zonder_markering:
        return ""
    return f' <span class="kompas-optional">({_v(gettext("niet verplicht"))})</span>'


@register.simple_tag
def formulierveld(field, zonder_markering: bool = False) -> str:
    """components/field.html written out in Python, character for character (a form renders a
    template and three includes per field otherwise: the costliest part of a filter form or the
    melden form). field.html stays the reference; tests/test_snelle_weergave.py compares both."""
    f = field
    widget = f.field.widget
    input_type = getattr(widget, "input_type", None)
    fout = bool(f.errors)
    if input_type == "checkbox" and not getattr(widget, "allow_multiple_selected", False):
        described = _beschreven_door(f, f.id_for_label)
        html = (
            "\n"
            '<div class="utrecht-form-field utrecht-form-field--checkbox'
            f'{" utrecht-form-field--invalid" if fout else ""}">\n'
            '  <div class="utrecht-form-field__input">\n'
            '    <input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom'
            f'{" utrecht-checkbox--invalid" if fout else ""}" name="{_v(f.html_name)}" id="{_v(f.id_for_label)}"'
            f"{' checked' if f.value() else ''}{_ONGELDIG if fout else ''}{described}>\n"
            "  </div>\n"
            '  <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">'
            '<label class="utrecht-form-label utrecht-form-label--checkbox" '
            f'for="{_v(f.id_for_label)}">{_v(f.label)}</label></div>\n'
            f"  {_veldmeldingen(f)}\n"
            "</div>\n"
        )
    elif input_type in ("checkbox", "radio"):
        soort = "radio" if input_type == "radio" else "checkbox"
        described = _beschreven_door(f, f.auto_id)
        if soort == "radio":
            klasse = "utrecht-radio-button utrecht-radio-button--html-input" + (
                " utrecht-radio-button--invalid" if fout else ""
            )
        else:
            klasse = "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom" + (
                " utrecht-checkbox--invalid" if fout else ""
            )
        keuzes = "".join(
            "\n"
            f'  <div class="utrecht-form-field utrecht-form-field--{soort}">\n'
            f'    <div class="utrecht-form-field__input"><input type="{_v(input_type)}" class="{klasse}" '
            f'name="{_v(f.html_name)}" id="{_v(keuze.id_for_label)}" value="{_v(keuze.data["value"])}"'
            f"{' checked' if keuze.data['selected'] else ''}></div>\n"
            f'    <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--{soort}" '
            f'for="{_v(keuze.id_for_label)}">{_v(keuze.choice_label)}</label></div>\n'
            "  </div>\n  "
            for keuze in f
        )
        html = (
            "\n"
            '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset'
            f'{" utrecht-form-fieldset--invalid" if fout else ""}"{described}>\n'
            '  <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">'
            f"{_v(f.label)}{_niet_verplicht(f, zonder_markering)}</legend>\n"
            f"  {_veldmeldingen(f)}\n"
            f"  {keuzes}\n"
            "</fieldset>\n"
        )
    else:
        html = (
            "\n"
            '<div class="utrecht-form-field utrecht-form-field--text'
            f'{" utrecht-form-field--invalid" if fout else ""}">\n'
            f'  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="{_v(f.id_for_label)}">'
            f"{_v(f.label)}{_niet_verplicht(f, zonder_markering)}</label></div>\n"
            f"  {_veldmeldingen(f)}\n"
            f'  <div class="utrecht-form-field__input">{field_widget(f)}\n</div>\n'
            "</div>\n"
        )
    return mark_safe("\n" + html + "\n")  # noqa: S308 - every value above is escaped
