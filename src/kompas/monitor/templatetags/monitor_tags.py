from django import template

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
def get(mapping, key):
    return mapping.get(key, key) if hasattr(mapping, "get") else ""
