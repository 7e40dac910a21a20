"""Watching the background work: tasks that hang and a worker that does not run.

``kompas planner`` calls :func:`vastgelopen_taken_afhandelen` every minute: a task that is
RUNNING longer than its timeout (its worker was killed, or lost its database connection mid
task) is marked failed, and the task's own clean-up runs (a report says it was interrupted
and offers "opnieuw maken"). :func:`werker_achter` tells a page that queued work has waited
longer than a minute, so it can say that the background processing is not running.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from kompas.core.registry import registry

logger = logging.getLogger(__name__)

TAAK_TIMEOUT = timedelta(minutes=30)
# A tighter timeout per task, and the clean-up called once it is marked failed, come from the
# apps through the registry (`registry.add_lange_taak`, e.g. the monitor's report and import).
NIET_OPGEPAKT_NA = timedelta(minutes=1)
VASTGELOPEN = "kompas.core.achtergrond.TaakVastgelopen"


def _db_backend() -> bool:
    return any(cfg.get("BACKEND", "").startswith("django_tasks_db") for cfg in settings.TASKS.values())


def vastgelopen_taken_afhandelen(now: datetime) -> list[str]:
    """Mark every task RUNNING longer than its timeout as failed; return their task paths."""
    if not _db_backend():
        return []

    lange_taken = registry.lange_taken
    kortste = min([TAAK_TIMEOUT, *(t.timeout for t in lange_taken.values())])
    afgehandeld = []
    for kandidaat in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - kortste):
        lang = lange_taken.get(kandidaat.task_path)
        timeout = lang.timeout if lang else TAAK_TIMEOUT
        if kandidaat.started_at >= now - timeout:
            continue
        with transaction.atomic():
            bijgewerkt = DBTaskResult.objects.filter(pk=kandidaat.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=VASTGELOPEN,
                traceback=f"Langer dan {timeout} bezig zonder resultaat (werker gestopt of verbinding verloren); "
                "gemarkeerd als mislukt door de planner.",
            )
            if not bijgewerkt:  # finished meanwhile
                continue
            afgebroken_opruimen(kandidaat)
        logger.warning(
            "Taak %s (%s) hing sinds %s; gemarkeerd als mislukt.",
            kandidaat.pk,
            kandidaat.task_path,
            kandidaat.started_at,
        )
        afgehandeld.append(kandidaat.task_path)
    return afgehandeld


def afgebroken_opruimen(taak) -> None:
    """Run the clean-up of a task that was cut off (a report then says it was interrupted)."""
    lang = registry.lange_taken.get(taak.task_path)
    opruimen = lang.bij_afgebroken if lang else None
    if opruimen:
        module, _, naam = opruimen.rpartition(".")
        args = taak.args_kwargs
        getattr(import_module(module), naam)(*args.get("args", []), **args.get("kwargs", {}))


def werker_achter(*, task_paths: list[str] | None = None, now: datetime | None = None) -> bool:
    """True when queued work of these tasks (or any) waits longer than a minute and no worker
    started or finished anything in that minute. Only the database backend has a queue."""
    if not _db_backend():
        return False

    grens = (now or timezone.now()) - NIET_OPGEPAKT_NA
    wachtend = DBTaskResult.objects.filter(status=TaskResultStatus.READY, enqueued_at__lt=grens).filter(
        Q(run_after=get_date_max()) | Q(run_after__lt=grens)
    )
    if task_paths:
        wachtend = wachtend.filter(task_path__in=task_paths)
    return wachtend.exists() and not werker_bezig_geweest(grens)


def werker_bezig_geweest(sinds: datetime) -> bool:
    """A worker started or finished a task since then: it runs, it is only busy. (Unknown for
    other backends: False.)"""
    if not _db_backend():
        return False

    return DBTaskResult.objects.filter(Q(started_at__gte=sinds) | Q(finished_at__gte=sinds)).exists()
