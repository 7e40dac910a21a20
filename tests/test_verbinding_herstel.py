"""A request whose database connection drops while it runs (issue 12, found by bench/soak.py:
pg_terminate_backend during the run gave an HTTP 500 to the requests that were running) is run
again on a fresh connection — when nothing it did lasted: it only read, or the transaction it
wrote in died with the connection. A request that committed a write is not run again, so
nothing is stored or signalled twice.

On PostgreSQL the backend is terminated for real (tests/breuk.py); on SQLite the error is
raised where psycopg raises it."""

import json
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.constants import Rol
from kompas.accounts.models import Organisatie
from kompas.audit.models import Actie, AuditEntry
from kompas.core.herstel import Gevolgen, blijvend_gevolg
from kompas.meldroute import services as meldroute_services
from kompas.meldroute.models import Bijlage, Signaal, StatusWijziging, tellingen_controleren
from tests.breuk import Afbreken
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _client(user):
    # the first run's error is logged and signalled as any 500 is; what counts is the response
    client = verified_client(user)
    client.raise_request_exception = False
    return client


@pytest.fixture
def gemeente():
    return OrganisatieFactory(cbs_code="GM0405")


@pytest.fixture
def melder(gemeente):
    member(Rol.AANDACHTSFUNCTIONARIS, gemeente)  # told of every new signal by e-mail
    return _client(member(Rol.MEDEWERKER, gemeente))


MELDING = {
    "wat": "Busje haalt elke ochtend mensen op.",
    "wanneer": "01-12-2026",
    "vormen": ["arbeid"],
    "sector": "bouw",
    "herkomst": "balie",
}


def _eenmaal_opgeslagen():
    """One signal, its history, its counts and its audit record once, one e-mail about it."""
    assert Signaal.objects.count() == 1 and StatusWijziging.objects.count() == 1
    assert AuditEntry.objects.filter(actie=Actie.CREATE, object_type="meldroute.signaal").count() == 1
    assert tellingen_controleren() == {}
    assert [m.subject for m in mail.outbox] == ["Kompas: nieuw signaal"]


def test_a_read_cut_off_is_run_again_on_a_fresh_connection(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, '"meldroute_signaal"')
    r = melder.get(reverse("meldroute:mijn_signalen"))
    assert breuk.gebroken == 1 and r.status_code == 200 and "Mijn signalen" in r.content.decode()


def test_a_post_cut_off_before_it_wrote_is_run_again_and_stored_once(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, "meldroute_")
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 302
    assert Signaal.objects.get().wanneer == date(2026, 12, 1)
    _eenmaal_opgeslagen()


def test_a_post_cut_off_in_the_middle_of_its_transaction_is_run_again_and_stored_once(melder, monkeypatch):
    # the signal, its history and its counts are written in this transaction before the audit record
    breuk = Afbreken(monkeypatch, 'INSERT INTO "audit_auditentry"')
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 302, r.content[:300]
    assert r["Location"] == reverse("meldroute:mijn_signaal", args=[Signaal.objects.get().pk])
    _eenmaal_opgeslagen()


def test_an_api_report_cut_off_in_its_transaction_is_run_again_with_the_same_body(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, 'INSERT INTO "meldroute_statuswijziging"')
    body = {**MELDING, "wanneer": "2026-12-01"}
    r = melder.post(reverse("api:signalen"), json.dumps(body), content_type="application/json")
    assert breuk.gebroken == 1 and r.status_code == 201, r.content[:300]
    assert r.json()["id"] == Signaal.objects.get().pk
    _eenmaal_opgeslagen()


def test_a_report_with_an_attachment_cut_off_is_run_again_with_the_whole_file(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, 'INSERT INTO "audit_auditentry"')  # after the attachment was stored
    r = melder.post(
        reverse("meldroute:melden"),
        {**MELDING, "bijlagen": [SimpleUploadedFile("foto.png", PNG, content_type="image/png")]},
    )
    assert breuk.gebroken == 1 and r.status_code == 302, r.content[:300]
    bijlage = Bijlage.objects.get()  # the first run's stored file went with its transaction
    assert bijlage.grootte == len(PNG) and bijlage.bestand.open("rb").read() == PNG
    _eenmaal_opgeslagen()


