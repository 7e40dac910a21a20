"""``kompas monitor``: command line for analysts who script."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompas.monitor.models import Meting, Vragenlijst
from kompas.monitor.services import (
    MonitorFout,
    inzendingen_exporteren,
    inzendingen_importeren,
    vragenlijsten_laden,
)


class Command(BaseCommand):
    help = "Landelijke monitor: metingen aanmaken, inzendingen importeren en exporteren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        m = sub.add_parser("meting", help="Een meting (golf) aanmaken of bijwerken.")
        m.add_argument("code")
        m.add_argument("--jaar", type=int, required=True, help="Jaar van de gemeentelijke indeling.")
        m.add_argument("--naam", default="")
        m.add_argument("--vragenlijsten", nargs="+", required=True)
        imp = sub.add_parser("importeer", help="Inzendingen importeren (CSV met ; of , of XLSX).")
        imp.add_argument("meting")
        imp.add_argument("bestand")
        exp = sub.add_parser("exporteer", help="Inzendingen exporteren (CSV).")
        exp.add_argument("meting")
        exp.add_argument("vragenlijst")
        exp.add_argument("--uit", required=True)

    def handle(self, *args, **o):
        vragenlijsten_laden()
        try:
            if o["actie"] == "meting":
                lijsten = list(Vragenlijst.objects.filter(code__in=o["vragenlijsten"]))
                missing = set(o["vragenlijsten"]) - {v.code for v in lijsten}
                if missing:
                    raise MonitorFout("Onbekende vragenlijst(en): " + ", ".join(sorted(missing)))
                meting, created = Meting.objects.update_or_create(code=o["code"], defaults={"jaar": o["jaar"], "naam": o["naam"] or o["code"]})
                meting.vragenlijsten.set(lijsten)
                self.stdout.write(f"Meting {meting.code} {'aangemaakt' if created else 'bijgewerkt'} ({meting.jaar}; {', '.join(sorted(v.code for v in lijsten))}).")
            elif o["actie"] == "importeer":
                meting = self._meting(o["meting"])
                pad = Path(o["bestand"])
                if not pad.is_file():
                    raise MonitorFout(f"Bestand niet gevonden: {pad}")
                verslag = inzendingen_importeren(meting=meting, inhoud=pad.read_bytes(), bestandsnaam=pad.name)
                for regel in verslag.regels():
                    self.stdout.write(regel)
            else:
                meting = self._meting(o["meting"])
                lijst = Vragenlijst.objects.filter(code=o["vragenlijst"]).first()
                if lijst is None:
                    raise MonitorFout(f"Onbekende vragenlijst: {o['vragenlijst']}")
                Path(o["uit"]).write_text(inzendingen_exporteren(meting=meting, lijst=lijst), encoding="utf-8")
                self.stdout.write(f"Geschreven: {o['uit']}")
        except MonitorFout as exc:
            raise CommandError(str(exc)) from exc

    def _meting(self, code: str) -> Meting:
        meting = Meting.objects.filter(code=code).first()
        if meting is None:
            raise MonitorFout(f"Onbekende meting: {code}. Maak haar aan met 'kompas monitor meting {code} --jaar … --vragenlijsten …'.")
        return meting
