"""Periodic work of the meldroute that runs services, queued by the planner
(:mod:`kompas.core.scheduler`). Kept apart from :mod:`kompas.meldroute.tasks`, which the
services enqueue, so that services and tasks do not import each other."""

from __future__ import annotations

from django_tasks import task

from kompas.core.schrijven import SYSTEEM
from kompas.meldroute.services import bewaartermijnen_handhaven, partnerverzoeken_herinneren


@task()
def bewaartermijnen() -> int:
    return bewaartermijnen_handhaven(actor=SYSTEEM)


@task()
def herinneringen_partnerverzoeken() -> int:
    return partnerverzoeken_herinneren(actor=SYSTEEM)
