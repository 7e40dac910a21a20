"""Periodic work of the monitor that runs services, queued by the planner
(:mod:`kompas.core.scheduler`). Kept apart from :mod:`kompas.monitor.tasks`, which the services
enqueue, so that services and tasks do not import each other."""

from __future__ import annotations

from django_tasks import task

from kompas.monitor.uitnodigingen import herinneringen_versturen


@task()
def herinneringen() -> int:
    return herinneringen_versturen()
