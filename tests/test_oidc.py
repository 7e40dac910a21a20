"""Login through the organisation's own identity provider (issue 11 item 7), against a real
OpenID Connect provider started on 127.0.0.1 (tests/oidc_mock.py): the authorization request,
the provider's login, the callback, the token request and the id_token's signature (JWKS),
issuer, audience and nonce all run for real."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts import services
from kompas.accounts.actor import SESSION_KEY, actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.models import IdentiteitsKoppeling, IdentiteitsProvider, User
from kompas.audit.models import Actie, AuditEntry
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.oidc_mock import mock_provider

ADFS_MFA = "http://schemas.microsoft.com/claims/multipleauthn"


@pytest.fixture(scope="module")
def idp():
    with mock_provider() as provider:
        yield provider


@pytest.fixture
def applicatiebeheer(db):
    vng = OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")
    return actor_for(member(Rol.APPLICATIEBEHEERDER, vng), None)


@pytest.fixture
def gemeente(db, idp, applicatiebeheer):
    org = OrganisatieFactory(naam="Gemeente Oidc")
    services.identiteitsprovider_opslaan(
        actor=applicatiebeheer,
        organisatie=org,
        issuer=idp.issuer,
        client_id="kompas-test",
        client_secret="geheim-van-de-testclient-0123456789abcdef",
        email_domeinen="oidc.example, @Oidc-Tweede.example",
        mfa_acr_waarden=ADFS_MFA,
    )
    return org


def _start(client, email, next_url=""):
    r = client.post(reverse("accounts:oidc_login"), {"email": email, "next": next_url})
    assert r.status_code == 302, r.content.decode()[:500]
    return r["Location"]


def _login(idp, client, *, email, sub, next_url=""):
    """The whole flow: Kompas's organisation login, the provider's login page, the callback."""
    terug = idp.inloggen(_start(client, email, next_url), sub)
    path, query = idp.pad_en_query(terug)
    assert path == reverse("accounts:oidc_callback")
    return client.get(path, query)


def _fouten():
    return AuditEntry.objects.filter(actie=Actie.LOGIN_FAILED, details__methode="oidc")


@pytest.mark.django_db
def test_mfa_asserted_by_the_provider_needs_no_totp(idp, gemeente):
    user = member(Rol.AANDACHTSFUNCTIONARIS, gemeente, email="af@oidc.example")  # has an authenticator app
    idp.gebruiker("af-sub-1", email="af@oidc.example", email_verified=True, amr=["pwd", "mfa"])
    c = Client()
    r = _login(idp, c, email="af@oidc.example", sub="af-sub-1", next_url="/overzicht/")
    assert r.status_code == 302 and r["Location"] == "/overzicht/"
    assert c.get("/overzicht/").status_code == 200  # verified: no TOTP page in between
    assert c.session[SESSION_KEY] == gemeente.pk
    assert IdentiteitsKoppeling.objects.get(user=user).subject == "af-sub-1"
    entry = AuditEntry.objects.get(actie=Actie.LOGIN, user=user)
    assert entry.details["methode"] == "oidc" and entry.details["meerstapsverificatie_door_provider"] is True
    assert entry.details["amr"] == ["pwd", "mfa"] and entry.organisatie_id == gemeente.pk


@pytest.mark.django_db
def test_an_acr_value_configured_for_the_provider_counts_as_mfa(idp, gemeente):
    member(Rol.MEDEWERKER, gemeente, email="acr@oidc.example")
    idp.gebruiker("acr-sub", email="acr@oidc.example", email_verified=True, acr=ADFS_MFA)
    c = Client()
    assert _login(idp, c, email="acr@oidc.example", sub="acr-sub")["Location"] == reverse("core:dashboard")
    assert c.get(reverse("core:dashboard")).status_code == 200
    # ADFS puts the same value in amr
    member(Rol.MEDEWERKER, gemeente, email="adfs@oidc.example")
    idp.gebruiker("adfs-sub", email="adfs@oidc.example", email_verified=True, amr=[ADFS_MFA])
    c = Client()
    assert _login(idp, c, email="adfs@oidc.example", sub="adfs-sub")["Location"] == reverse("core:dashboard")
    # an acr value that is not configured counts for nothing
    member(Rol.MEDEWERKER, gemeente, email="laag@oidc.example")
    idp.gebruiker("laag-sub", email="laag@oidc.example", email_verified=True, acr="urn:laag", amr=["pwd"])
    c = Client()
    assert _login(idp, c, email="laag@oidc.example", sub="laag-sub")["Location"].startswith(
        reverse("accounts:otp_verify")
    )


@pytest.mark.django_db
def test_without_mfa_from_the_provider_kompas_asks_the_totp_code(idp, gemeente):
    member(Rol.AANDACHTSFUNCTIONARIS, gemeente, email="pwd@oidc.example")
    idp.gebruiker("pwd-sub", email="pwd@oidc.example", email_verified=True, amr=["pwd"], acr="1")
    c = Client()
    r = _login(idp, c, email="pwd@oidc.example", sub="pwd-sub")
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:otp_verify"))
    assert c.get(reverse("core:dashboard"))["Location"].startswith(reverse("accounts:otp_verify"))
    entry = AuditEntry.objects.get(actie=Actie.LOGIN, details__sub="pwd-sub")
    assert entry.details["meerstapsverificatie_door_provider"] is False


@pytest.mark.django_db
def test_without_mfa_a_role_that_needs_it_sets_up_the_authenticator_app(idp, gemeente):
    member(Rol.AANDACHTSFUNCTIONARIS, gemeente, totp=False, email="nieuw@oidc.example")
    idp.gebruiker("nieuw-sub", email="nieuw@oidc.example", email_verified=True)
    c = Client()
    assert _login(idp, c, email="nieuw@oidc.example", sub="nieuw-sub")["Location"] == reverse("accounts:otp_setup")


@pytest.mark.django_db
def test_an_unknown_person_is_refused_and_no_account_is_created(idp, gemeente):
    idp.gebruiker("onbekend-sub", email="onbekend@oidc.example", email_verified=True, amr=["mfa"])
    users = User.objects.count()
    c = Client()
    r = _login(idp, c, email="onbekend@oidc.example", sub="onbekend-sub")
    assert r["Location"] == reverse("accounts:oidc_login")
    assert "geen account van Gemeente Oidc" in c.get(r["Location"]).content.decode()
    assert User.objects.count() == users and "_auth_user_id" not in c.session
    assert _fouten().get().details["reden"] == "onbekend"


@pytest.mark.django_db
def test_a_user_of_another_organisation_is_refused(idp, gemeente):
    anders = OrganisatieFactory(naam="Gemeente Anders")
    member(Rol.MEDEWERKER, anders, email="ander@oidc.example")  # the address fits, the organisation does not
    idp.gebruiker("ander-sub", email="ander@oidc.example", email_verified=True, amr=["mfa"])
    c = Client()
    assert _login(idp, c, email="ander@oidc.example", sub="ander-sub")["Location"] == reverse("accounts:oidc_login")
    assert "_auth_user_id" not in c.session
    assert _fouten().get().details["reden"] == "andere_organisatie"


@pytest.mark.django_db
def test_an_unverified_email_is_not_enough(idp, gemeente):
    member(Rol.MEDEWERKER, gemeente, email="onbevestigd@oidc.example")
    idp.gebruiker("onbevestigd-sub", email="onbevestigd@oidc.example", email_verified=False, amr=["mfa"])
    c = Client()
    assert _login(idp, c, email="onbevestigd@oidc.example", sub="onbevestigd-sub")["Location"] == reverse(
        "accounts:oidc_login"
    )
    assert "_auth_user_id" not in c.session and not IdentiteitsKoppeling.objects.exists()
    assert _fouten().get().details["reden"] == "email_niet_geverifieerd"


@pytest.mark.django_db
def test_later_logins_match_the_subject_and_a_second_identity_is_refused(idp, gemeente):
    user = member(Rol.MEDEWERKER, gemeente, email="vast@oidc.example")
    idp.gebruiker("vast-sub", email="vast@oidc.example", email_verified=True, amr=["mfa"])
    assert _login(idp, Client(), email="vast@oidc.example", sub="vast-sub").status_code == 302
    # the provider now sends another address for the same subject: still the same account
    idp.gebruiker("vast-sub", email="hernoemd@oidc.example", email_verified=True, amr=["mfa"])
    c = Client()
    _login(idp, c, email="vast@oidc.example", sub="vast-sub")
    assert int(c.session["_auth_user_id"]) == user.pk
    # another subject claiming the same address does not take the account over
    idp.gebruiker("indringer-sub", email="vast@oidc.example", email_verified=True, amr=["mfa"])
    c = Client()
    _login(idp, c, email="vast@oidc.example", sub="indringer-sub")
    assert "_auth_user_id" not in c.session
    assert _fouten().get().details["reden"] == "ander_subject"


@pytest.mark.django_db
def test_a_removed_member_is_refused_even_with_a_known_subject(idp, gemeente):
    user = member(Rol.MEDEWERKER, gemeente, email="weg@oidc.example")
    idp.gebruiker("weg-sub", email="weg@oidc.example", email_verified=True, amr=["mfa"])
    _login(idp, Client(), email="weg@oidc.example", sub="weg-sub")
    user.lidmaatschappen.all().delete()
    c = Client()
    _login(idp, c, email="weg@oidc.example", sub="weg-sub")
    assert "_auth_user_id" not in c.session and _fouten().get().details["reden"] == "geen_lid_meer"


@pytest.mark.django_db
def test_a_wrong_nonce_is_refused(idp, gemeente):
    member(Rol.MEDEWERKER, gemeente, email="nonce@oidc.example")
    idp.gebruiker("nonce-sub", email="nonce@oidc.example", email_verified=True, amr=["mfa"])
    c = Client()
    terug = idp.inloggen(_start(c, "nonce@oidc.example"), "nonce-sub")
    session = c.session
    for entry in session["oidc_states"].values():  # the provider signed the nonce Kompas sent
        entry["nonce"] = "een-andere-nonce"
    session.save()
    path, query = idp.pad_en_query(terug)
    assert c.get(path, query)["Location"] == reverse("accounts:oidc_login")
    assert "_auth_user_id" not in c.session
    assert "nonce" in _fouten().get().details["reden"]


@pytest.mark.django_db
def test_an_unknown_reused_or_foreign_state_is_refused(idp, gemeente):
    member(Rol.MEDEWERKER, gemeente, email="state@oidc.example")
    idp.gebruiker("state-sub", email="state@oidc.example", email_verified=True, amr=["mfa"])
    c = Client()
    path, query = idp.pad_en_query(idp.inloggen(_start(c, "state@oidc.example"), "state-sub"))
    # a state this browser never started (the code is the provider's real one)
    assert c.get(path, {**query, "state": "verzonnen"})["Location"] == reverse("accounts:oidc_login")
    # the same answer in another browser (login CSRF): that session started nothing
    vreemde = Client()
    vreemde.get(reverse("accounts:oidc_login"))
    assert vreemde.get(path, query)["Location"] == reverse("accounts:oidc_login")
    assert "_auth_user_id" not in vreemde.session
    assert c.get(path, query)["Location"] == reverse("core:dashboard")  # the real one, once
    c.post(reverse("accounts:logout"))
    assert c.get(path, query)["Location"] == reverse("accounts:oidc_login")  # replayed: used up
    assert [e.details["reden"] for e in _fouten().order_by("pk")] == ["state_onbekend"] * 3


@pytest.mark.django_db
def test_a_domain_without_provider_keeps_password_login(idp, gemeente):
    r = Client().post(reverse("accounts:oidc_login"), {"email": "iemand@elders.example"})
    assert r.status_code == 200 and "Log in met uw gebruikersnaam en wachtwoord" in r.content.decode()
    # and a provider switched off sends nobody there
    IdentiteitsProvider.objects.update(actief=False)
    assert Client().post(reverse("accounts:oidc_login"), {"email": "x@oidc.example"}).status_code == 200


@pytest.mark.django_db
def test_applicatiebeheer_configures_the_provider_through_discovery(idp, applicatiebeheer):
    org = OrganisatieFactory(naam="Gemeente Nieuw")
    c = verified_client(applicatiebeheer.user)
    url = reverse("accounts:identiteitsprovider", args=[org.pk])
    assert "Nog niet ingesteld" in c.get(url).content.decode()
    r = c.post(
        url,
        {
            "issuer": idp.issuer + "/",
            "discovery_url": idp.issuer + "/.well-known/openid-configuration",
            "client_id": "kompas",
            "client_secret": "s3cr3t-waarde",
            "email_domeinen": "nieuw.example",
            "actief": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()
    p = IdentiteitsProvider.objects.get(organisatie=org)
    assert p.issuer == idp.issuer and p.token_endpoint.startswith(idp.issuer) and p.jwks_uri.startswith(idp.issuer)
    assert p.client_secret == "s3cr3t-waarde"
    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute("SELECT client_secret FROM accounts_identiteitsprovider WHERE id = %s", [p.pk])
        opgeslagen = cursor.fetchone()[0]
    assert "s3cr3t" not in opgeslagen
    entry = AuditEntry.objects.get(actie=Actie.CREATE, object_type="accounts.identiteitsprovider")
    assert "s3cr3t" not in str(entry.details) and entry.details["clientgeheim_gewijzigd"] is True
    # saved again without a secret: the secret stays
    c.post(
        url,
        {
            "issuer": idp.issuer,
            "client_id": "kompas2",
            "client_secret": "",
            "email_domeinen": "nieuw.example",
            "actief": "on",
        },
    )
    p.refresh_from_db()
    assert p.client_id == "kompas2" and p.client_secret == "s3cr3t-waarde"


@pytest.mark.django_db
def test_configuration_errors_are_shown(idp, applicatiebeheer, gemeente):
    org = OrganisatieFactory(naam="Gemeente Fout")
    c = verified_client(applicatiebeheer.user)
    url = reverse("accounts:identiteitsprovider", args=[org.pk])
    cases = [
        ({"issuer": "http://127.0.0.1:1/geen-provider"}, "kon niet worden opgehaald"),
        ({"issuer": "http://idp.example.org"}, "moet met https:// beginnen"),
        ({"issuer": idp.issuer + "/anders"}, "kon niet worden opgehaald"),
        ({"email_domeinen": "oidc.example"}, "hoort al bij de provider van Gemeente Oidc"),
        ({"client_secret": ""}, "Vul het clientgeheim in"),
    ]
    for wijziging, melding in cases:
        data = {
            "issuer": idp.issuer,
            "client_id": "k",
            "client_secret": "s",
            "email_domeinen": "fout.example",
            **wijziging,
        }
        r = c.post(url, data)
        assert r.status_code == 200 and melding in r.content.decode(), (wijziging, r.content.decode()[:300])
    assert not IdentiteitsProvider.objects.filter(organisatie=org).exists()


@pytest.mark.django_db
def test_the_providers_second_factor_never_replaces_the_app_at_a_password_login(idp, gemeente):
    """After an OIDC login with MFA the user has a provider "device"; a password login must
    still ask for (or set up) the authenticator app, and never reaches the OIDC backend."""
    from kompas.accounts.models import IdentiteitsProviderDevice
    from kompas.accounts.oidc import OrganisatieOIDCBackend
    from tests.factories import PASSWORD

    user = member(Rol.AANDACHTSFUNCTIONARIS, gemeente, totp=False, email="wachtwoord@oidc.example")
    idp.gebruiker("ww-sub", email="wachtwoord@oidc.example", email_verified=True, amr=["mfa"])
    assert _login(idp, Client(), email="wachtwoord@oidc.example", sub="ww-sub")["Location"] == reverse("core:dashboard")
    assert IdentiteitsProviderDevice.objects.filter(user=user, confirmed=True).exists()
    assert OrganisatieOIDCBackend().authenticate(None, username=user.username, password=PASSWORD) is None
    c = Client()
    r = c.post(reverse("accounts:login") + "?code=x&state=y", {"username": user.username, "password": PASSWORD})
    assert r["Location"] == reverse("accounts:otp_setup")
    assert c.get(reverse("core:dashboard"))["Location"] == reverse("accounts:otp_setup")
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.django_db
def test_id_tokens_not_signed_by_the_providers_key_are_refused(idp, gemeente):
    """Signature against the provider's JWKS, only asymmetric algorithms: a token signed with
    another RSA key, with the client secret (HS256) or unsigned is refused, as are a wrong
    issuer or audience; the provider's own key is accepted (the flow tests above)."""
    import time

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import SuspiciousOperation

    from kompas.accounts.oidc import OrganisatieOIDCBackend

    provider = IdentiteitsProvider.objects.get(organisatie=gemeente)
    backend = OrganisatieOIDCBackend()
    backend._configure(provider)
    now = int(time.time())
    claims = {"iss": provider.issuer, "aud": provider.client_id, "sub": "x", "iat": now, "exp": now + 300, "nonce": "n"}
    eigen_sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    vervalsingen = {
        "andere sleutel": jwt.encode(claims, eigen_sleutel, algorithm="RS256"),
        "clientgeheim (HS256)": jwt.encode(claims, provider.client_secret, algorithm="HS256"),
        "niet ondertekend": jwt.encode(claims, None, algorithm="none"),
    }
    for naam, token in vervalsingen.items():
        with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
            backend.verify_token(token, nonce="n")
            pytest.fail(naam)
    # a token the provider really signed, checked against another issuer or client: refused
    member(Rol.MEDEWERKER, gemeente, email="echt@oidc.example")
    idp.gebruiker("echt-sub", email="echt@oidc.example", email_verified=True, amr=["mfa"])
    for veld, waarde in (("issuer", "http://127.0.0.1:1"), ("client_id", "een-andere-client")):
        c = Client()
        terug = idp.inloggen(_start(c, "echt@oidc.example"), "echt-sub")
        IdentiteitsProvider.objects.filter(pk=provider.pk).update(**{veld: waarde})
        path, query = idp.pad_en_query(terug)
        assert c.get(path, query)["Location"] == reverse("accounts:oidc_login"), veld
        assert "_auth_user_id" not in c.session
        IdentiteitsProvider.objects.filter(pk=provider.pk).update(issuer=provider.issuer, client_id=provider.client_id)
    assert len(_fouten()) == 2
