"""``kompas werker``: the task worker (django-tasks' ``db_worker``) that survives a lost
database connection instead of exiting. Same options as ``db_worker``."""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from kompas.core.achtergrond import afgebroken_opruimen
from kompas.core.herstel import VERBINDINGSFOUTEN, blijf_draaien, verbindingen_sluiten


class HerstellendeWerker(db_worker.Worker):
    def run(self) -> None:
        blijf_draaien(super().run, doorgaan=lambda: self.running)

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        except VERBINDINGSFOUTEN as exc:
            # The connection died during the task, so its outcome could not be stored. Store it
            # as failed on a fresh connection (if the database is back) and clean up after it,
            # rather than leaving it RUNNING until the planner's timeout.
            verbindingen_sluiten()
            db_task_result.set_failed(exc)
            afgebroken_opruimen(db_task_result)


class Command(db_worker.Command):
    help = "De taakwerker: voert achtergrondtaken uit (e-mail, rapporten) en verbindt opnieuw na een verloren databaseverbinding."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        db_worker.Worker = HerstellendeWerker  # the parent's handle builds db_worker.Worker
        return super().handle(*args, **options)
