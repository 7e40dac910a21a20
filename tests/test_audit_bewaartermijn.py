"""The audit log at scale: its own retention period (the one sanctioned deletion, in batches,
counted per run), and the privacy officer's searches by user, object and period."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.utils import DatabaseError, IntegrityError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.audit import selectors
from kompas.audit.models import Actie, AuditEntry, AuditOpschoning
from kompas.audit.services import (
    audit_bewaartermijn_grens,
    audit_bewaartermijn_handhaven,
    audit_log_create,
)
from kompas.core.scheduler import PERIODIEKE_TAKEN, plan
from kompas.core.schrijven import SYSTEEM
from tests.conftest import member
from tests.factories import LidmaatschapFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=AMS)
ROOT = Path(__file__).resolve().parent.parent


def _row(when: datetime, **kwargs) -> AuditEntry:
    """An audit row written at ``when`` (tijdstip is set by the database layer, never by us)."""
    kwargs.setdefault("actie", Actie.VIEW)
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit_log_create(**kwargs)


def test_retention_deletes_only_rows_past_the_period_in_batches_and_counts_the_run():
    grens = audit_bewaartermijn_grens(now=NOW, maanden=60)
    old = [_row(grens - timedelta(days=d), object_repr=f"oud {d}") for d in (1, 2, 30, 400, 2000)]
    kept_edge = _row(grens + timedelta(seconds=1), object_repr="net binnen de termijn")
    recent = _row(NOW - timedelta(days=1), object_repr="gisteren")
    with CaptureQueriesContext(connection) as queries:
        run = audit_bewaartermijn_handhaven(actor=SYSTEEM, now=NOW, maanden=60, batch=2)
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert len(deletes) == 3  # 2 + 2 + 1: batches, never one statement over the whole table
    assert run.verwijderd == 5 and run.bewaartermijn_maanden == 60 and run.grens == grens
    assert run.oudste_bewaard == kept_edge.tijdstip  # the oldest row kept, for the privacy officer
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert not remaining & {e.pk for e in old}
    assert {kept_edge.pk, recent.pk} <= remaining
    # the purge leaves a trail of its own
    trail = AuditEntry.objects.get(actie=Actie.DELETE, object_type="audit.auditentry")
    assert trail.details["verwijderd"] == 5 and trail.details["bewaartermijn_maanden"] == 60
    # a second run finds nothing and still says so
    again = audit_bewaartermijn_handhaven(actor=SYSTEEM, now=NOW, maanden=60, batch=2)
    assert again.verwijderd == 0 and AuditOpschoning.objects.count() == 2


def test_retention_period_comes_from_the_setting(settings):
    settings.KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN = 1
    _row(NOW - timedelta(days=40), object_repr="ruim een maand oud")
    young = _row(NOW - timedelta(days=20), object_repr="drie weken oud")
    run = audit_bewaartermijn_handhaven(actor=SYSTEEM, now=NOW)
    assert run.verwijderd == 1 and run.bewaartermijn_maanden == 1
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_default_retention_is_five_years():
    from kompas.conf import base

    assert base.KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN == 60
    assert "KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN" in (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("maanden", [0, -1])
def test_a_retention_period_below_one_month_is_refused_and_deletes_nothing(maanden):
    _row(NOW - timedelta(days=400))
    with pytest.raises(ImproperlyConfigured, match="minstens 1"):
        audit_bewaartermijn_handhaven(actor=SYSTEEM, now=NOW, maanden=maanden)
    assert AuditEntry.objects.count() == 1 and not AuditOpschoning.objects.exists()


def test_after_the_job_the_log_is_append_only_again():
    _row(NOW - timedelta(days=4000))
    _row(NOW - timedelta(days=1))
    audit_bewaartermijn_handhaven(actor=SYSTEEM, now=NOW, maanden=60, batch=1)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 2  # yesterday's row and the purge's own trail


def test_the_job_is_the_only_code_that_enters_maintenance():
    """Deleting audit rows takes maintenance mode; only flush (dev/test) and the retention
    service may enter it."""
    users = {
        path.relative_to(ROOT / "src").as_posix()
        for path in (ROOT / "src").rglob("*.py")
        if re.search(r"\baudit_maintenance\(", path.read_text(encoding="utf-8"))
    }
    assert users == {
        "kompas/audit/maintenance.py",
        "kompas/audit/services.py",
        "kompas/audit/management/commands/flush.py",
    }
    source = (ROOT / "src/kompas/audit/services.py").read_text(encoding="utf-8")
    assert source.count("audit_maintenance(") == 1  # once, inside audit_bewaartermijn_handhaven


def test_the_planner_runs_the_retention_job_nightly(django_capture_on_commit_callbacks, settings):
    job = next(j for j in PERIODIEKE_TAKEN if j.naam == "audit.bewaartermijn")
    assert job.weekdag is None and job.taak == "kompas.audit.jobs.bewaartermijn"
    settings.KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN = 60
    _row(datetime(2019, 1, 1, tzinfo=AMS), object_repr="heel oud")
    with django_capture_on_commit_callbacks(execute=True):
        assert "audit.bewaartermijn" in plan(datetime(2026, 12, 5, 3, 16, tzinfo=AMS))
    run = AuditOpschoning.objects.get()
    assert run.verwijderd == 1 and not AuditEntry.objects.filter(object_repr="heel oud").exists()


# --- the privacy officer's searches ------------------------------------------------------------


@pytest.fixture
def po():
    org = OrganisatieFactory()
    user = member(Rol.PRIVACY_OFFICER, org)
    return actor_for(user, org.pk)


def test_search_by_user_object_and_period(po):
    org = po.organisatie
    a = member(Rol.MEDEWERKER, org)
    b = member(Rol.MEDEWERKER, org)
    late = datetime(2026, 11, 3, 23, 30, tzinfo=AMS)  # 22:30 UTC: still the 3rd in Kompas's time zone
    e1 = _row(late, user=a, organisatie=org, object_type="meldroute.signaal", object_id=7, object_repr="S-7")
    e2 = _row(late + timedelta(hours=1), user=b, organisatie=org, object_type="meldroute.signaal", object_id=8)
    e3 = _row(late - timedelta(days=2), user=a, organisatie=org, object_type="meldroute.signaal", object_id=77)
    qs = selectors.audit_entries_for_actor(po)
    assert list(selectors.audit_search(qs, gebruiker=a.pk)) == [e1, e3]
    assert list(selectors.audit_search(qs, object_type="meldroute.signaal", object_id="7")) == [e1]
    assert list(selectors.audit_search(qs, van=date(2026, 11, 3), tot=date(2026, 11, 3))) == [e1]
    assert list(selectors.audit_search(qs, van=date(2026, 11, 4))) == [e2]
    assert list(selectors.audit_search(qs, tot=date(2026, 11, 2))) == [e3]


def test_rows_without_organisation_appear_once_for_a_member_with_several_roles(po):
    org = po.organisatie
    user = member(Rol.MEDEWERKER, org)
    LidmaatschapFactory(user=user, organisatie=org, rol=Rol.AANDACHTSFUNCTIONARIS)
    failed = audit_log_create(actie=Actie.LOGIN_FAILED, user=user)
    audit_log_create(actie=Actie.LOGIN_FAILED, user=member(Rol.MEDEWERKER))  # someone elsewhere
    assert list(selectors.audit_entries_for_actor(po)) == [failed]


def test_list_page_filters_by_user_through_the_query_string(po, login):
    org = po.organisatie
    a, b = member(Rol.MEDEWERKER, org), member(Rol.MEDEWERKER, org)
    audit_log_create(actie=Actie.VIEW, user=a, organisatie=org, object_repr="bekeken door a")
    audit_log_create(actie=Actie.VIEW, user=b, organisatie=org, object_repr="bekeken door b")
    page = login(po.user).get(reverse("audit:list"), {"gebruiker": a.pk}).content.decode()
    assert "bekeken door a" in page and "bekeken door b" not in page


def test_search_indexes_exist():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEntry._meta.db_table)
    columns = {name: c["columns"] for name, c in constraints.items() if c["index"]}
    assert columns["audit_user_time"] == ["user_id", "tijdstip"]
    assert columns["audit_object_time"] == ["object_type", "object_id", "tijdstip"]
    assert columns["audit_org_time"] == ["organisatie_id", "tijdstip"]


def test_no_index_repeats_the_start_of_another():
    """A record is written on every view of personal data, each index with it (migration
    audit 0005): eight indexes, none the leading column of a composite one, and the table
    still append-only (SQLite was not rebuilt, which would have dropped its triggers)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEntry._meta.db_table)
    indexen = {name: tuple(c["columns"]) for name, c in constraints.items() if c["index"] and not c["primary_key"]}
    assert sorted(indexen) == [
        "audit_actie_time",
        "audit_auditentry_tijdstip_52bd334d",
        "audit_object_id",
        "audit_object_time",
        "audit_org_time",
        "audit_override_time",
        "audit_user_time",
    ]
    samengesteld = [kolommen for kolommen in indexen.values() if len(kolommen) > 1]
    enkel = [kolommen for kolommen in indexen.values() if len(kolommen) == 1]
    assert not [k for k in enkel if any(s[: len(k)] == k for s in samengesteld)]
    entry = audit_log_create(actie=Actie.VIEW, object_repr="blijft staan")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'anders' WHERE id = %s", [entry.pk])


