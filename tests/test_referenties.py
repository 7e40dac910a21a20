"""Issue 12 item 1: references never collide, so no valid report is refused because of one.

The concurrent test runs reports from threads at once on PostgreSQL (each thread its own
connection). SQLite, whose in-memory test database cannot hold concurrent writers, runs the
same reports one after the other through the same form, API and service paths."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.meldroute import services
from kompas.meldroute.models import ReferentieTeller, Signaal
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory, SignaalFactory

JAAR = timezone.localdate().year


def _melden(user, wat="Busje haalt elke ochtend twintig mensen op."):
    return services.signaal_melden(
        actor=actor_for(user, None),
        wat=wat,
        wanneer=timezone.localdate(),
        vormen=["arbeid"],
        sector="agrarisch",
        herkomst="balie",
    )


@pytest.mark.django_db
def test_references_count_on_per_gemeente_and_year():
    hoorn, enkhuizen = OrganisatieFactory(cbs_code="GM0405"), OrganisatieFactory(cbs_code="GM0388")
    a, b = member(Rol.MEDEWERKER, hoorn), member(Rol.MEDEWERKER, enkhuizen)
    refs = [_melden(u).referentie for u in (a, b, a, a, b)]
    assert refs == [
        f"MH-{JAAR}-0405-000001",
        f"MH-{JAAR}-0388-000001",
        f"MH-{JAAR}-0405-000002",
        f"MH-{JAAR}-0405-000003",
        f"MH-{JAAR}-0388-000002",
    ]
    assert ReferentieTeller.objects.get(gemeente=hoorn, jaar=JAAR).laatste == 3


@pytest.mark.django_db
def test_a_number_already_held_is_skipped_and_a_new_counter_starts_after_stored_ones():
    hoorn = OrganisatieFactory(cbs_code="GM0405")
    melder = member(Rol.MEDEWERKER, hoorn)
    # Signals stored before the counter existed (or loaded by hand) hold numbers 1..4 and 6.
    for n in (1, 2, 3, 4, 6):
        SignaalFactory(gemeente=hoorn, referentie=f"MH-{JAAR}-0405-{n:06d}")
    assert _melden(melder).referentie == f"MH-{JAAR}-0405-000007"
    ReferentieTeller.objects.filter(gemeente=hoorn).update(laatste=4)  # a counter that lags behind
    assert _melden(melder).referentie == f"MH-{JAAR}-0405-000005"
    assert _melden(melder).referentie == f"MH-{JAAR}-0405-000008"  # 6 and 7 are taken
    assert Signaal.objects.filter(gemeente=hoorn).count() == 8


def _via(kanaal: str, user, i: int) -> str:
    wat = f"Gelijktijdige melding {i} via {kanaal}"
    if kanaal == "dienst":
        _melden(user, wat)
    elif kanaal == "formulier":
        r = verified_client(user).post(
            reverse("meldroute:melden"),
            {
                "wat": wat,
                "wanneer": timezone.localdate().strftime("%d-%m-%Y"),
                "vormen": ["arbeid"],
                "sector": "horeca",
                "herkomst": "balie",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
    else:
        r = verified_client(user).post(
            reverse("api:signalen"),
            {
                "wat": wat,
                "wanneer": str(timezone.localdate()),
                "vormen": ["arbeid"],
                "sector": "bouw",
                "herkomst": "balie",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    return wat


@pytest.mark.django_db(transaction=True)
def test_hundreds_of_simultaneous_reports_are_all_stored_with_distinct_references():
    postgres = connection.vendor == "postgresql"
    gemeenten = [OrganisatieFactory(cbs_code=code) for code in ("GM0405", "GM0388", "GM0363")]
    melders = [member(Rol.MEDEWERKER, g) for g in gemeenten]
    aantal, threads = (300, 24) if postgres else (60, 1)
    opdrachten = [(("dienst", "formulier", "api")[i % 3], melders[i % 3], i) for i in range(aantal)]
    random.Random(12).shuffle(opdrachten)
    start = threading.Barrier(threads)

    def werk(deel):
        try:
            start.wait()
            return [_via(*opdracht) for opdracht in deel]
        finally:
            connections.close_all()

    delen = [opdrachten[i::threads] for i in range(threads)]
    begin = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        gemeld = [wat for lijst in pool.map(werk, delen) for wat in lijst]  # re-raises a refused report
    duur = time.monotonic() - begin
    assert len(gemeld) == aantal
    refs = list(Signaal.objects.values_list("referentie", flat=True))
    assert len(refs) == aantal and len(set(refs)) == aantal
    assert set(Signaal.objects.values_list("wat", flat=True)) == set(gemeld)
    for g in gemeenten:  # per gemeente the numbers run 1..n without a gap
        nummers = sorted(
            int(r.rsplit("-", 1)[1]) for r in Signaal.objects.filter(gemeente=g).values_list("referentie", flat=True)
        )
        assert nummers == list(range(1, aantal // 3 + 1))
    print(f"{aantal} meldingen uit {threads} threads ({connection.vendor}) in {duur:.1f} s, geen geweigerd")
