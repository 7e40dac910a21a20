from django import template
from django.utils.translation import gettext as _

from kompas.core.bouwstenen import Bouwsteen
from kompas.core.datums import datum
from kompas.core.grafieken import paren, staven
from kompas.zelfscan.definitie import ITEMS
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


@register.simple_tag
def stellingen_grafiek(antwoorden: dict, plateaus: dict):
    """Per bouwsteen the share of its statements answered 'ja' (a full bar is every statement,
    whether a bouwsteen has 4 or 7), with "x van n" and the plateau it reaches: the chart
    beside the plateau table on the result page and in its PDF."""
    rijen, teksten = [], []
    for code, label in Bouwsteen.choices:
        items = [i for i in ITEMS if i.bouwsteen == code]
        ja = sum(1 for i in items if (antwoorden or {}).get(i.code) == "ja")
        rijen.append((str(label), round(100 * ja / len(items)) if items else 0))
        teksten.append(
            _("%(ja)s van %(n)s · %(plateau)s")
            % {"ja": ja, "n": len(items), "plateau": PLATEAU_LABEL.get(plateaus.get(code), "–")}
        )
    return staven(
        rijen,
        titel=_("Aandeel stellingen met 'ja' per bouwsteen"),
        maximum=100,
        waardeteksten=teksten,
        breedte=880,
        label_breedte=400,  # the longest bouwsteen has 54 characters
        waarde_ruimte=200,
    )


@register.simple_tag
def voortgang_grafiek(vergelijking: dict, vorige_datum=None):
    """Progress since the previous scan: per bouwsteen the statements met ('ja') then and now,
    on the result page (beside its table) and in the PDF."""

    toen = _("vorige scan (%(d)s)") % {"d": datum(vorige_datum)} if vorige_datum else _("vorige scan")
    rijen = [(str(r["label"]), r["toen"], r["nu"]) for r in vergelijking["ja"]]
    totalen = [r["totaal"] for r in vergelijking["ja"]]
    return paren(
        rijen,
        titel=_("Stellingen met 'ja' per bouwsteen: vorige scan en nu"),
        reeksen=(toen, _("nu")),
        maximum=max(totalen),
        totalen=totalen,
        breedte=720,
    )
