import csv
import io
import re

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import DatabaseError, IntegrityError
from django.test import RequestFactory
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.audit.admin import AuditEntryAdmin
from kompas.audit.models import Actie, AuditEntry, AuditImmutableError
from kompas.audit.services import audit_log_create


@pytest.fixture
def entry(db):
    return audit_log_create(actie=Actie.VIEW, object_type="x", object_id=1, object_repr="iets", doel="controle")


def test_entry_cannot_be_saved_again(entry):
    entry.doel = "anders"
    with pytest.raises(AuditImmutableError):
        entry.save()


def test_entry_cannot_be_deleted(entry):
    with pytest.raises(AuditImmutableError):
        entry.delete()


def test_queryset_cannot_update_or_delete(entry):
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(doel="anders")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE audit_auditentry SET doel = 'x'", "DELETE FROM audit_auditentry"])
def test_database_rejects_raw_update_and_delete(entry, sql):
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    entry_again = AuditEntry.objects.get(pk=entry.pk)
    assert entry_again.doel == "controle"


def test_admin_is_read_only(entry):
    admin = AuditEntryAdmin(AuditEntry, site)
    request = RequestFactory().get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
    assert admin.actions is None


@pytest.mark.django_db
def test_privacy_officer_searches_and_exports_own_organisation_only(make_member, login):
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    other = make_member(Rol.MEDEWERKER)
    audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr="signaal 1 van ons", doel="behandeling")
    audit_log_create(
        actie=Actie.VIEW, organisatie=other.lidmaatschappen.get().organisatie, object_repr="signaal van hen"
    )
    c = login(po)
    page = c.get(reverse("audit:list"), {"q": "signaal"}).content.decode()
    assert "signaal 1 van ons" in page and "signaal van hen" not in page
    response = c.get(reverse("audit:export"), {"q": "signaal"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))
    assert rows[0][0] == "tijdstip"
    assert [r[6] for r in rows[1:]] == ["signaal 1 van ons"]
    # the export itself is audited
    assert AuditEntry.objects.filter(actie=Actie.EXPORT, user=po).exists()


@pytest.mark.django_db
def test_invalid_search_date_does_not_break(make_member, login):
    po = make_member(Rol.PRIVACY_OFFICER)
    audit_log_create(
        actie=Actie.VIEW, organisatie=po.lidmaatschappen.get().organisatie, object_repr="signaal 7 van ons"
    )
    r = login(po).get(reverse("audit:list"), {"van": "31-02-2026"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "Voer een geldige datum in." in page  # a Dutch error at the field
    assert 'value="31-02-2026"' in page  # what was typed is kept to correct
    assert "signaal 7 van ons" in page  # the unfiltered trail is still shown, not an empty page


def test_maintenance_mode_is_the_only_way_to_delete(entry):
    from kompas.audit.maintenance import audit_maintenance

    with pytest.raises(ValueError, match="reden"), audit_maintenance(""):
        pass
    with audit_maintenance("test: opschonen"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 0
    # and outside maintenance the door is shut again
    audit_log_create(actie=Actie.VIEW, object_repr="nieuw")
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        audit_maintenance("ook niet bijwerken"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET doel = 'x'")


@pytest.mark.django_db
def test_security_events_record_who_where_and_ip(make_member):
    from django.test import Client

    from tests.factories import PASSWORD

    user = make_member(Rol.MEDEWERKER)
    Client(REMOTE_ADDR="192.0.2.10").post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    entry = AuditEntry.objects.get(actie=Actie.LOGIN)
    assert entry.user == user
    assert entry.organisatie == user.lidmaatschappen.get().organisatie
    assert entry.ip_adres == "192.0.2.10"


@pytest.mark.django_db
def test_a_row_leads_to_its_page_and_back_to_the_same_search(make_member, login):
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    e = audit_log_create(
        actie=Actie.VIEW, organisatie=org, object_type="meldroute.signaal", object_id=12, object_repr="MH-1"
    )
    c = login(po)
    lijst = c.get(reverse("audit:list"), {"actie": "view", "q": "MH-1"}).content.decode()
    detail = reverse("audit:detail", args=[e.pk])
    link = re.search(rf'href="({re.escape(detail)}[^"]*)"', lijst).group(1).replace("&amp;", "&")
    pagina = c.get(link).content.decode()
    assert "<dd>Signaal 12 – MH-1</dd>" in pagina  # the kind of object in words, not "meldroute.signaal"
    terug = re.search(r'<a class="utrecht-breadcrumb-nav__link" href="([^"]+)">Auditlog</a>', pagina).group(1)
    assert terug.replace("&amp;", "&") == reverse("audit:list") + "?actie=view&q=MH-1"
    # only a query string of the audit list: nothing else can be smuggled into the link
    vreemd = c.get(detail, {"terug": '"><script>x</script>'}).content.decode()
    assert "<script>x" not in vreemd
