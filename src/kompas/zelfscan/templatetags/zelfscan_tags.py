from django import template

from kompas.core.bouwstenen import Bouwsteen
from kompas.zelfscan.scoring import PLATEAU_LABEL

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def plateau(code):
    return PLATEAU_LABEL.get(code, "–")


@register.filter
def bouwsteen(code):
    return Bouwsteen(code).label if code in Bouwsteen.values else code
