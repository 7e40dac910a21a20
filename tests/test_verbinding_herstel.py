"""A request whose database connection drops while it runs (issue 12, found by bench/soak.py:
pg_terminate_backend during the run gave an HTTP 500 to the request that was running) is run
again on a fresh connection — only when it had written nothing, so nothing happens twice."""

from datetime import date

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.meldroute.models import Signaal
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Breuk:
    """Fail the first statement that contains ``stukje`` (before it runs), as a terminated
    backend does."""

    def __init__(self, stukje: str):
        self.stukje, self.gebroken = stukje, 0

    def __call__(self, execute, sql, params, many, context):
        if self.stukje in sql and not self.gebroken:
            self.gebroken += 1
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, params, many, context)


@pytest.fixture
def melder():
    return verified_client(member(Rol.MEDEWERKER, OrganisatieFactory(cbs_code="GM0405")))


MELDING = {"wat": "Busje haalt elke ochtend mensen op.", "wanneer": "01-12-2026", "vormen": ["arbeid"],
           "sector": "bouw", "herkomst": "balie"}


def test_a_read_cut_off_is_run_again_on_a_fresh_connection(melder):
    breuk = Breuk('"meldroute_signaal"')
    with connection.execute_wrapper(breuk):
        r = melder.get(reverse("meldroute:mijn_signalen"))
    assert breuk.gebroken == 1 and r.status_code == 200 and "Mijn signalen" in r.content.decode()


def test_a_post_cut_off_before_it_wrote_is_run_again_and_stored_once(melder):
    breuk = Breuk("meldroute_")
    with connection.execute_wrapper(breuk):
        r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 302
    assert Signaal.objects.count() == 1 and Signaal.objects.get().wanneer == date(2026, 12, 1)


def test_a_post_cut_off_after_it_wrote_is_not_run_again(melder):
    breuk = Breuk('INSERT INTO "audit_auditentry"')  # the signal is inserted in the same transaction just before
    melder.raise_request_exception = False
    with connection.execute_wrapper(breuk):
        r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 500
    assert not Signaal.objects.exists()  # rolled back, and not made a second time
