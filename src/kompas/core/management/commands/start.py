"""``kompas start``: run Kompas locally in one process group — the web server, the task worker
and the planner — restarting the worker and the planner if they die. Ctrl-C stops all three.

The web server runs with DEBUG off, so a wrong address shows Kompas's own Dutch error pages
rather than Django's debug page (``--insecure`` lets it serve the static files itself)."""

from __future__ import annotations

import os
import threading

from django.core.management.base import BaseCommand

from kompas.core.registry import registry
from kompas.core.supervisor import Proces, Supervisor, kompas_commando, wacht_op_poort


def processen_voor(kompas: str, *, adres: str, debug: bool = False) -> list[Proces]:
    web_env = {**os.environ, "DEBUG": "true" if debug else "false"}
    return [
        Proces("webserver", [kompas, "runserver", "--noreload", "--insecure", adres], herstarten=False, env=web_env),
        Proces("taakwerker", [kompas, "werker", "--interval", "1"]),
        Proces("planner", [kompas, "planner", "--interval", "30"]),
    ]


class Command(BaseCommand):
    help = "Kompas lokaal draaien: webserver, taakwerker en planner samen (Ctrl-C stopt alles)."

    def add_arguments(self, parser):
        parser.add_argument("--adres", default="127.0.0.1:8000", help="Adres en poort van de webserver.")
        parser.add_argument(
            "--debug", action="store_true", help="Django's debugpagina's in plaats van de eigen foutpagina's."
        )

    def handle(self, *args, adres: str, debug: bool, **options):
        kompas = kompas_commando()
        processen = processen_voor(kompas, adres=adres, debug=debug)
        self.stdout.write(f"Kompas start op http://{adres}/ (webserver, taakwerker en planner) …")
        regels = samenvatting(kompas, adres)

        def klaar():  # once the web server answers, so the lines are not lost in its start-up output
            if wacht_op_poort(adres):
                self.stdout.write("\n".join(regels))

        threading.Thread(target=klaar, daemon=True).start()
        Supervisor(processen, melden=lambda tekst: self.stdout.write(tekst)).draai()


def samenvatting(kompas: str, adres: str) -> list[str]:
    regels = ["", f"Kompas draait op http://{adres}/ — webserver, taakwerker en planner samen. Ctrl-C stopt alles."]
    for extra in registry.start_summaries:
        regels += extra(kompas)
    return regels
