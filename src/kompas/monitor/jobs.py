"""Background work of the monitor that runs services: the daily reminder round queued by the
planner (:mod:`kompas.core.scheduler`) and reading an uploaded file of answers. Kept apart
from :mod:`kompas.monitor.tasks`, which the services enqueue, so that services and tasks do
not import each other."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from kompas.core.schrijven import SYSTEEM
from kompas.monitor.models import Inlezing, Meting
from kompas.monitor.services import inlezing_aanmaken, inlezing_uitvoeren
from kompas.monitor.uitnodigingen import herinneringen_versturen


@task()
def herinneringen() -> int:
    return herinneringen_versturen(actor=SYSTEEM)


@task()
def inzendingen_inlezen(inlezing_id: int) -> str:
    return inlezing_uitvoeren(inlezing_id)


def inlezing_aanvragen(*, meting: Meting, inhoud: bytes, bestandsnaam: str, actor) -> Inlezing:
    """Store an upload and queue its reading (on commit); raises MonitorFout for too large a file."""
    inl = inlezing_aanmaken(meting=meting, inhoud=inhoud, bestandsnaam=bestandsnaam, actor=actor)
    transaction.on_commit(lambda: inzendingen_inlezen.enqueue(inl.pk))
    return inl
