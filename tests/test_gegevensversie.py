"""The version of the domain data (kompas.core.gegevensversie): kept by database triggers on
every domain table, so no way of writing escapes it; the audit log and sessions are not domain
data. Runs on SQLite and PostgreSQL (CI runs both)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from kompas.accounts.models import Organisatie
from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.core import gegevensversie
from kompas.core.jobs import gegevensversie_opschonen
from kompas.core.scheduler import PERIODIEKE_TAKEN
from kompas.meldroute.models import Signaal
from tests.factories import OrganisatieFactory
from tests.test_meldroute import melden

pytestmark = pytest.mark.django_db


def _tabellen_met_trigger() -> set[str]:
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'kompas_gegevensversie' AND NOT t.tgisinternal"
            )
            return {r[0] for r in c.fetchall()}
        c.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kompas_v_%'")
        rijen = c.fetchall()
    per_tabel: dict[str, int] = {}
    for tabel, _naam in rijen:
        per_tabel[tabel] = per_tabel.get(tabel, 0) + 1
    return {t for t, n in per_tabel.items() if n == 3}  # insert, update and delete


def test_every_domain_table_has_its_trigger_and_no_other_table_has_one():
    domein = set(gegevensversie.domeintabellen())
    assert len(domein) > 40 and "meldroute_signaal" in domein and "meldroute_signaal_gerelateerd" in domein
    assert "audit_auditentry" not in domein and "django_session" not in domein
    assert _tabellen_met_trigger() == domein


def test_installing_twice_changes_nothing():
    assert gegevensversie.installeren() == len(gegevensversie.domeintabellen())
    assert gegevensversie.installeren() == len(gegevensversie.domeintabellen())
    assert _tabellen_met_trigger() == set(gegevensversie.domeintabellen())


def test_after_migrate_a_table_without_its_trigger_gets_it_back():
    """SQLite rebuilds a table to alter it (its triggers go with it); a new table has none yet."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("DROP TRIGGER kompas_gegevensversie ON meldroute_signaal")
        else:
            c.execute('DROP TRIGGER "kompas_v_meldroute_signaal_update"')
    assert "meldroute_signaal" not in _tabellen_met_trigger()
    gegevensversie.na_migratie(sender=None)
    assert _tabellen_met_trigger() == set(gegevensversie.domeintabellen())


@pytest.fixture
def melder(make_member):
    from kompas.accounts.constants import Rol

    return make_member(Rol.MEDEWERKER, OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405"))


def test_every_way_of_writing_changes_the_version(melder):
    s = melden(melder)
    ander = melden(melder)
    schrijfwijzen = [
        lambda: melden(melder),  # a service (ORM create)
        lambda: Signaal.objects.filter(pk=s.pk).update(acuut=True),  # queryset update, no signals
        lambda: s.gerelateerd.add(ander),  # a many-to-many table
        lambda: connection.cursor().execute("UPDATE meldroute_signaal SET waar = %s WHERE id = %s", ["x", s.pk]),
        lambda: Signaal.objects.filter(pk=ander.pk).delete(),  # with its many-to-many rows
        lambda: Organisatie.objects.update(actief=True),  # another domain app (accounts)
    ]
    gezien = {gegevensversie.huidig()}
    for schrijf in schrijfwijzen:
        schrijf()
        versie = gegevensversie.huidig()
        assert versie not in gezien
        gezien.add(versie)


def test_reading_auditing_and_sessions_leave_the_version_alone(melder):
    melden(melder)
    voor = gegevensversie.huidig()
    list(Signaal.objects.all())
    audit_log_create(actie=Actie.VIEW, user=melder, object_type="meldroute.signaal", object_repr="inbox")
    sessie = SessionStore()
    sessie["x"] = 1
    sessie.save()
    assert gegevensversie.huidig() == voor


def test_cleaning_up_gives_a_version_never_seen_before(melder):
    melden(melder)
    voor = gegevensversie.huidig()
    verwijderd = gegevensversie_opschonen.call()
    na = gegevensversie.huidig()
    if connection.vendor == "postgresql":  # the log of transactions is emptied, the counter raised
        assert verwijderd >= 1 and na[1] == 0 and na[0] == voor[0] + 1
    else:  # SQLite counts in one row: nothing to clean up
        assert verwijderd == 0 and na == voor
    melden(melder)
    assert gegevensversie.huidig() not in {voor, na}
    assert any(p.naam == "core.gegevensversie" for p in PERIODIEKE_TAKEN)


def test_without_its_row_the_version_is_unknown():
    with connection.cursor() as c:
        c.execute("DELETE FROM core_gegevensversie")
    assert gegevensversie.huidig() is None
    gegevensversie.installeren()  # puts the row back
    assert gegevensversie.huidig() is not None


@pytest.mark.django_db(transaction=True)
def test_a_read_that_finds_a_long_log_empties_it_first(monkeypatch, melder):
    """PostgreSQL counts the changes; past OPSCHONEN_VANAF a read cleans up, so counting stays
    cheap. (SQLite keeps one counter: there is nothing to clean up.)"""
    monkeypatch.setattr(gegevensversie, "OPSCHONEN_VANAF", 3)
    voor = gegevensversie.huidig()
    for _ in range(3):
        melden(melder)
    na = gegevensversie.huidig()
    assert na != voor
    if connection.vendor == "postgresql":
        assert na[1] < 3 and na[0] > voor[0]
    melden(melder)
    assert gegevensversie.huidig() not in {voor, na}
