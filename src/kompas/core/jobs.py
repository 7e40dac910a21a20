"""Periodic work of the shell itself, queued by the planner (:mod:`kompas.core.scheduler`)."""

from __future__ import annotations

from django_tasks import task

from kompas.core import gegevensversie


@task()
def gegevensversie_opschonen() -> int:
    """Empty PostgreSQL's log of data changes (see :mod:`kompas.core.gegevensversie`)."""
    return gegevensversie.opschonen()
