"""``kompas meldroute tellingen``: check the counts the figures read against the statistics
rows, and rebuild them when asked."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kompas.meldroute.models import tellingen_controleren, tellingen_herbouwen


class Command(BaseCommand):
    help = "Onderhoud van de meldroute."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True, title="acties")
        tel = sub.add_parser("tellingen", help="De tellingen achter de cijfers vergelijken met een verse berekening.")
        tel.add_argument(
            "--herbouwen", action="store_true", help="De tellingen opnieuw opbouwen uit de statistiekrijen."
        )

    def handle(self, *args, **options):
        if options["herbouwen"]:
            n = tellingen_herbouwen()
            self.stdout.write(f"Tellingen opnieuw opgebouwd: {n} tellingen.")
            return
        verschil = tellingen_controleren()
        if verschil:
            for (gemeente, kenmerk, waarde), (bewaard, vers) in sorted(verschil.items())[:20]:
                self.stdout.write(f"{gemeente} {kenmerk}={waarde}: bewaard {bewaard}, berekend {vers}")
            raise CommandError(
                f"{len(verschil)} tellingen wijken af; herstel met: kompas meldroute tellingen --herbouwen"
            )
        self.stdout.write("De tellingen kloppen met de statistiekrijen.")
