"""``kompas demo``: demo organisations and one demo user per role. Never in production.

The apps register their demo steps (:mod:`kompas.core.registry`); this command of the top-layer
app ``kompas.demo`` runs them in order in one transaction and prints what they report. It imports
no domain app: the steps are found through the registry.

The steps call the apps' write services as ``SYSTEEM``; those are durable units of work of
their own, so the demo is one write service too (:func:`_demo_laden`) and theirs become its
savepoints: a failing step still leaves nothing behind."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kompas.core.registry import registry
from kompas.core.schrijven import eenheid


class Command(BaseCommand):
    help = "Demo-organisaties en één demogebruiker per rol aanmaken (niet in productie)."

    def add_arguments(self, parser):
        parser.add_argument("--stil", action="store_true", help="Geen inloggegevens tonen.")

    def handle(self, *args, **options):
        if not settings.KOMPAS_DEMO_ALLOWED:
            raise CommandError(
                "De demo draait niet met productie-instellingen: demogebruikers hebben een bekend wachtwoord."
            )
        context: dict = {}
        lines: list[str] = []
        with eenheid():  # every step's write services as savepoints of one transaction: all or nothing
            for step in registry.demo_steps:
                lines += step.run(context)
        if options["stil"]:
            return
        self.stdout.write(self.style.SUCCESS("Demo klaar. Inloggen op http://127.0.0.1:8000/ met:"))
        for line in lines:
            self.stdout.write(line)
