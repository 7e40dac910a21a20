"""``kompas regio``: load and import reference data of gemeenten and regions."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompas.core.schrijven import SYSTEEM
from kompas.core.tabular import TabelFout, controleer_grootte
from kompas.regio.services import (
    ImportFout,
    gemeenten_importeren,
    lidmaatschappen_importeren,
    referentiedata_laden,
    tekst_van_bestand,
)


def _read(path: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"Bestand niet gevonden: {path}")
    try:
        controleer_grootte(p.stat().st_size)
        return tekst_van_bestand(p.read_bytes())
    except (TabelFout, ImportFout) as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Referentiedata van gemeenten en regio's laden of importeren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True, title="acties")
        sub.add_parser("laad", help="De meegeleverde referentiedata laden (herhaalbaar).")
        imp = sub.add_parser("importeer", help="Een CBS-tabel 'Gebieden in Nederland' (CSV) voor een jaar importeren.")
        imp.add_argument("bestand")
        imp.add_argument("--jaar", type=int, help="Jaar van de indeling (als het bestand geen kolom 'jaar' heeft).")
        imp.add_argument(
            "--herindelingen", help="CSV met van_code;naar_code om samenvoegingen expliciet vast te leggen."
        )
        imp.add_argument("--bron", default="", help="Bronvermelding die bij de gemeenten wordt opgeslagen.")
        lid = sub.add_parser("lidmaatschappen", help="Lidmaatschappen van ZVH- en vrouwenopvangregio's importeren.")
        lid.add_argument("bestand")
        lid.add_argument("--jaar", type=int, required=True)

    def handle(self, *args, **options):
        try:
            if options["actie"] == "laad":
                counts = referentiedata_laden(actor=SYSTEEM)
                self.stdout.write(
                    "Referentiedata geladen: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + " nieuw."
                )
            elif options["actie"] == "importeer":
                reports = gemeenten_importeren(
                    text=_read(options["bestand"]),
                    jaar=options["jaar"],
                    herindelingen_text=_read(options["herindelingen"]) if options["herindelingen"] else None,
                    bron=options["bron"],
                    actor=SYSTEEM,
                )
                for report in reports:
                    for line in report.regels():
                        self.stdout.write(line)
            else:
                counts = lidmaatschappen_importeren(text=_read(options["bestand"]), jaar=options["jaar"], actor=SYSTEEM)
                self.stdout.write(f"{counts['lidmaatschappen']} lidmaatschappen ingelezen.")
        except ImportFout as exc:
            raise CommandError(str(exc)) from exc
