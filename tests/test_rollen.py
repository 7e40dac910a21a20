"""Roles fit the organisation (issue 11, finding 1): the role table, who may grant what, the
policies that ignore a role outside the table, the report command, the second factor, the
e-mail change, and the lockout per account."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from kompas.accounts import services
from kompas.accounts.actor import Actor, actor_for
from kompas.accounts.constants import (
    LANDELIJKE_ORGANISATIETYPEN,
    NATIONAL_ROLES,
    REGIONAL_ROLES,
    REGIONALE_ORGANISATIETYPEN,
    ROLES_REQUIRING_2FA,
    ROLLEN_PER_ORGANISATIETYPE,
    OrganisatieType,
    Rol,
    organisatietypen_voor,
    rollen_door_functioneel_beheerder,
)
from kompas.accounts.models import Lidmaatschap, User
from kompas.audit.models import Actie, AuditEntry
from tests.conftest import member, verified_client
from tests.factories import PASSWORD, OrganisatieFactory

pytestmark = pytest.mark.django_db


def _org(type_, **kw):
    return OrganisatieFactory(
        type=type_, cbs_code="" if type_ != OrganisatieType.GEMEENTE else kw.pop("cbs_code", "GM7777"), **kw
    )


# --- the table ---------------------------------------------------------------------------


def test_the_table_says_who_may_hold_what():
    assert organisatietypen_voor(Rol.MEDEWERKER) == {OrganisatieType.GEMEENTE}
    assert organisatietypen_voor(Rol.AANDACHTSFUNCTIONARIS) == {OrganisatieType.GEMEENTE}
    assert organisatietypen_voor(Rol.BELEIDSADVISEUR) == {OrganisatieType.GEMEENTE}
    assert organisatietypen_voor(Rol.ZORGCOORDINATOR) == {
        OrganisatieType.ZVH,
        OrganisatieType.ZORGAANBIEDER,
        OrganisatieType.VEILIG_THUIS,
        OrganisatieType.GGD,
    }
    assert organisatietypen_voor(Rol.KETENREGISSEUR) == REGIONALE_ORGANISATIETYPEN
    assert organisatietypen_voor(Rol.ANALIST) == {OrganisatieType.VNG, OrganisatieType.COMENSHA}
    assert organisatietypen_voor(Rol.REDACTEUR) == LANDELIJKE_ORGANISATIETYPEN
    assert organisatietypen_voor(Rol.APPLICATIEBEHEERDER) == {OrganisatieType.VNG}
    # every organisation type is in the table and can have its own beheer
    assert set(ROLLEN_PER_ORGANISATIETYPE) == set(OrganisatieType.values)
    for rollen in ROLLEN_PER_ORGANISATIETYPE.values():
        assert {Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER} <= rollen


@pytest.mark.parametrize("type_", list(OrganisatieType))
def test_a_beheerder_grants_only_own_type_and_never_wide_roles(type_):
    grantable = set(rollen_door_functioneel_beheerder(type_))
    assert grantable <= ROLLEN_PER_ORGANISATIETYPE[type_]
    assert not grantable & (NATIONAL_ROLES | REGIONAL_ROLES | {Rol.APPLICATIEBEHEERDER})


def test_every_role_seeing_other_organisations_requires_the_second_factor():
    assert {
        Rol.BELEIDSADVISEUR,
        Rol.KETENREGISSEUR,
        Rol.ANALIST,
        Rol.REDACTEUR,
        Rol.CONTACTPERSOON,
    } <= ROLES_REQUIRING_2FA
    assert set(Rol) == ROLES_REQUIRING_2FA
    user = member(Rol.KETENREGISSEUR, totp=False)
    assert user.requires_2fa


# --- finding 1, reproduced and refused ---------------------------------------------------


def test_finding_1_beheerder_cannot_create_a_national_user(django_capture_on_commit_callbacks):
    """A gemeente's functioneel beheerder created a user with analist, redacteur and
    ketenregisseur and so reached the national monitor, national figures and the kennisbank."""
    gemeente = OrganisatieFactory(naam="Gemeente Aanval")
    fb = member(Rol.FUNCTIONEEL_BEHEERDER, gemeente)
    c = verified_client(fb)
    wide = [Rol.ANALIST, Rol.REDACTEUR, Rol.KETENREGISSEUR]
    form = {"first_name": "Eve", "last_name": "X", "email": "eve@aanvaller.example", "username": "eve"}
    r = c.post(reverse("accounts:user_create"), {**form, "rollen": wide})
    assert r.status_code == 200 and "rollen" in r.context["form"].errors
    assert not User.objects.filter(username="eve").exists()
    # the service refuses it as well, whoever calls it
    actor = actor_for(fb, gemeente.pk)
    for rol in wide:
        with pytest.raises(PermissionDenied):
            services.user_create(
                actor=actor,
                username=f"eve-{rol}",
                email=f"{rol}@x.example",
                first_name="E",
                last_name="X",
                rollen=[rol],
                base_url="http://testserver/",
            )
    assert not User.objects.filter(username__startswith="eve").exists()
    colleague = member(Rol.MEDEWERKER, gemeente)
    for rol in [*wide, Rol.APPLICATIEBEHEERDER, Rol.ZORGCOORDINATOR, Rol.CONTACTPERSOON]:
        with pytest.raises(PermissionDenied):
            services.role_grant(actor=actor, user=colleague, rol=rol)
        r = c.post(reverse("accounts:user_detail", args=[colleague.pk]), {"rollen": [rol]})
        assert r.status_code == 200 and "rollen" in r.context["form"].errors
    assert set(colleague.lidmaatschappen.values_list("rol", flat=True)) == {Rol.MEDEWERKER}


def test_finding_1_a_wide_role_in_a_gemeente_opens_nothing():
    """Even a membership that got into the table some other way (old data, a script) counts
    for nothing: monitor, national figures and kennisbank editing stay shut."""
    from kompas.accounts.constants import ROLLEN_PER_ORGANISATIETYPE as table  # noqa: N811

    gemeente = OrganisatieFactory(naam="Gemeente Oud")
    user = member(Rol.MEDEWERKER, gemeente)
    for rol in (Rol.ANALIST, Rol.REDACTEUR, Rol.KETENREGISSEUR):
        assert rol not in table[OrganisatieType.GEMEENTE]
        Lidmaatschap.objects.create(user=user, organisatie=gemeente, rol=rol)
    assert actor_for(user, gemeente.pk).rollen == {Rol.MEDEWERKER}
    c = verified_client(user)
    assert c.get(reverse("monitor:metingen")).status_code == 403
    assert c.get(reverse("api:cijfers"), {"schaal": "landelijk"}).status_code == 403
    assert c.get(reverse("kennisbank:redactie")).status_code == 403
    assert c.get(reverse("monitor:regio")).status_code == 403


@pytest.mark.parametrize(
    ("app", "action", "rol", "good", "bad"),
    [
        ("monitor", "beheren", Rol.ANALIST, OrganisatieType.VNG, OrganisatieType.GEMEENTE),
        ("monitor", "beheren", Rol.ANALIST, OrganisatieType.COMENSHA, OrganisatieType.ZVH),
        ("meldroute", "cijfers_landelijk", Rol.ANALIST, OrganisatieType.COMENSHA, OrganisatieType.RIEC),
        ("meldroute", "cijfers_regio", Rol.KETENREGISSEUR, OrganisatieType.ZVH, OrganisatieType.GEMEENTE),
        ("monitor", "regio_resultaten", Rol.KETENREGISSEUR, OrganisatieType.RIEC, OrganisatieType.POLITIE),
        ("zelfscan", "regio", Rol.KETENREGISSEUR, OrganisatieType.ZVH, OrganisatieType.GEMEENTE),
        ("kennisbank", "redigeren", Rol.REDACTEUR, OrganisatieType.VNG, OrganisatieType.GEMEENTE),
        ("regio", "manage_regio", Rol.APPLICATIEBEHEERDER, OrganisatieType.VNG, OrganisatieType.GEMEENTE),
        ("accounts", "manage_organisations", Rol.APPLICATIEBEHEERDER, OrganisatieType.VNG, OrganisatieType.ZVH),
    ],
)
def test_policies_check_the_organisation_type(app, action, rol, good, bad):
    """Defence in depth: an actor built by hand (a task, a command, a future API) with a wide
    role in the wrong kind of organisation is refused by the policy itself."""
    from importlib import import_module

    policy = import_module(f"kompas.{app}.policies").policy
    user = User(username="x")
    assert policy.allows(Actor(user=user, organisatie=_org(good, naam="Goed"), rollen=frozenset({rol})), action)
    assert not policy.allows(Actor(user=user, organisatie=_org(bad, naam="Fout"), rollen=frozenset({rol})), action)


def test_a_role_outside_the_table_counts_for_no_rule_at_all():
    """Even rules open to every role (melden, lezen) ignore a role the organisation may not
    hold: an actor built by hand with only 'analist' in a gemeente may do nothing."""
    from kompas.kennisbank.policies import policy as kennisbank
    from kompas.meldroute.policies import policy as meldroute

    gemeente = OrganisatieFactory(naam="Gemeente Hand")
    wrong = Actor(user=User(username="x"), organisatie=gemeente, rollen=frozenset({Rol.ANALIST}))
    right = Actor(user=User(username="y"), organisatie=gemeente, rollen=frozenset({Rol.MEDEWERKER}))
    for policy, action in ((meldroute, "melden"), (kennisbank, "lezen")):
        assert policy.allows(right, action)
        assert not policy.allows(wrong, action)


def test_wide_rules_name_their_organisation_types_in_the_app_policies():
    """Each rule that only national or regional roles pass also names the organisation types
    (not only the central table): a second, independent check."""
    from importlib import import_module

    for app in ("accounts", "audit", "kennisbank", "meldroute", "monitor", "regio", "zelfscan"):
        policy = import_module(f"kompas.{app}.policies").policy
        for action, r in policy.rules.items():
            wide = NATIONAL_ROLES | REGIONAL_ROLES | {Rol.APPLICATIEBEHEERDER}
            if r.roles and r.roles <= wide:
                allowed = set().union(*(organisatietypen_voor(x) for x in r.roles))
                assert r.org_types is not None and r.org_types <= allowed, f"{app}.{action}"


# --- applicatiebeheer grants the wide roles -------------------------------------------------


def test_applicatiebeheer_grants_wide_roles_only_where_they_fit():
    ab = member(Rol.APPLICATIEBEHEERDER)
    assert ab.lidmaatschappen.get().organisatie.type == OrganisatieType.VNG
    c = verified_client(ab)
    comensha = _org(OrganisatieType.COMENSHA, naam="CoMensha")
    gemeente = OrganisatieFactory(naam="Gemeente Doel")
    person = member(Rol.MEDEWERKER, gemeente)
    r = c.post(reverse("accounts:organisatie_detail", args=[comensha.pk]), {"email": person.email, "rol": Rol.ANALIST})
    assert r.status_code == 302
    assert Lidmaatschap.objects.filter(user=person, organisatie=comensha, rol=Rol.ANALIST).exists()
    entry = AuditEntry.objects.get(actie=Actie.ROLE_GRANTED, object_id=str(person.pk))
    assert entry.details == {"rol": Rol.ANALIST, "organisatie": "CoMensha"}
    r = c.post(reverse("accounts:organisatie_detail", args=[gemeente.pk]), {"email": person.email, "rol": Rol.ANALIST})
    assert r.status_code == 200 and "rol" in r.context["form"].errors
    with pytest.raises(ValidationError):
        services.rol_toekennen(actor=actor_for(ab, None), organisatie=gemeente, user=person, rol=Rol.KETENREGISSEUR)
    assert not Lidmaatschap.objects.filter(organisatie=gemeente).exclude(rol=Rol.MEDEWERKER).exists()


def test_beheerder_of_a_zvh_grants_care_roles_but_not_the_ketenregisseur():
    zvh = _org(OrganisatieType.ZVH, naam="ZVH Test")
    fb = member(Rol.FUNCTIONEEL_BEHEERDER, zvh)
    colleague = member(Rol.ZORGCOORDINATOR, zvh)
    c = verified_client(fb)
    page = c.get(reverse("accounts:user_detail", args=[colleague.pk])).content.decode()
    assert (
        'value="procesregisseur"' in page and 'value="medewerker"' not in page and 'value="ketenregisseur"' not in page
    )
    r = c.post(
        reverse("accounts:user_detail", args=[colleague.pk]), {"rollen": [Rol.ZORGCOORDINATOR, Rol.PROCESREGISSEUR]}
    )
    assert r.status_code == 302
    assert set(colleague.lidmaatschappen.values_list("rol", flat=True)) == {Rol.ZORGCOORDINATOR, Rol.PROCESREGISSEUR}
    # a ketenregisseur granted by applicatiebeheer survives a save of the beheerder's form
    Lidmaatschap.objects.create(user=colleague, organisatie=zvh, rol=Rol.KETENREGISSEUR)
    r = c.post(reverse("accounts:user_detail", args=[colleague.pk]), {"rollen": [Rol.ZORGCOORDINATOR]})
    assert r.status_code == 302
    assert set(colleague.lidmaatschappen.values_list("rol", flat=True)) == {Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR}
    # removing the colleague from the organisation takes the wide role too (it only narrows)
    r = c.post(reverse("accounts:user_remove", args=[colleague.pk]))
    assert r.status_code == 302
    assert not colleague.lidmaatschappen.exists()
    assert AuditEntry.objects.filter(
        actie=Actie.ROLE_REVOKED, object_id=str(colleague.pk), details__rol=Rol.KETENREGISSEUR
    ).exists()


# --- the report command ------------------------------------------------------------------


def test_rollen_controleren_reports_memberships_outside_the_table(capsys):
    gemeente = OrganisatieFactory(naam="Gemeente Controle")
    member(Rol.BELEIDSADVISEUR, gemeente)
    member(Rol.ANALIST)
    call_command("rollen_controleren")
    assert "Alle lidmaatschappen passen" in capsys.readouterr().out
    wrong = member(Rol.ANALIST, gemeente, username="verkeerd")
    with pytest.raises(CommandError, match="1 lidmaatschap") as exc:
        call_command("rollen_controleren")
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "verkeerd" in out and "Analist" in out and "Gemeente Controle" in out
    assert wrong.username in out and "Beleidsadviseur" not in out


# --- e-mail change -------------------------------------------------------------------------


def test_email_change_notifies_the_old_address_after_commit_and_is_audited(django_capture_on_commit_callbacks):
    from django.core import mail

    gemeente = OrganisatieFactory(naam="Gemeente Mail")
    fb = member(Rol.FUNCTIONEEL_BEHEERDER, gemeente)
    colleague = member(Rol.MEDEWERKER, gemeente, username="piet")
    old = colleague.email
    c = verified_client(fb)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = c.post(
            reverse("accounts:user_detail", args=[colleague.pk]),
            {"email": "piet@nieuw.example", "rollen": [Rol.MEDEWERKER]},
        )
        assert r.status_code == 302
        assert not mail.outbox  # only after commit
    for callback in callbacks:
        callback()
    colleague.refresh_from_db()
    assert colleague.email == "piet@nieuw.example"
    assert [m.to for m in mail.outbox] == [[old]]
    assert "gewijzigd" in mail.outbox[0].subject and "piet@nieuw.example" not in mail.outbox[0].body
    entry = AuditEntry.objects.get(actie=Actie.UPDATE, object_id=str(colleague.pk))
    assert entry.user == fb and entry.details == {"e-mailadres": "gewijzigd"}
    assert old not in str(entry.details)


def test_email_change_refused_for_a_member_elsewhere_and_for_strangers():
    """Otherwise a gemeente's beheerder could redirect the password reset of someone who is
    also analist at VNG (finding 1 by another road)."""
    gemeente = OrganisatieFactory(naam="Gemeente Mail")
    fb = member(Rol.FUNCTIONEEL_BEHEERDER, gemeente)
    actor = actor_for(fb, gemeente.pk)
    both = member(Rol.MEDEWERKER, gemeente)
    Lidmaatschap.objects.create(user=both, organisatie=_org(OrganisatieType.VNG, naam="VNG"), rol=Rol.ANALIST)
    stranger = member(Rol.MEDEWERKER)
    for user in (both, stranger):
        with pytest.raises(PermissionDenied):
            services.user_email_change(actor=actor, user=user, email="van-mij@aanvaller.example")
        user.refresh_from_db()
        assert user.email != "van-mij@aanvaller.example"
    r = verified_client(fb).post(
        reverse("accounts:user_detail", args=[both.pk]), {"email": "van-mij@aanvaller.example"}
    )
    assert r.status_code == 200 and "applicatiebeheerder" in r.content.decode()
    own = member(Rol.MEDEWERKER, gemeente)
    with pytest.raises(ValidationError):
        services.user_email_change(actor=actor, user=own, email=both.email.upper())
    assert not AuditEntry.objects.filter(actie=Actie.UPDATE).exists()


# --- lockout per account -----------------------------------------------------------------


def _fail(client, name, times):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": name, "password": "fout"})


@pytest.mark.parametrize(
    ("wrong_on", "then"),
    [("username", "email"), ("email", "username"), ("username", "USERNAME"), ("Email", "username")],
)
@override_settings(AXES_FAILURE_LIMIT=5)
def test_lockout_counts_per_account_whatever_name_was_typed(wrong_on, then):
    user = member(Rol.MEDEWERKER, username="Jansen", email="J.Jansen@gemeente.example")
    names = {
        "username": "jansen",
        "USERNAME": "JANSEN",
        "email": "j.jansen@gemeente.example",
        "Email": "J.JANSEN@Gemeente.Example",
    }
    _fail(Client(REMOTE_ADDR="10.0.0.1"), names[wrong_on], 5)
    # another spelling, from another address: the account itself is locked
    r = Client(REMOTE_ADDR="10.0.0.2").post(reverse("accounts:login"), {"username": names[then], "password": PASSWORD})
    assert r.status_code == 429
    assert AuditEntry.objects.filter(actie=Actie.LOCKOUT, user=user).exists()


@override_settings(AXES_FAILURE_LIMIT=5)
def test_lockout_counts_per_ip_address_across_accounts():
    victim = member(Rol.MEDEWERKER)
    c = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(5):  # one wrong password each on five different names
        _fail(c, f"geraden{i}", 1)
    r = c.post(reverse("accounts:login"), {"username": victim.username, "password": PASSWORD})
    assert r.status_code == 429
    # the account itself is not locked: its owner elsewhere still logs in
    r = Client(REMOTE_ADDR="10.0.0.10").post(
        reverse("accounts:login"), {"username": victim.email, "password": PASSWORD}
    )
    assert r.status_code == 302
