import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.constants import Rol
from kompas.audit.models import Actie, AuditEntry
from tests.factories import PASSWORD, TOTP_KEY


def code(key=TOTP_KEY):
    return f"{totp(bytes.fromhex(key)):06d}"


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_password_then_totp_reaches_dashboard(make_member):
    user = make_member(Rol.AANDACHTSFUNCTIONARIS)
    c = Client()
    r = c.post(reverse("accounts:login"), {"username": user.email.upper(), "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:otp_verify"))
    # before the second factor nothing is reachable
    assert c.get(reverse("core:dashboard"))["Location"].startswith(reverse("accounts:otp_verify"))
    r = c.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert r.status_code == 200
    assert "klopt niet" in r.content.decode()
    r = c.post(reverse("accounts:otp_verify"), {"token": code(), "next": "/overzicht/"})
    assert r.status_code == 302 and r["Location"] == "/overzicht/"
    assert c.get("/overzicht/").status_code == 200
    actions = list(AuditEntry.objects.filter(user=user).values_list("actie", flat=True))
    assert {Actie.LOGIN, Actie.OTP_FAILED, Actie.OTP_VERIFIED} <= set(actions)


@pytest.mark.django_db
def test_open_redirect_is_refused(make_member):
    user = make_member(Rol.MEDEWERKER)
    c = Client()
    c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    r = c.post(reverse("accounts:otp_verify"), {"token": code(), "next": "https://evil.example/"})
    assert r["Location"] == reverse("core:dashboard")


