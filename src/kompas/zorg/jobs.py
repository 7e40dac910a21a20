"""Periodic work of zorgcoördinatie that runs services, queued by the planner
(:mod:`kompas.core.scheduler`). Kept apart from :mod:`kompas.zorg.tasks`, which the services
enqueue, so that services and tasks do not import each other."""

from __future__ import annotations

from django_tasks import task

from kompas.core.schrijven import SYSTEEM
from kompas.zorg.services import b8_herinneringen, bewaartermijnen_handhaven, stille_acties_melden


@task()
def bewaartermijnen() -> int:
    return bewaartermijnen_handhaven(actor=SYSTEEM)


@task()
def acties_stil() -> int:
    return stille_acties_melden(actor=SYSTEEM)


@task()
def b8_einde() -> int:
    return b8_herinneringen(actor=SYSTEEM)
