"""A request whose database connection drops while it runs (issue 12, found by bench/soak.py:
pg_terminate_backend during the run gave an HTTP 500 to the request that was running) is run
again on a fresh connection — only when it had written nothing, so nothing happens twice."""

from datetime import date

import pytest
from django.db import OperationalError
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.meldroute.models import Signaal
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Breuk:
    """Fail the first statement that contains ``stukje`` as a terminated backend does: where
    psycopg raises, below Django's execute wrappers."""

    def __init__(self, monkeypatch, stukje: str):
        from django.db.backends import utils

        self.stukje, self.gebroken = stukje, 0
        echt = utils.CursorWrapper._execute

        def _execute(cursor, sql, params, *rest):
            if self.stukje in sql and not self.gebroken:
                self.gebroken += 1
                raise OperationalError("terminating connection due to administrator command")
            return echt(cursor, sql, params, *rest)

        monkeypatch.setattr(utils.CursorWrapper, "_execute", _execute)


def _client(user):
    # the first run's error is logged and signalled as any 500 is; what counts is the response
    client = verified_client(user)
    client.raise_request_exception = False
    return client


@pytest.fixture
def melder():
    return _client(member(Rol.MEDEWERKER, OrganisatieFactory(cbs_code="GM0405")))


MELDING = {"wat": "Busje haalt elke ochtend mensen op.", "wanneer": "01-12-2026", "vormen": ["arbeid"],
           "sector": "bouw", "herkomst": "balie"}


def test_a_read_cut_off_is_run_again_on_a_fresh_connection(melder, monkeypatch):
    breuk = Breuk(monkeypatch, '"meldroute_signaal"')
    r = melder.get(reverse("meldroute:mijn_signalen"))
    assert breuk.gebroken == 1 and r.status_code == 200 and "Mijn signalen" in r.content.decode()


def test_a_post_cut_off_before_it_wrote_is_run_again_and_stored_once(melder, monkeypatch):
    breuk = Breuk(monkeypatch, "meldroute_")
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 302
    assert Signaal.objects.count() == 1 and Signaal.objects.get().wanneer == date(2026, 12, 1)


def test_a_post_cut_off_after_it_wrote_is_not_run_again(melder, monkeypatch):
    breuk = Breuk(monkeypatch, 'INSERT INTO "audit_auditentry"')  # the signal is inserted in the same transaction just before
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 500
    assert not Signaal.objects.exists()  # rolled back, and not made a second time


def test_a_query_of_the_middleware_cut_off_is_run_again(melder, monkeypatch):
    breuk = Breuk(monkeypatch, '"otp_totp_totpdevice"')  # the second factor, read by the middleware before the view
    r = melder.get(reverse("meldroute:mijn_signalen"))
    assert breuk.gebroken == 1 and r.status_code == 200


def test_a_read_cut_off_after_its_audit_record_is_run_again_and_audited_twice_not_never(monkeypatch):
    from kompas.audit.models import Actie, AuditEntry
    from tests.factories import SignaalFactory

    gemeente = OrganisatieFactory(cbs_code="GM0405")
    signaal = SignaalFactory(gemeente=gemeente)
    af = _client(member(Rol.AANDACHTSFUNCTIONARIS, gemeente))
    breuk = Breuk(monkeypatch, '"meldroute_statuswijziging"')  # the history, read after the read was audited
    r = af.get(reverse("meldroute:signaal", args=[signaal.pk]))
    assert breuk.gebroken == 1 and r.status_code == 200 and signaal.referentie in r.content.decode()
    assert AuditEntry.objects.filter(actie=Actie.VIEW, object_type="meldroute.signaal", object_id=str(signaal.pk)).count() == 2