@pytest.mark.django_db
def test_role_with_personal_data_must_enrol_totp(make_member):
    user = make_member(Rol.PRIVACY_OFFICER, totp=False)
    c = Client()
    r = c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert r["Location"] == reverse("accounts:otp_setup")
    assert c.get("/overzicht/")["Location"] == reverse("accounts:otp_setup")
    page = c.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert c.post(reverse("accounts:otp_setup"), {"token": "123"}).status_code == 200  # Dutch error, nothing stored
    device.refresh_from_db()
    assert not device.confirmed
    r = c.post(reverse("accounts:otp_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert r["Location"] == reverse("core:dashboard")
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(user=user, actie=Actie.OTP_DEVICE_ADDED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [Rol.ANALIST, Rol.KETENREGISSEUR, Rol.BELEIDSADVISEUR, Rol.REDACTEUR])
def test_roles_seeing_other_organisations_must_set_up_totp(make_member, rol):
    """Finding 1 logged in without a second factor: roles that see the answers or figures of
    other organisations (and the redacteur) now have to enrol an authenticator first."""
    user = make_member(rol, totp=False)
    c = Client()
    r = c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert r["Location"] == reverse("accounts:otp_setup")
    r = c.get("/overzicht/")
    assert r.status_code == 302 and r["Location"] == reverse("accounts:otp_setup")
    assert c.get(reverse("api:cijfers"), {"schaal": "landelijk"}).status_code == 401


@pytest.mark.django_db
def test_failed_login_is_audited_and_dutch(make_member):
    user = make_member(Rol.MEDEWERKER)
    r = Client().post(reverse("accounts:login"), {"username": user.username, "password": "fout"})
    assert r.status_code == 200
    assert "niet juist" in r.content.decode()
    entry = AuditEntry.objects.get(actie=Actie.LOGIN_FAILED)
    assert entry.user == user and entry.object_repr == user.username
    assert entry.organisatie is not None


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures(make_member):
    user = make_member(Rol.MEDEWERKER)
    c = Client()
    for _ in range(3):
        c.post(reverse("accounts:login"), {"username": user.username, "password": "fout"})
    r = c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert r.status_code == 429
    assert "tijdelijk geblokkeerd" in r.content.decode()
    assert AuditEntry.objects.filter(actie=Actie.LOCKOUT, user=user).exists()


@pytest.mark.django_db
def test_password_reset_mail_goes_through_task_and_sets_password(make_member, django_capture_on_commit_callbacks):
    user = make_member(Rol.MEDEWERKER)
    c = Client()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("accounts:password_reset"), {"email": user.email})
    assert r["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nieuw wachtwoord" in body
    link = next(line for line in body.splitlines() if "/wachtwoord/nieuw/" in line)
    path = link.split("testserver", 1)[1]
    r = c.get(path, follow=True)
    new = "Een-heel-nieuw-wachtwoord-9"
    r = c.post(r.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert r["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEntry.objects.filter(actie=Actie.PASSWORD_RESET, user=user).exists()


@pytest.mark.django_db
def test_password_reset_mail_is_queued_only_when_the_transaction_commits(
    make_member, django_capture_on_commit_callbacks
):
    """Like every e-mail, the reset link goes through core.mail.mail_na_commit: a transaction that
    rolls back sends nothing (enqueued at once, the immediate task backend would have mailed)."""
    user = make_member(Rol.MEDEWERKER)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Client().post(reverse("accounts:password_reset"), {"email": user.email})
        assert mail.outbox == []
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_unknown_email_reset_reveals_nothing():
    r = Client().post(reverse("accounts:password_reset"), {"email": "niemand@test.example"})
    assert r["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_password_reset_pages_lead_back_to_the_login():
    for naam in ("accounts:password_reset", "accounts:password_reset_done"):
        r = Client().get(reverse(naam))
        assert f'href="{reverse("accounts:login")}">Terug naar inloggen</a>' in r.content.decode(), naam


@pytest.mark.django_db
def test_session_expires_after_inactivity_and_activity_renews_it(make_member, login, monkeypatch):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    import kompas.core.middleware as mw

    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    key = c.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    assert c.get("/overzicht/").status_code == 200
    first = expiry()
    assert abs((first - timezone.now()) - timedelta(seconds=30 * 60)) < timedelta(seconds=5)
    # within the renewal margin the session is not written again
    c.get("/overzicht/")
    assert expiry() == first
    # a request more than a minute later renews the expiry
    real = mw.time.time
    monkeypatch.setattr(mw.time, "time", lambda: real() + 120)
    c.get("/overzicht/")
    assert expiry() > first
    # idle past the expiry: the session is gone and the user must log in again
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = c.get("/overzicht/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_session_ended_or_changed_by_another_worker_holds_at_once(make_member, login):
    """gunicorn runs several worker processes, each with its own memory: what one worker does to
    a session (logout, organisation switch) is what every other worker sees on the next
    request. Here the other worker is played by changing the database row directly."""
    from django.contrib.sessions.models import Session

    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    assert c.get("/overzicht/").status_code == 200  # the session is loaded (and was cached before)
    session = Session.objects.get(session_key=c.session.session_key)
    data = session.get_decoded()
    data["_kompas_proef"] = "door een andere worker gezet"
    Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))
    assert c.get("/overzicht/").wsgi_request.session.get("_kompas_proef") == "door een andere worker gezet"
    Session.objects.filter(pk=session.pk).delete()  # logged out on another worker
    response = c.get("/overzicht/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_logout_is_post_only_and_audited(make_member, login):
    user = make_member(Rol.MEDEWERKER)
    c = login(user)
    assert c.get(reverse("accounts:logout")).status_code == 405
    r = c.post(reverse("accounts:logout"))
    assert r["Location"] == reverse("accounts:login")
    assert AuditEntry.objects.filter(actie=Actie.LOGOUT, user=user).exists()
    assert c.get("/overzicht/")["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)  # a slow machine must not outwait the throttle
def test_wrong_codes_throttle_further_attempts(make_member):
    user = make_member(Rol.MEDEWERKER)
    c = Client()
    c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    c.post(reverse("accounts:otp_verify"), {"token": "000000"})
    r = c.post(reverse("accounts:otp_verify"), {"token": code()})
    assert r.status_code == 200
    assert "Te veel onjuiste codes" in r.content.decode()


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_code_used_once_already_gets_its_own_message(make_member):
    """A TOTP code counts once: logging in again within its 30 seconds says so, instead of
    'klopt niet of is verlopen' for a code the app still shows."""
    user = make_member(Rol.MEDEWERKER)
    token = code()  # one code for both logins (the device's tolerance covers a new window)
    for poging in range(2):
        c = Client()
        c.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        r = c.post(reverse("accounts:otp_verify"), {"token": token})
        if poging == 0:
            assert r.status_code == 302
    html = r.content.decode()
    assert r.status_code == 200 and "Deze code is al gebruikt" in html and "klopt niet" not in html
    r = c.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert "klopt niet of is verlopen" in r.content.decode()
