"""The session-cached authorisation context: fast, and never stale after a change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.actor import Actor
from kompas.accounts.constants import Rol
from kompas.accounts.models import Lidmaatschap, User

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
    # the session row, with the data version: the user row comes from memory under that
    # version, devices and memberships from the session
    assert len(queries) == 1, [q["sql"] for q in queries]
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


def _naar_inloggen(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_deactivated_account_is_logged_out_on_the_next_request(make_member, login, zonder_paginacache):
    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    warm(c)  # the user row is in memory now
    User.objects.filter(pk=user.pk).update(is_active=False)  # no signal: the data version tells
    assert _naar_inloggen(c.get("/overzicht/"))


def test_new_password_ends_the_session_on_the_next_request(make_member, login, zonder_paginacache):
    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    warm(c)
    user.set_password("Een-heel-ander-wachtwoord-2026")
    user.save()
    assert _naar_inloggen(c.get("/overzicht/"))


def test_another_users_change_reads_the_row_again_and_a_post_always_does(make_member, login, zonder_paginacache):
    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    warm(c)
    User.objects.filter(pk=make_member(Rol.MEDEWERKER).pk).update(first_name="Ander")  # a new data version
    with CaptureQueriesContext(connection) as queries:
        assert c.get("/overzicht/").status_code == 200
    assert any('FROM "accounts_user"' in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        c.post(reverse("accounts:logout"))  # a request that writes has no request memory
    assert any('FROM "accounts_user"' in q["sql"] for q in queries.captured_queries)


def test_the_request_carries_the_user_and_actor_themselves(make_member, login):
    """After the middleware, ``request.user`` and (once asked) ``request.actor`` are the
    objects, not lazy wrappers that every attribute read of a page passes through."""
    user = make_member(Rol.MEDEWERKER)
    request = login(user).get("/overzicht/").wsgi_request
    assert type(request.user) is User and request.user.pk == user.pk
    assert type(request.actor) is Actor and request.actor.user.pk == user.pk
