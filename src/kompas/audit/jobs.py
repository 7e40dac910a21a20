"""Periodic work of the audit log, queued by the planner (:mod:`kompas.core.scheduler`)."""

from __future__ import annotations

from django_tasks import task

from kompas.audit.services import audit_bewaartermijn_handhaven
from kompas.core.schrijven import SYSTEEM


@task()
def bewaartermijn() -> int:
    return audit_bewaartermijn_handhaven(actor=SYSTEEM).verwijderd
