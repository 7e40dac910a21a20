"""``kompas werker``: the task worker (django-tasks' ``db_worker``) that survives a lost
database connection instead of exiting. Same options as ``db_worker``."""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from kompas.core.herstel import blijf_draaien


class HerstellendeWerker(db_worker.Worker):
    def run(self) -> None:
        blijf_draaien(super().run, doorgaan=lambda: self.running)


class Command(db_worker.Command):
    help = "De taakwerker: voert achtergrondtaken uit (e-mail, rapporten) en verbindt opnieuw na een verloren databaseverbinding."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        db_worker.Worker = HerstellendeWerker  # the parent's handle builds db_worker.Worker
        return super().handle(*args, **options)
