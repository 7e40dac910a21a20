"""The session-cached authorisation context: fast, and never stale after a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.constants import Rol
from kompas.accounts.models import Lidmaatschap

pytestmark = pytest.mark.django_db


def warm(client, url="/overzicht/"):
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200


def test_dashboard_needs_one_query_once_warm(make_member, login, zonder_paginacache):
    # a role whose panels carry no figures (the aandachtsfunctionaris's count the inbox)
    c = login(make_member(Rol.MEDEWERKER))
    warm(c)
    with CaptureQueriesContext(connection) as queries:
        assert c.get("/overzicht/").status_code == 200
    # the session row and the user row; devices and memberships come from the session
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert "django_session" in queries[0]["sql"]


def test_revoked_role_takes_effect_on_the_next_request(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    c = login(fb)
    warm(c, reverse("accounts:users"))
    Lidmaatschap.objects.filter(user=fb).delete()
    assert c.get(reverse("accounts:users")).status_code == 403


def test_role_changed_by_queryset_update_takes_effect(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    c = login(fb)
    warm(c, reverse("accounts:users"))
    Lidmaatschap.objects.filter(user=fb).update(rol=Rol.MEDEWERKER)
    assert c.get(reverse("accounts:users")).status_code == 403


def test_reset_device_ends_verification_at_once(make_member, login):
    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    warm(c)
    TOTPDevice.objects.filter(user=user).delete()
    response = c.get("/overzicht/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_setup")


def test_deactivated_organisation_loses_its_roles(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    c = login(fb)
    warm(c, reverse("accounts:users"))
    org = fb.lidmaatschappen.get().organisatie
    org.actief = False
    org.save()
    assert c.get(reverse("accounts:users")).status_code == 403


def test_other_users_change_does_not_touch_this_session(make_member, login, zonder_paginacache):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    other = make_member(Rol.MEDEWERKER)
    c = login(fb)
    warm(c)
    Lidmaatschap.objects.filter(user=other).delete()
    cache.clear()  # nothing from memory: the session and its authorisation entry still hold
    with CaptureQueriesContext(connection) as queries:
        assert c.get("/overzicht/").status_code == 200
    assert len(queries) == 2  # session row + user row
