"""``kompas planner``: queue periodic tasks (retention, weekly digest) for the worker."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from kompas.core.scheduler import PERIODIEKE_TAKEN, plan


class Command(BaseCommand):
    help = "Periodieke taken inplannen voor de taakwerker (bewaartermijnen, weekoverzicht)."

    def add_arguments(self, parser):
        parser.add_argument("--eenmalig", action="store_true", help="Eén keer controleren en stoppen (voor cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconden tussen twee controles.")

    def handle(self, *args, **options):
        for job in PERIODIEKE_TAKEN:
            when = "dagelijks" if job.weekdag is None else f"wekelijks (dag {job.weekdag})"
            self.stdout.write(f"{job.naam}: {when} om {job.om:%H:%M}")
        while True:
            for name in plan(timezone.now()):
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} ingepland: {name}")
            if options["eenmalig"]:
                return
            time.sleep(options["interval"])
