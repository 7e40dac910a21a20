"""Periodic work on top of the Django Tasks API, which has no scheduler of its own.

``kompas planner`` runs beside the worker. Every minute it puts each periodic task on the
queue whose latest due moment has passed since it was last queued. Missed moments (the
planner was down) are caught up once, not once per missed moment. Jobs are idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from kompas.core.models import GeplandeTaak
from kompas.core.registry import registry


@dataclass(frozen=True)
class Periodiek:
    naam: str
    taak: str  # dotted path to a django_tasks Task
    om: time
    weekdag: int | None = None  # 0 = Monday; None = daily

    def laatste_moment(self, now: datetime) -> datetime:
        tz = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(tz)
        moment = datetime.combine(local.date(), self.om, tzinfo=tz)
        if self.weekdag is None:
            return moment if moment <= local else moment - timedelta(days=1)
        moment -= timedelta(days=(local.weekday() - self.weekdag) % 7)
        return moment if moment <= local else moment - timedelta(days=7)

    def task(self):
        module, _, name = self.taak.rpartition(".")
        return getattr(import_module(module), name)


# Filled by each app's AppConfig.ready() (kompas.core.registry); core names no domain task.
PERIODIEKE_TAKEN = registry.periodic_tasks


def plan(now: datetime) -> list[str]:
    """Queue every periodic task that is due; return the names queued."""
    queued = []
    for job in PERIODIEKE_TAKEN:
        due = job.laatste_moment(now)
        with transaction.atomic():
            row, created = GeplandeTaak.objects.select_for_update().get_or_create(
                naam=job.naam, defaults={"laatst_ingepland": due - timedelta(seconds=1)}
            )
            if row.laatst_ingepland < due:
                row.laatst_ingepland = due
                row.save(update_fields=["laatst_ingepland"])
                transaction.on_commit(job.task().enqueue)
                queued.append(job.naam)
    return queued
