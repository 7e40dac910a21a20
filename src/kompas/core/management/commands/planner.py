"""``kompas planner``: queue periodic tasks (retention, weekly digest) for the worker, and mark
tasks that hang (their worker died) as failed so nobody waits for ever."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from kompas.core.achtergrond import vastgelopen_taken_afhandelen
from kompas.core.herstel import blijf_draaien
from kompas.core.scheduler import PERIODIEKE_TAKEN, plan


class Command(BaseCommand):
    help = (
        "Periodieke taken inplannen voor de taakwerker (bewaartermijnen, weekoverzicht) en vastgelopen taken "
        "afhandelen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--eenmalig", action="store_true", help="Eén keer controleren en stoppen (voor cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconden tussen twee controles.")

    def handle(self, *args, **options):
        for job in PERIODIEKE_TAKEN:
            when = "dagelijks" if job.weekdag is None else f"wekelijks (dag {job.weekdag})"
            self.stdout.write(f"{job.naam}: {when} om {job.om:%H:%M}")
        try:
            while True:
                blijf_draaien(self.ronde)
                if options["eenmalig"]:
                    return
                time.sleep(options["interval"])
        except KeyboardInterrupt:  # Ctrl-C in `make run`: stop quietly
            return

    def ronde(self) -> None:
        now = timezone.now()
        for name in plan(now):
            self.stdout.write(f"{timezone.localtime(now):%Y-%m-%d %H:%M} ingepland: {name}")
        for path in vastgelopen_taken_afhandelen(now):
            self.stdout.write(
                f"{timezone.localtime(now):%Y-%m-%d %H:%M} vastgelopen taak als mislukt gemarkeerd: {path}"
            )
