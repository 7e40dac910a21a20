"""``kompas demo_code``: print the current TOTP code of the demo users (demo only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from kompas.accounts.demo import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "De huidige tweestapsverificatiecode van de demogebruikers tonen."

    def handle(self, *args, **options):
        if not settings.KOMPAS_DEMO_ALLOWED:
            raise CommandError("Alleen beschikbaar in de demo.")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}")
