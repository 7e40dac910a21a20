"""Reference data and the demo's region memberships (first step of ``kompas demo``)."""

from __future__ import annotations

from kompas.core.schrijven import SYSTEEM
from kompas.regio.models import Gemeente, Indeling, Regio
from kompas.regio.selectors import huidig_jaar
from kompas.regio.services import DATA_DIR, lidmaatschappen_importeren, referentiedata_laden, regio_hernoemen


def demo_step(context: dict) -> list[str]:
    """Loads what is missing; puts the current ``jaar`` and the demo's ZVH region and police
    unit in the context."""
    if not Gemeente.objects.exists():
        referentiedata_laden(actor=SYSTEEM)
    jaar = huidig_jaar()
    if not Regio.objects.filter(indeling=Indeling.ZVH).exists():
        lidmaatschappen_importeren(
            text=(DATA_DIR / "demo_zvh_vrouwenopvang.csv").read_text(encoding="utf-8"), jaar=jaar, actor=SYSTEEM
        )
    # demo data loaded by an earlier version carried "(voorbeeld)" in the region names, which
    # users then saw in every list and report; the CSV now says so in its header only
    for regio in Regio.objects.filter(naam__endswith=" (voorbeeld)"):
        regio_hernoemen(regio=regio, naam=regio.naam.removesuffix(" (voorbeeld)"), actor=SYSTEEM)
    context["jaar"] = jaar
    context["regio_zvh"] = Regio.objects.get(indeling=Indeling.ZVH, code="ZVH-NHN")
    context["regio_politie"] = Regio.objects.get(indeling=Indeling.POLITIE_EENHEID, naam="Noord-Holland")
    return []