def test_a_post_that_committed_and_then_lost_its_connection_is_not_run_again(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, '"meldroute_signaal"', scherp=False)
    echt = meldroute_services.signaal_melden

    def melden_en_dan_lezen(**kwargs):
        signaal = echt(**kwargs)  # committed (and the aandachtsfunctionaris mailed)
        breuk.scherp = True
        Signaal.objects.filter(pk=signaal.pk).exists()  # the view reads on; the connection is gone
        return signaal

    monkeypatch.setattr(meldroute_services, "signaal_melden", melden_en_dan_lezen)
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert breuk.gebroken == 1 and r.status_code == 500
    assert "Er ging iets mis" in r.content.decode()  # the Dutch error page, rendered on a fresh connection
    _eenmaal_opgeslagen()  # not made a second time


def test_a_post_whose_commit_was_cut_off_is_not_run_again(melder, monkeypatch):
    # the server committed, the answer never arrived: whether it is stored is unknown to Kompas
    echt = type(connections["default"])._commit
    afgebroken = []

    def _commit(self):
        echt(self)
        if not afgebroken:
            afgebroken.append(1)
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(type(connections["default"]), "_commit", _commit)
    r = melder.post(reverse("meldroute:melden"), MELDING)
    assert afgebroken == [1] and r.status_code == 500 and "Er ging iets mis" in r.content.decode()
    assert Signaal.objects.count() == 1 and StatusWijziging.objects.count() == 1


def test_a_query_of_the_middleware_cut_off_is_run_again(melder, monkeypatch):
    breuk = Afbreken(monkeypatch, '"otp_totp_totpdevice"')  # the second factor, read by the middleware before the view
    r = melder.get(reverse("meldroute:mijn_signalen"))
    assert breuk.gebroken == 1 and r.status_code == 200


def test_a_read_cut_off_after_its_audit_record_is_run_again_and_audited_twice_not_never(gemeente, monkeypatch):
    from tests.factories import SignaalFactory

    signaal = SignaalFactory(gemeente=gemeente)
    af = _client(member(Rol.AANDACHTSFUNCTIONARIS, gemeente))
    breuk = Afbreken(monkeypatch, '"meldroute_statuswijziging"')  # the history, read after the read was audited
    r = af.get(reverse("meldroute:signaal", args=[signaal.pk]))
    assert breuk.gebroken == 1 and r.status_code == 200 and signaal.referentie in r.content.decode()
    assert (
        AuditEntry.objects.filter(actie=Actie.VIEW, object_type="meldroute.signaal", object_id=str(signaal.pk)).count()
        == 2
    )


def test_what_lasts_decides_whether_work_may_run_again():
    def organisatie():
        return Organisatie.objects.create(naam=f"Org {timezone.now().timestamp()}", cbs_code="")

    with Gevolgen() as g:
        AuditEntry.objects.create(actie=Actie.VIEW, object_type="x", object_id="1", tijdstip=timezone.now())
    assert not g.blijvend  # an audit record does not count
    with Gevolgen() as g:
        organisatie()
    assert g.blijvend.startswith("vastgelegd: INSERT")  # outside a transaction: committed at once
    with Gevolgen() as g, pytest.raises(RuntimeError), transaction.atomic():
        organisatie()
        raise RuntimeError("fout in de view")
    assert not g.blijvend  # rolled back
    with Gevolgen() as g, transaction.atomic():
        organisatie()
    assert g.blijvend == "transactie vastgelegd"
    with Gevolgen() as g:
        blijvend_gevolg("e-mail verstuurd")
    assert g.blijvend == "e-mail verstuurd"
    blijvend_gevolg("buiten")  # no unit of work running: nothing to mark
    assert "commit" not in vars(connections["default"]) and "rollback" not in vars(connections["default"])
