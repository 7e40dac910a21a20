"""Two colleagues answering one survey link at the same moment (issue 12 item 5).

The invitation tells people to share the link, so page 1 and page 2 of one link can be saved
in the same instant. Each thread posts through the real view with its own database
connection. A barrier inside the merge makes the race deterministic: without a lock both
threads read the saved answers before either writes, so one page's answers would be lost (and
on the first save both would create the submission). With the row lock the second thread
waits for the first to commit; the barrier then times out and the second merges onto the
first's answers. On PostgreSQL this exercises SELECT … FOR UPDATE; on SQLite the same test
runs against the IMMEDIATE transactions of conf/base.py, which serialise writers."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.audit.models import AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import deelnemers, invullen
from kompas.monitor.models import Inzending, Uitnodiging
from kompas.monitor.services import vragenlijsten_laden
from kompas.monitor.uitnodigingen import uitnodigingen_aanmaken
from tests.monitor_world import meting, wereld

pytestmark = pytest.mark.django_db(transaction=True)

PAGINA_1 = {"B1_BELEID": "specifiek", "B1_VORMEN": ["seksueel", "arbeid"], "B1_JEUGD": "ja"}
PAGINA_2 = {"B2_ZICHT": "onvoldoende", "B2_AANDACHTSFUNCTIONARIS": "een"}


@pytest.fixture
def u():
    vragenlijsten_laden()  # an earlier transactional test flushed the migration's questionnaires
    wereld()
    vandaag = timezone.localdate()
    m = meting(open_van=vandaag - timedelta(days=1), open_tot=vandaag + timedelta(days=30))
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    return Uitnodiging.objects.get(meting=m, organisatie_code="GM0002")


def _wacht(barrier: threading.Barrier) -> None:
    """Wait for the other thread; a thread kept out by a lock never comes, so give up after 1 s."""
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=1)


def _tegelijk(monkeypatch, *verzoeken):
    """Run each (url, data) POST in its own thread; every thread reaches the merge before any
    may continue, unless a lock keeps the other out (then the barrier gives up after 1 s)."""
    barrier = threading.Barrier(len(verzoeken))
    samen = invullen._samen

    def wacht_en_voeg_samen(*args, **kwargs):
        _wacht(barrier)
        return samen(*args, **kwargs)

    monkeypatch.setattr(invullen, "_samen", wacht_en_voeg_samen)
    uitkomst: list = [None] * len(verzoeken)

    def post(i, url, data):
        try:
            uitkomst[i] = Client().post(url, data).status_code
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            uitkomst[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, url, data)) for i, (url, data) in enumerate(verzoeken)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return uitkomst


@pytest.mark.parametrize("al_begonnen", [False, True], ids=["eerste-keer", "al-begonnen"])
def test_saving_two_pages_of_one_link_at_once_keeps_both(u, monkeypatch, al_begonnen):
    if al_begonnen:
        Client().post(reverse("monitor:invullen_pagina", args=[u.token, 6]), {"HELPEND": "eerder", "actie": "opslaan"})
        assert Inzending.objects.get(uitnodiging=u).antwoorden == {"HELPEND": "eerder"}
    uitkomst = _tegelijk(
        monkeypatch,
        (reverse("monitor:invullen_pagina", args=[u.token, 1]), {**PAGINA_1, "actie": "opslaan"}),
        (reverse("monitor:invullen_pagina", args=[u.token, 2]), {**PAGINA_2, "actie": "opslaan"}),
    )
    assert uitkomst == [200, 200]
    inz = Inzending.objects.get(uitnodiging=u)
    verwacht = {**PAGINA_1, **PAGINA_2, **({"HELPEND": "eerder"} if al_begonnen else {})}
    verwacht["B1_VORMEN"] = sorted(verwacht["B1_VORMEN"])
    assert inz.antwoorden == verwacht
    assert AuditEntry.objects.filter(object_repr__startswith="vragenlijst gestart").count() == 1


def test_submitting_twice_at_once_submits_once(u, monkeypatch):
    from tests.monitor_world import volledig_antwoord

    inz = Inzending.objects.create(
        meting=u.meting,
        vragenlijst=u.vragenlijst,
        vragenlijst_versie=1,
        bron_id=f"kompas-{u.pk}",
        organisaties=[u.organisatie_code],
        uitnodiging=u,
        antwoorden=volledig_antwoord(),
    )
    deelnemers.zetten([inz], u.meting.jaar, nieuw=True)
    url = reverse("monitor:invullen_versturen", args=[u.token])
    volledig = invullen.vraagregels.volledig
    barrier = threading.Barrier(2)

    def beide_gelezen(*args, **kwargs):  # called by indienen after it read the submission
        _wacht(barrier)
        return volledig(*args, **kwargs)

    monkeypatch.setattr(invullen.vraagregels, "volledig", beide_gelezen)
    uitkomst = _tegelijk(monkeypatch, (url, {}), (url, {}))
    assert uitkomst == [200, 200]
    assert AuditEntry.objects.filter(object_repr__startswith="vragenlijst ingediend").count() == 1