def test_retention_runs_are_read_only_in_the_admin(rf):
    from django.contrib.admin.sites import site

    from kompas.audit.admin import AuditOpschoningAdmin

    admin = AuditOpschoningAdmin(AuditOpschoning, site)
    request = rf.get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request) and not admin.has_delete_permission(request)


def test_records_are_written_with_one_statement_that_postgresql_prepares(rf):
    """The record of every view goes in with one fixed INSERT (kompas.audit.services._schrijven):
    each value as the ORM would store it, and on PostgreSQL a statement prepared on the server
    once it ran five times on the connection (kompas.core.postgresql.voorbereide_cursor)."""
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    with CaptureQueriesContext(connection) as queries:
        for i in range(6):
            audit_log_create(
                actie=Actie.VIEW,
                object_type="meldroute.signaal",
                object_id=i,
                object_repr=f"signaal {i}",
                details={"ids": [i, 7]},
                request=request,
            )
    # the query log shows each statement with its values, prepared or not
    assert all(f"'signaal {i}'" in q["sql"] for i, q in enumerate(queries.captured_queries))
    rij = AuditEntry.objects.get(object_id="5")
    assert (rij.actie, rij.object_repr, rij.details) == (Actie.VIEW, "signaal 5", {"ids": [5, 7]})
    assert rij.ip_adres == "10.1.2.3"
    assert abs((timezone.now() - rij.tijdstip).total_seconds()) < 60
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO \"audit_auditentry\"%%'"
            )
            assert cursor.fetchone()[0] == 1
