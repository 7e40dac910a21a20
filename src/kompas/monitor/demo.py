"""The monitor in the demo (step of ``kompas demo``): a cleaned and coded 2021 wave with
synthetic answers, and an open wave of this year with invitations."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from kompas.core.schrijven import SYSTEEM
from kompas.monitor.models import Meting, Uitnodiging, Vragenlijst
from kompas.monitor.opschoning import regels_toepassen
from kompas.monitor.respons import organisaties_van_jaar
from kompas.monitor.services import inzendingen_importeren, meting_aanmaken, vragenlijsten_laden
from kompas.monitor.synthetisch import demo_coderen, export_maken
from kompas.monitor.uitnodigingen import (
    contact_toevoegen,
    uitgenodigden_importeren,
    uitnodigingen_aanmaken,
    uitnodigingen_versturen,
)
from kompas.regio.selectors import gemeenten_in_jaar

DEMO_CONTACTEN = ("GM0405", "GM0388", "GM0420", "GM0361")  # Hoorn, Enkhuizen, Medemblik, Alkmaar


def demo_step(context: dict) -> list[str]:
    """Returns the line with the personal link of Gemeente Hoorn."""
    jaar = context["jaar"]
    vragenlijsten_laden()  # they come with a migration, but a flushed test database lacks them
    lijsten = list(Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"]))
    per_doelgroep = {lijst.doelgroep: lijst for lijst in lijsten}
    oud = Meting.objects.filter(code="2021").first()
    if oud is None:
        oud = meting_aanmaken(
            data={
                "code": "2021",
                "naam": "Monitor aanpak mensenhandel 2021 (demo, verzonnen antwoorden)",
                "jaar": 2021,
                "open_van": date(2021, 9, 20),
                "open_tot": date(2021, 10, 6),
                "vragenlijsten": lijsten,
            },
            actor=SYSTEEM,
        )
        codes = sorted(gemeenten_in_jaar(2021).values_list("cbs_code", flat=True))
        zvh = list(organisaties_van_jaar(2021, "zvh"))
        # as in seed 000 §2.1: the tool sent it to the gemeenten with contact details (here: all but 21)
        codes = [c for i, c in enumerate(codes) if i % 17 != 5 or c == "GM0405"][:331]
        uitgenodigden_importeren(meting=oud, inhoud="\n".join(codes + zvh).encode(), actor=SYSTEEM)
        for doelgroep, orgs, respons in (("gemeente", codes, 0.63), ("zvh", zvh, 0.9)):
            inhoud = export_maken(per_doelgroep[doelgroep], orgs, respons=respons, altijd=("GM0405",))
            inzendingen_importeren(meting=oud, inhoud=inhoud, bestandsnaam=f"demo-{doelgroep}.csv", actor=SYSTEEM)
        regels_toepassen(meting=oud, actor=SYSTEEM)
        demo_coderen(oud)
    vandaag = timezone.localdate()
    huidig = Meting.objects.filter(code=str(jaar)).first()
    if huidig is None:
        huidig = meting_aanmaken(
            data={
                "code": str(jaar),
                "naam": f"Monitor aanpak mensenhandel {jaar} (demo)",
                "jaar": jaar,
                "vorige": oud,
                "open_van": vandaag - timedelta(days=1),
                "open_tot": vandaag + timedelta(days=60),
                "vragenlijsten": lijsten,
            },
            actor=SYSTEEM,
        )
        uitnodigingen_aanmaken(meting=huidig, actor=SYSTEEM)
        # the demo gemeenten have a (fictitious) contact address and are invited; the others
        # show as "niet uitgenodigd — geen contactgegevens", as in a real first wave
        for u in Uitnodiging.objects.filter(meting=huidig, organisatie_code__in=DEMO_CONTACTEN, email=""):
            contact_toevoegen(
                uitnodiging=u, email=f"monitor-{u.organisatie_code.lower()}@demo.kompas.example", actor=SYSTEEM
            )
        uitnodigingen_versturen(meting=huidig, actor=SYSTEEM)
    u = Uitnodiging.objects.filter(meting=huidig, organisatie_code="GM0405").first()
    link = reverse("monitor:invullen", args=[u.token]) if u else ""
    return [f"Monitor: de vragenlijst van Gemeente Hoorn invullen zonder account: http://127.0.0.1:8000{link}"]
