"""``kompas kennisbank laad``: load the shipped articles (idempotent)."""

from django.core.management.base import BaseCommand

from kompas.core.schrijven import SYSTEEM
from kompas.kennisbank.services import inhoud_laden


class Command(BaseCommand):
    help = "Kennisbank: de meegeleverde artikelen en kaarten laden."

    def add_arguments(self, parser):
        parser.add_argument("actie", choices=["laad"])

    def handle(self, *args, **options):
        n = inhoud_laden(actor=SYSTEEM)
        self.stdout.write(f"Kennisbank: {n} artikelen en kaarten nieuw geladen.")
