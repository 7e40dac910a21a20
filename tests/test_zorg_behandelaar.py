"""Zorgcoördinatie (issue 10): a zorgorganisatie has several coordinators; a traject has a
behandelaar (set on acceptance, handed on by a coordinator of the same organisation, audited)
and the caseload opens on "Mijn trajecten" for a coordinator who has any, with "Niet
toegewezen" and each colleague beside it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import NietVanU
from kompas.zorg import selectors, services
from kompas.zorg.models import Traject
from tests.conftest import member, verified_client
from tests.test_zorg_aanmelden import _aanmelden, wereld  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(wereld):  # noqa: F811
    """The ZVH has a second coordinator; a procesregisseur of the same ZVH is no coordinator."""
    tweede = member(Rol.ZORGCOORDINATOR, wereld["zvh"], first_name="Tweede", last_name="Coördinator")
    regisseur = member(Rol.PROCESREGISSEUR, wereld["zvh"])
    return {**wereld, "tweede": tweede, "tweede_actor": actor_for(tweede, wereld["zvh"].pk), "regisseur": regisseur}


def _accepteer(w, actor="zc_actor", **extra):
    return services.aanmelding_accepteren(actor=w[actor], aanmelding=_aanmelden(w, gemeente_code="GM0405", **extra))


def test_the_coordinator_who_accepts_becomes_the_behandelaar(team):
    t = _accepteer(team)
    assert t.behandelaar == team["zc"]
    assert _accepteer(team, actor="tweede_actor").behandelaar == team["tweede"]


def test_a_coordinator_of_the_organisation_hands_the_traject_on_audited(team):
    t = _accepteer(team)
    # the colleague takes it over
    services.traject_behandelaar_wijzigen(actor=team["tweede_actor"], traject=t, behandelaar=team["tweede"])
    t.refresh_from_db()
    assert t.behandelaar == team["tweede"]
    entry = AuditEntry.objects.filter(actie=Actie.UPDATE, object_type="zorg.traject", object_id=str(t.pk)).latest("id")
    assert entry.details["behandelaar"] == {"van": team["zc"].pk, "naar": team["tweede"].pk}
    # to nobody: niet toegewezen
    services.traject_behandelaar_wijzigen(actor=team["zc_actor"], traject=t, behandelaar=None)
    t.refresh_from_db()
    assert t.behandelaar is None


def test_only_a_coordinator_of_the_same_organisation_may_be_or_make_the_behandelaar(team):
    t = _accepteer(team)
    voor = AuditEntry.objects.count()
    for niet_coordinator in (team["regisseur"], team["zc_ander"], team["agent"]):
        with pytest.raises(ValidationError) as e:
            services.traject_behandelaar_wijzigen(actor=team["zc_actor"], traject=t, behandelaar=niet_coordinator)
        assert "zorgcoördinator van uw eigen organisatie" in str(e.value)
    with pytest.raises(NietVanU):  # another organisation's coordinator cannot take it
        services.traject_behandelaar_wijzigen(
            actor=actor_for(team["zc_ander"], team["ander"].pk), traject=t, behandelaar=team["zc_ander"]
        )
    with pytest.raises(PermissionDenied):  # the procesregisseur of the same ZVH is no coordinator
        services.traject_behandelaar_wijzigen(
            actor=actor_for(team["regisseur"], team["zvh"].pk), traject=t, behandelaar=team["zc"]
        )
    t.refresh_from_db()
    assert t.behandelaar == team["zc"] and AuditEntry.objects.count() == voor


def test_the_traject_page_changes_the_behandelaar_and_offers_only_colleagues(team):
    t = _accepteer(team)
    client = verified_client(team["zc"])
    pagina = client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    assert "Tweede Coördinator" in pagina and str(team["zc_ander"]) not in pagina
    r = client.post(reverse("zorg:behandelaar", args=[t.pk]), {"behandelaar": str(team["tweede"].pk)})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.behandelaar == team["tweede"]
    # a user who is not a coordinator here is not a choice: a Dutch form error, nothing changed
    r = client.post(reverse("zorg:behandelaar", args=[t.pk]), {"behandelaar": str(team["regisseur"].pk)})
    assert r.status_code == 400 and r.context["behandelaar_form"].errors["behandelaar"]
    t.refresh_from_db()
    assert t.behandelaar == team["tweede"]
    r = client.post(reverse("zorg:behandelaar", args=[t.pk]), {"behandelaar": ""})
    t.refresh_from_db()
    assert r.status_code == 302 and t.behandelaar is None
    # another organisation's coordinator gets the same 404 as for a missing traject
    anders = verified_client(team["zc_ander"])
    assert anders.post(reverse("zorg:behandelaar", args=[t.pk]), {"behandelaar": ""}).status_code == 404


def test_caseload_opens_on_mijn_trajecten_with_niet_toegewezen_and_colleagues_beside_it(team):
    mijn = _accepteer(team)
    van_tweede = _accepteer(team, actor="tweede_actor")
    niemand = _accepteer(team)
    services.traject_behandelaar_wijzigen(actor=team["zc_actor"], traject=niemand, behandelaar=None)

    def codes(actor="zc_actor", **filters):
        return {t.clientcode for lijst in selectors.caseload(team[actor], **filters).values() for t in lijst}

    assert codes(behandelaar="ik") == {mijn.clientcode}
    assert codes(behandelaar="geen") == {niemand.clientcode}
    assert codes(behandelaar=str(team["tweede"].pk)) == {van_tweede.clientcode}
    assert codes(behandelaar="alle") == codes() == {mijn.clientcode, van_tweede.clientcode, niemand.clientcode}
    assert codes(actor="tweede_actor", behandelaar="ik") == {van_tweede.clientcode}

    client = verified_client(team["zc"])
    pagina = client.get(reverse("zorg:caseload")).content.decode()  # the default: mijn trajecten
    assert '<option value="ik" selected>Mijn trajecten</option>' in pagina
    assert mijn.clientcode in pagina and van_tweede.clientcode not in pagina and niemand.clientcode not in pagina
    assert f"{reverse('zorg:caseload')}?behandelaar=alle" in pagina  # "Alle filters wissen" shows everything
    assert "Van Tweede Coördinator" in pagina and "Niet toegewezen" in pagina
    alle = client.get(reverse("zorg:caseload"), {"behandelaar": "alle"}).content.decode()
    assert all(t.clientcode in alle for t in (mijn, van_tweede, niemand))
    geen = client.get(reverse("zorg:caseload"), {"behandelaar": "geen"}).content.decode()
    assert niemand.clientcode in geen and mijn.clientcode not in geen
    # the other organisation's coordinator is no choice: an invalid filter filters nothing
    r = client.get(reverse("zorg:caseload"), {"behandelaar": str(team["zc_ander"].pk)})
    assert r.status_code == 200 and all(t.clientcode in r.content.decode() for t in (mijn, van_tweede, niemand))


def test_a_coordinator_without_trajecten_of_their_own_sees_every_traject(team):
    t = _accepteer(team)
    nieuw = member(Rol.ZORGCOORDINATOR, team["zvh"])
    pagina = verified_client(nieuw).get(reverse("zorg:caseload")).content.decode()
    assert '<option value="alle" selected>Alle trajecten</option>' in pagina and t.clientcode in pagina
    assert "Alle filters wissen" not in pagina


def test_trajecten_from_before_the_behandelaar_are_niet_toegewezen(team):
    t = _accepteer(team)
    Traject.objects.filter(pk=t.pk).update(behandelaar=None)  # as the migration leaves existing rows
    assert {x.clientcode for x in selectors.caseload(team["zc_actor"], behandelaar="geen")["intake"]} == {t.clientcode}
    pagina = verified_client(team["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert t.clientcode in pagina  # nothing of their own: the caseload shows everything
