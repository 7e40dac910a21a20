"""Issue 14 item 10: working pages served again from memory while nothing they show changed
(kompas.core.paginacache), under the version of the domain data (kompas.core.gegevensversie).

What must hold: a kept page is the page a fresh build gives; any change to domain data, by any
route (a service, a queryset update, raw SQL), shows on the next view; the policy and the
object's owner still decide; every view still lands in the audit log; messages, the CSRF
token and the date stay right."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.accounts.models import Lidmaatschap
from kompas.audit.models import Actie, AuditEntry
from kompas.core import gegevensversie, paginacache
from kompas.meldroute.models import Signaal
from tests.factories import OrganisatieFactory
from tests.test_meldroute import af, gemeente, melden, melder  # noqa: F401 - the meldroute tests' fixtures

pytestmark = pytest.mark.django_db
BRON = "brp"


@pytest.fixture
def bewaard(monkeypatch):
    """The keys put in memory by the page cache during the test."""
    keys = []
    echt = paginacache.cache.set

    def set_(key, *args, **kwargs):
        if key.startswith("kompas.pagina:"):
            keys.append(key)
        return echt(key, *args, **kwargs)

    monkeypatch.setattr(paginacache.cache, "set", set_)
    return keys


def tot_in_geheugen(c, url):
    """Three views: the first gets the CSRF cookie (nothing is kept without one), the second
    builds the page and keeps it, the third comes from memory; returns the third."""
    for _ in range(3):
        response = c.get(url)
    return response


def _views(af, obj_type="meldroute.signaal"):
    return list(
        AuditEntry.objects.filter(user=af, actie=Actie.VIEW, object_type=obj_type).values_list(
            "object_id", "object_repr", "details"
        )
    )


def test_the_second_view_comes_from_memory_and_is_audited_like_the_first(melder, af, login, bewaard):
    signalen = [melden(melder) for _ in range(3)]
    c = login(af)
    url = reverse("meldroute:inbox")
    c.get(url)  # the first request gets its CSRF cookie: nothing is kept without one
    gebouwd = c.get(url).content
    assert len(bewaard) == 1
    with CaptureQueriesContext(connection) as q:
        uit_geheugen = c.get(url).content
    assert uit_geheugen == gebouwd
    # the session (with the data's version, kompas.core.sessies) and the audit record; the user
    # row comes from memory under that version too (kompas.accounts.authcache)
    assert len(q) == 2 and not any("meldroute_signaal" in x["sql"] for x in q.captured_queries)
    assert "core_gegevensversie" in q.captured_queries[0]["sql"]
    assert q.captured_queries[1]["sql"].startswith('INSERT INTO "audit_auditentry"')
    views = _views(af)
    assert len(views) == 3 and views[1] == views[2]  # the kept view wrote the same record
    assert sorted(views[2][2]["ids"]) == sorted(s.pk for s in signalen)


def _acuut_zetten_orm(s):
    s = Signaal.objects.get(pk=s.pk)
    s.acuut = True
    s.save(update_fields=["acuut"])


ACUUT = '<strong class="kompas-flag">Acuut</strong>'


@pytest.mark.parametrize(
    "wijzigen",
    [
        pytest.param(lambda s: Signaal.objects.filter(pk=s.pk).update(acuut=True), id="queryset-update"),
        pytest.param(_acuut_zetten_orm, id="orm-save"),
        pytest.param(
            lambda s: connection.cursor().execute(
                "UPDATE meldroute_signaal SET acuut = %s WHERE id = %s", [True, s.pk]
            ),
            id="raw-sql",
        ),
    ],
)
def test_any_change_to_the_data_shows_on_the_next_view(melder, af, login, bewaard, wijzigen):
    s = melden(melder)
    c = login(af)
    url = reverse("meldroute:inbox")
    for _ in range(3):
        assert ACUUT not in c.get(url).content.decode()
    assert len(bewaard) == 1  # the third view came from memory
    voor = gegevensversie.huidig()
    wijzigen(s)
    assert gegevensversie.huidig() != voor
    assert ACUUT in c.get(url).content.decode()


def test_a_new_signal_shows_in_a_kept_inbox_at_once(melder, af, login, bewaard):
    melden(melder)
    c = login(af)
    url = reverse("meldroute:inbox")
    tot_in_geheugen(c, url)
    assert len(bewaard) == 1
    nieuw = melden(melder)
    assert nieuw.referentie in c.get(url).content.decode()


def test_the_owner_and_the_policy_still_decide(melder, af, login, make_member, bewaard):
    s = melden(melder)
    url = reverse("meldroute:signaal", args=[s.pk])
    c = login(af)
    for _ in range(3):
        assert c.get(url).status_code == 200
    assert bewaard
    andere = make_member(Rol.AANDACHTSFUNCTIONARIS, OrganisatieFactory(naam="Gemeente Enkhuizen", cbs_code="GM0388"))
    vreemd = login(andere)
    for _ in range(3):
        assert vreemd.get(url).status_code == 404  # another gemeente's signal: as if missing
    # a revoked role holds at once, also for the page in memory
    Lidmaatschap.objects.filter(user=af).update(rol=Rol.MEDEWERKER)
    assert c.get(url).status_code in (403, 404)


def test_a_message_is_shown_once_and_never_kept(melder, af, login, bewaard):
    s = melden(melder)
    c = login(af)
    url = reverse("meldroute:signaal", args=[s.pk])
    tot_in_geheugen(c, url)
    r = c.post(
        reverse("meldroute:verrijken", args=[s.pk]),
        {"bron": BRON, "grondslag": "Wet BRP art. 3.2", "tekst": "Op het adres staan negen mensen ingeschreven."},
        follow=True,
    )
    assert "De verrijking is vastgelegd." in r.content.decode()
    assert "negen mensen" in r.content.decode()
    weer = c.get(url).content.decode()
    assert "De verrijking is vastgelegd." not in weer and "negen mensen" in weer


def test_the_kept_pages_form_carries_a_token_the_browser_cookie_accepts(melder, af, login):
    s = melden(melder)
    c = login(af)
    url = reverse("meldroute:signaal", args=[s.pk])
    html = tot_in_geheugen(c, url).content.decode()
    c.handler.enforce_csrf_checks = True
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    r = c.post(
        reverse("meldroute:verrijken", args=[s.pk]),
        {"csrfmiddlewaretoken": token, "bron": BRON, "grondslag": "Wet BRP art. 3.2", "tekst": "Negen."},
    )
    assert r.status_code == 302


def test_the_date_is_part_of_the_key(melder, af, login, bewaard, monkeypatch):
    from datetime import date

    melden(melder)
    c = login(af)
    url = reverse("meldroute:inbox")
    tot_in_geheugen(c, url)
    assert len(bewaard) == 1
    monkeypatch.setattr(paginacache.timezone, "localdate", lambda: date(2099, 1, 1))
    c.get(url)
    assert len(bewaard) == 2  # a new day: "te laat" and day counts are computed again


def test_a_page_that_changed_data_while_it_was_built_is_not_kept(melder, af, login, bewaard, monkeypatch):
    melden(melder)
    c = login(af)
    url = reverse("meldroute:inbox")
    c.get(url)
    versies = iter([(1, 0), (2, 0)])
    monkeypatch.setattr(paginacache.gegevensversie, "huidig", lambda using="default": next(versies))
    c.get(url)
    assert bewaard == []


def test_a_record_for_another_user_cannot_be_replayed_so_the_page_is_not_kept(af, login, bewaard, monkeypatch):
    from kompas.audit.services import audit_log_create

    c = login(af)
    url = reverse("meldroute:inbox")
    c.get(url)
    import kompas.meldroute.views as views

    echt = views.audit_log_create

    def ook_voor_een_ander(**kwargs):
        audit_log_create(actie=Actie.VIEW, user=af, object_type="test", object_repr="namens een ander")
        return echt(**kwargs)

    monkeypatch.setattr(views, "audit_log_create", ook_voor_een_ander)
    c.get(url)
    assert bewaard == []


def test_nothing_is_kept_without_a_version(af, login, bewaard, monkeypatch):
    monkeypatch.setattr(paginacache.gegevensversie, "huidig_in_verzoek", lambda using="default": None)
    c = login(af)
    for _ in range(3):
        assert c.get(reverse("meldroute:inbox")).status_code == 200
    assert bewaard == []


def test_the_dashboard_is_kept_and_follows_new_signals(melder, af, login, bewaard):
    melden(melder)
    c = login(af)
    voor = tot_in_geheugen(c, reverse("core:dashboard")).content.decode()
    assert len(bewaard) == 1
    melden(melder)
    na = c.get(reverse("core:dashboard")).content.decode()
    assert na != voor and len(bewaard) == 2


def test_the_audit_log_is_kept_until_a_record_comes_or_goes(make_member, login, bewaard):
    from kompas.audit.maintenance import audit_maintenance
    from kompas.audit.services import audit_log_create

    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    oud = audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr="signaal oud")
    c = login(po)
    url = reverse("audit:list")
    for _ in range(3):
        assert "signaal oud" in c.get(url).content.decode()
    assert len(bewaard) == 1
    audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr="signaal nieuw")
    assert "signaal nieuw" in c.get(url).content.decode()
    with audit_maintenance("test: zoals de bewaartermijn"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [oud.pk])
    assert "signaal oud" not in c.get(url).content.decode()


def test_the_aandachtsfunctionaris_dashboard_counts_the_inbox(melder, af, login):
    from datetime import timedelta

    from django.utils import timezone

    melden(melder, acuut=True)
    oud = melden(melder)
    Signaal.objects.filter(pk=oud.pk).update(status_sinds=timezone.now() - timedelta(days=30))
    c = login(af)
    html = c.get(reverse("core:dashboard")).content.decode()
    assert "<strong>2 open signalen</strong> · <strong>1 acuut</strong> · <strong>1 wacht te lang</strong>" in html
    melden(melder)
    assert "<strong>3 open signalen</strong>" in c.get(reverse("core:dashboard")).content.decode()
