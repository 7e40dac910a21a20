"""``kompas werker``: the task worker (django-tasks' ``db_worker``) that survives a lost
database connection instead of exiting. Same options as ``db_worker``.

A task whose connection drops while it runs is run again on a fresh connection (a few times,
after a short pause) when nothing it did lasted — it only read, or its writes were rolled back
with the connection, and it sent no e-mail (:class:`kompas.core.herstel.Gevolgen`); otherwise
it is stored as failed and its clean-up runs. A result that could not be stored because the
connection dropped is stored again on a fresh connection."""

from __future__ import annotations

import logging
import time

from django.core.exceptions import SuspiciousOperation
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker

from kompas.core.achtergrond import afgebroken_opruimen
from kompas.core.herstel import VERBINDINGSFOUTEN, Gevolgen, blijf_draaien, verbindingen_sluiten

logger = logging.getLogger("kompas.werker")

POGINGEN = 3  # runs of a task whose connection keeps dropping before it counts as failed
PAUZE = 1.0  # seconds before the second run, doubled before the next


class HerstellendeWerker(db_worker.Worker):
    def run(self) -> None:
        blijf_draaien(super().run, doorgaan=lambda: self.running)

    def run_task(self, db_task_result) -> None:
        """As ``db_worker.Worker.run_task``, with a second run after a lost connection and
        the outcome stored on a fresh connection."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            return_value = self.uitvoeren(task, task_result)
            self.vastleggen(db_task_result.set_successful, return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as exc:  # noqa: BLE001 - as db_worker: every failure is stored
            self.vastleggen(db_task_result.set_failed, exc)
            if isinstance(exc, VERBINDINGSFOUTEN):
                afgebroken_opruimen(db_task_result)  # e.g. a report says it was interrupted
            try:
                sender = type(db_task_result.task.get_backend())
                task_result = db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                logger.exception("Taak %s mislukt", db_task_result.id)
            else:
                task_finished.send(sender=sender, task_result=task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def uitvoeren(self, task, task_result):
        pauze = PAUZE
        poging = 1
        while True:
            with Gevolgen() as gevolgen:
                try:
                    if task.takes_context:
                        return task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
                    return task.call(*task_result.args, **task_result.kwargs)
                except VERBINDINGSFOUTEN as exc:
                    # the exception itself says the connection failed (also when it failed to connect)
                    if gevolgen.blijvend or poging >= POGINGEN or not self.running:
                        logger.warning(
                            "Taak %s (%s): databaseverbinding verloren, niet opnieuw uitgevoerd (%s).",
                            task_result.id,
                            task.module_path,
                            gevolgen.blijvend or f"poging {poging}",
                        )
                        raise
                    logger.warning(
                        "Taak %s (%s): databaseverbinding verloren (%s); over %.0f s opnieuw uitgevoerd.",
                        task_result.id,
                        task.module_path,
                        exc,
                        pauze,
                    )
            verbindingen_sluiten()
            time.sleep(pauze)
            pauze *= 2
            poging += 1

    @staticmethod
    def vastleggen(opslaan, waarde) -> None:
        """Store the outcome; if the connection is gone, once more on a fresh one (an UPDATE
        of the task's own row: storing it twice is harmless)."""
        try:
            opslaan(waarde)
        except VERBINDINGSFOUTEN:
            verbindingen_sluiten()
            opslaan(waarde)


class Command(db_worker.Command):
    help = (
        "De taakwerker: voert achtergrondtaken uit (e-mail, rapporten) en verbindt opnieuw na een verloren "
        "databaseverbinding."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        db_worker.Worker = HerstellendeWerker  # the parent's handle builds db_worker.Worker
        return super().handle(*args, **options)
