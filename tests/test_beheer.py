import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.constants import Rol
from kompas.accounts.models import Lidmaatschap, User
from kompas.audit.models import Actie, AuditEntry
from tests.factories import OrganisatieFactory


@pytest.mark.django_db
def test_functioneel_beheerder_adds_a_colleague_with_roles(make_member, login, django_capture_on_commit_callbacks):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    org = fb.lidmaatschappen.get().organisatie
    c = login(fb)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            reverse("accounts:user_create"),
            {
                "first_name": "Sanne",
                "last_name": "de Vries",
                "email": "sanne@test.example",
                "username": "sanne",
                "rollen": [Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS],
            },
        )
    assert r.status_code == 302
    new = User.objects.get(username="sanne")
    assert not new.has_usable_password()
    assert set(new.lidmaatschappen.values_list("rol", flat=True)) == {Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS}
    assert all(m.organisatie == org for m in new.lidmaatschappen.all())
    assert len(mail.outbox) == 1 and "/wachtwoord/nieuw/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(actie=Actie.ROLE_GRANTED, object_id=str(new.pk)).count() == 2


@pytest.mark.django_db
def test_duplicate_email_gets_a_dutch_error_and_stores_nothing(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    c = login(fb)
    before = User.objects.count()
    r = c.post(
        reverse("accounts:user_create"),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": fb.email.upper(),
            "username": "nieuw",
            "rollen": [Rol.MEDEWERKER],
        },
    )
    assert r.status_code == 200
    assert "bestaat al een account" in r.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_role_changes_are_audited_and_limited_to_own_organisation(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    org = fb.lidmaatschappen.get().organisatie
    colleague = make_member(Rol.MEDEWERKER, org)
    other_org = OrganisatieFactory()
    Lidmaatschap.objects.create(user=colleague, organisatie=other_org, rol=Rol.ANALIST)
    c = login(fb)
    r = c.post(reverse("accounts:user_detail", args=[colleague.pk]), {"rollen": [Rol.BELEIDSADVISEUR]})
    assert r.status_code == 302
    assert set(colleague.lidmaatschappen.filter(organisatie=org).values_list("rol", flat=True)) == {Rol.BELEIDSADVISEUR}
    # the role in the other organisation is untouched
    assert colleague.lidmaatschappen.filter(organisatie=other_org, rol=Rol.ANALIST).exists()
    assert AuditEntry.objects.filter(actie=Actie.ROLE_REVOKED, details__rol=Rol.MEDEWERKER).exists()
    assert AuditEntry.objects.filter(actie=Actie.ROLE_GRANTED, details__rol=Rol.BELEIDSADVISEUR).exists()


@pytest.mark.django_db
def test_beheerder_cannot_hand_out_applicatiebeheer(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    colleague = make_member(Rol.MEDEWERKER, fb.lidmaatschappen.get().organisatie)
    r = login(fb).post(reverse("accounts:user_detail", args=[colleague.pk]), {"rollen": [Rol.APPLICATIEBEHEERDER]})
    assert r.status_code == 200  # not a valid choice: Dutch form error
    assert not colleague.lidmaatschappen.filter(rol=Rol.APPLICATIEBEHEERDER).exists()


@pytest.mark.django_db
def test_beheerder_cannot_revoke_own_beheer(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    r = login(fb).post(reverse("accounts:user_detail", args=[fb.pk]), {"rollen": [Rol.MEDEWERKER]})
    assert r.status_code == 200
    assert "niet intrekken" in r.content.decode()
    assert fb.lidmaatschappen.filter(rol=Rol.FUNCTIONEEL_BEHEERDER).exists()


@pytest.mark.django_db
def test_remove_from_organisation_deactivates_when_nothing_left(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    colleague = make_member(Rol.MEDEWERKER, fb.lidmaatschappen.get().organisatie)
    r = login(fb).post(reverse("accounts:user_remove", args=[colleague.pk]))
    assert r.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active and not colleague.lidmaatschappen.exists()


@pytest.mark.django_db
def test_otp_reset_unlinks_device(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    colleague = make_member(Rol.MEDEWERKER, fb.lidmaatschappen.get().organisatie)
    assert TOTPDevice.objects.filter(user=colleague).exists()
    login(fb).post(reverse("accounts:user_otp_reset", args=[colleague.pk]))
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AuditEntry.objects.filter(actie=Actie.OTP_DEVICE_REMOVED, object_id=str(colleague.pk)).exists()


@pytest.mark.django_db
def test_a_gemeente_needs_its_cbs_code_in_the_service_too(make_member):
    """One home for the rule (Organisatie.clean): the service refuses as the form does."""
    from django.core.exceptions import ValidationError

    from kompas.accounts.actor import actor_for
    from kompas.accounts.models import Organisatie
    from kompas.accounts.services import organisatie_create

    ab = make_member(Rol.APPLICATIEBEHEERDER)
    actor = actor_for(ab, ab.lidmaatschappen.get().organisatie_id)
    with pytest.raises(ValidationError) as exc:
        organisatie_create(actor=actor, naam="Gemeente Zonder Code", type="gemeente")
    assert exc.value.message_dict == {"cbs_code": ["Een gemeente heeft een CBS-code nodig."]}
    assert not Organisatie.objects.filter(naam="Gemeente Zonder Code").exists()
    assert organisatie_create(actor=actor, naam="RIEC Zonder Code", type="riec").pk


@pytest.mark.django_db
def test_applicatiebeheerder_creates_organisation_and_appoints_beheerder(make_member, login):
    ab = make_member(Rol.APPLICATIEBEHEERDER)
    person = make_member(Rol.MEDEWERKER)
    c = login(ab)
    r = c.post(reverse("accounts:organisaties"), {"naam": "Gemeente Nieuw", "type": "gemeente", "cbs_code": ""})
    assert r.status_code == 200 and "CBS-code nodig" in r.content.decode()
    r = c.post(reverse("accounts:organisaties"), {"naam": "Gemeente Nieuw", "type": "gemeente", "cbs_code": "GM1234"})
    assert r.status_code == 302
    org_pk = int(r["Location"].rstrip("/").split("/")[-1])
    r = c.post(reverse("accounts:organisatie_detail", args=[org_pk]), {"email": person.email})
    assert r.status_code == 302
    assert Lidmaatschap.objects.filter(user=person, organisatie_id=org_pk, rol=Rol.FUNCTIONEEL_BEHEERDER).exists()


@pytest.mark.django_db
def test_viewing_a_colleagues_account_is_audited(make_member, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER)
    colleague = make_member(Rol.MEDEWERKER, fb.lidmaatschappen.get().organisatie)
    assert login(fb).get(reverse("accounts:user_detail", args=[colleague.pk])).status_code == 200
    entry = AuditEntry.objects.get(actie=Actie.VIEW, object_id=str(colleague.pk))
    assert entry.user == fb and entry.object_type == "accounts.user"
