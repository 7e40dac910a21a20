"""Issue 14 item 10: the working pages stay fast at realistic volumes. The audit search counts
at most 1,000 rows and says "meer dan"; the shares without consent are counted through a
partial index; the kennisbank redactie pages by 50; kompas.regio's tables are cached per
version of the reference data and follow every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.audit import selectors as audit_selectors
from kompas.audit.models import OVERRIDE_DETAIL, Actie, AuditEntry
from kompas.audit.services import audit_log_create
from kompas.core import paginering
from kompas.kennisbank.models import Artikel
from kompas.regio import selectors as regio_selectors
from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap

pytestmark = pytest.mark.django_db


def test_audit_search_counts_up_to_the_limit_and_says_more(make_member, login, monkeypatch):
    monkeypatch.setattr(paginering, "GRENS", 3)
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    for i in range(5):
        audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr=f"signaal {i}")
    c = login(po)
    with CaptureQueriesContext(connection) as q:
        page = c.get(reverse("audit:list"), {"actie": "view"}).content.decode()
    assert "Meer dan 3 regels" in page and "Bekeken" in page  # the action's label, looked up once per page
    telling = [
        x["sql"]
        for x in q.captured_queries
        if "COUNT(" in x["sql"] and "audit_auditentry" in x["sql"] and "override" not in x["sql"]
    ]
    assert telling and all("LIMIT 4" in sql for sql in telling)  # never a count over every matching row
    monkeypatch.setattr(paginering, "GRENS", 10)
    page = c.get(reverse("audit:list"), {"actie": "view"}).content.decode()
    assert "5 regels" in page and "Meer dan" not in page


def test_the_shares_without_consent_are_counted_through_the_partial_index(make_member):
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    audit_log_create(
        actie=Actie.CREATE, organisatie=org, object_repr="deling", details={OVERRIDE_DETAIL: "acuut gevaar"}
    )
    audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr="gewoon")
    from kompas.accounts.actor import actor_for

    qs = audit_selectors.audit_search(
        audit_selectors.audit_entries_for_actor(actor_for(po, org.pk)), zonder_toestemming=True
    )
    assert [e.object_repr for e in qs] == ["deling"]
    sql, params = qs.query.sql_with_params()
    assert OVERRIDE_DETAIL in sql and OVERRIDE_DETAIL not in map(
        str, params
    )  # a literal, so the planner can match the index
    if connection.vendor == "sqlite":  # SQLite refuses INDEXED BY an index its planner cannot use ("no query solution")
        geforceerd = sql.replace(
            'FROM "audit_auditentry"', 'FROM "audit_auditentry" INDEXED BY "audit_override_time"', 1
        )
        with connection.cursor() as cur:
            cur.execute(geforceerd, params)
            assert len(cur.fetchall()) == 1
    assert AuditEntry.objects.count() == 2


def test_redactie_pages_by_fifty(make_member, login):
    bron = Artikel.objects.first()
    for i in range(55 - Artikel.objects.count()):
        Artikel.objects.create(
            slug=f"extra-{i}",
            titel=f"Extra {i:02d}",
            samenvatting="s",
            bouwsteen=bron.bouwsteen if bron else "signaleren",
            onderwerp="o",
            inhoud="x",
            bronnen="b",
        )
    c = login(make_member(Rol.REDACTEUR))
    eerste = c.get(reverse("kennisbank:redactie")).content.decode()
    tweede = c.get(reverse("kennisbank:redactie"), {"pagina": 2}).content.decode()
    rijen = lambda html: html.count('scope="row"')  # noqa: E731
    assert Artikel.objects.count() >= 55 and rijen(eerste) == 50 and rijen(tweede) == Artikel.objects.count() - 50
    assert "Pagina 1 van 2" in eerste


def test_regio_tables_follow_every_change_of_the_reference_data():
    g = Gemeente.objects.create(jaar=2030, cbs_code="GM9001", naam="Testdorp", provincie="Utrecht", inwoners=1000)
    a = Regio.objects.create(indeling=Indeling.ZVH, code="T-A", naam="Regio A")
    b = Regio.objects.create(indeling=Indeling.ZVH, code="T-B", naam="Regio B")
    lid = RegioLidmaatschap.objects.create(gemeente=g, regio=a, indeling=Indeling.ZVH)
    assert regio_selectors.regio_tabel(2030)["GM9001"].naam == "Regio A"
    versie = regio_selectors.regio_versie()
    with CaptureQueriesContext(connection) as q:
        regio_selectors.regio_tabel(2030)
    assert len(q.captured_queries) == 1  # the version only: the table comes from the cache
    lid.regio = b  # a correction in place: same number of rows, same ids
    lid.save()
    assert regio_selectors.regio_versie() != versie
    assert regio_selectors.regio_tabel(2030)["GM9001"].naam == "Regio B"
    b.naam = "Regio Bee"
    b.save()
    assert regio_selectors.regio_tabel(2030)["GM9001"].naam == "Regio Bee"
    lid.delete()
    assert "GM9001" not in regio_selectors.regio_tabel(2030)
