from django import template
from django.utils.translation import gettext as _

from kompas.core.grafieken import heeft_waarden, staven

register = template.Library()


@register.filter
def pct(value):
    """56.25 → '56,3%'; None → '–' (no answers, or hidden)."""
    if value is None or value == "":
        return "–"
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def pp(value):
    """A difference in percentage points with its sign: '+12,5 pp'."""
    if value is None:
        return "–"
    return f"{value:+.1f}".replace(".", ",") + " pp"


@register.filter
def in_zin(naam) -> str:
    """A group's name inside a sentence: "Provincie" → "provincie", "Zorg- en veiligheidshuisregio"
    → "zorg- en veiligheidshuisregio"; an abbreviation keeps its capitals ("ZVH-regio", "RIEC")."""
    naam = str(naam)
    if len(naam) > 1 and naam[1].isupper():
        return naam
    return naam[:1].lower() + naam[1:]


@register.filter
def get(mapping, key):
    return mapping.get(key, key) if hasattr(mapping, "get") else ""


@register.simple_tag
def antwoordgrafiek(rij: dict, kolom: str = "landelijk"):
    """The percentages of one question (national or regional) as bars, the gemeente's own answer
    marked in its label; hidden cells get no bar (kompas.core.grafieken)."""

    rijen = [
        (
            f"{label} ({_('uw antwoord')})" if gekozen else str(label),
            p if p is not None else (shown if isinstance(shown, str) else None),
        )  # "<5"/"x": no bar, said why
        for label, shown, p, gekozen in rij[kolom]
    ]
    if not heeft_waarden(rijen):
        return ""
    titel = _("%(vraag)s – landelijk, in procenten") if kolom == "landelijk" else _("%(vraag)s – regio, in procenten")
    return staven(rijen, titel=titel % {"vraag": rij["vraag"].tekst}, eenheid="%", maximum=100, breedte=460)
