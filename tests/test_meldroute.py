from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.meldroute import services
from kompas.meldroute.constants import BEWAARTERMIJN_STANDAARD_MAANDEN, Status
from kompas.meldroute.models import (
    Bijlage,
    MeldrouteInstelling,
    Signaal,
    SignaalStatistiek,
    StatusWijziging,
)
from kompas.meldroute.workflow import TRANSITIES, TransitieGeweigerd
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
PDF = b"%PDF-1.7\n" + b"0" * 100


@pytest.fixture
def gemeente():
    return OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")


@pytest.fixture
def melder(make_member, gemeente):
    return make_member(Rol.MEDEWERKER, gemeente)


@pytest.fixture
def af(make_member, gemeente):
    return make_member(Rol.AANDACHTSFUNCTIONARIS, gemeente)


def melden(user, **kwargs):
    data = {
        "wat": "Busje haalt elke ochtend twintig mensen op.",
        "wanneer": timezone.localdate(),
        "vormen": ["arbeid"],
        "sector": "agrarisch",
        "herkomst": "balie",
    }
    data.update(kwargs)
    return services.signaal_melden(actor=actor_for(user, None), **data)


def test_report_form_creates_signal_with_reference_and_notifies_af_without_content(
    melder, af, login, django_capture_on_commit_callbacks
):
    c = login(melder)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            reverse("meldroute:melden"),
            {
                "wat": "Vrouw aan de balie kent haar eigen adres niet; man voert het woord.",
                "waar": "Balie stadhuis",
                "wanneer": "20-11-2026",
                "vormen": ["arbeid", "seksueel"],
                "sector": "horeca",
                "herkomst": "balie",
                "acuut": "on",
                "indicatoren": ["arbeid_adres_onbekend", "arbeid_woordvoerder"],
                "bijlagen": [SimpleUploadedFile("foto.png", PNG, content_type="image/png")],
            },
        )
    assert r.status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.referentie.startswith(f"MH-{timezone.localdate().year}-")
    assert signaal.acuut and signaal.vormen == ["seksueel", "arbeid"] and signaal.bijlagen.count() == 1
    assert SignaalStatistiek.objects.get(signaal_id=signaal.pk).gemeente_code == "GM0405"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [af.email] and "acuut" in message.subject
    assert (
        "balie" not in message.body.lower()
        and "adres" not in message.body
        and f"/meldroute/signalen/{signaal.pk}/" in message.body
    )
    page = c.get(r["Location"]).content.decode()
    assert signaal.referentie in page


def test_acute_instruction_and_data_minimisation_on_form(melder, login):
    page = login(melder).get(reverse("meldroute:melden")).content.decode()
    assert "Bel 112" in page
    assert "Welke gegevens zijn niet nodig?" in page and "BSN" in page
    assert "Heeft schulden bij de werkgever" in page  # signaalkaart


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"wat": "x" * 5001}, "5000"),
        ({"wanneer": "31-02-2026"}, "geldige datum"),
        ({"wanneer": "01-01-2099"}, "toekomst"),
        ({"vormen": ["vliegen"]}, "Kies een van de mogelijkheden bij"),
        ({"sector": "ruimtevaart"}, "Kies een van de mogelijkheden bij"),
        ({"indicatoren": ["bestaat_niet"]}, "Kies een van de mogelijkheden bij"),
    ],
)
def test_bad_report_input_gets_dutch_error_and_stores_nothing(melder, login, data, message):
    post = {"wat": "iets", "wanneer": "20-11-2026", "vormen": ["arbeid"], "sector": "bouw", "herkomst": "controle"}
    post.update(data)
    r = login(melder).post(reverse("meldroute:melden"), post)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Signaal.objects.exists() and not SignaalStatistiek.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ....", "niet toegestaan"),
        ("nep.pdf", b"<html>", "past niet bij"),
        ("groot.png", b"\x89PNG\r\n\x1a\n" + b"0" * (11 * 1024 * 1024), "groter dan 10 MB"),
    ],
)
def test_bad_attachment_refuses_whole_report(melder, login, name, content, message):
    files = [SimpleUploadedFile("goed.pdf", PDF), SimpleUploadedFile(name, content)]
    post = {
        "wat": "iets",
        "wanneer": "20-11-2026",
        "vormen": ["arbeid"],
        "sector": "bouw",
        "herkomst": "controle",
        "bijlagen": files,
    }
    r = login(melder).post(reverse("meldroute:melden"), post)
    assert r.status_code == 200 and message in r.content.decode()
    assert not Signaal.objects.exists() and not Bijlage.objects.exists()


def test_melder_sees_own_status_and_feedback_never_enrichment_or_others(melder, af, make_member, gemeente, login):
    signaal = melden(melder)
    colleague = make_member(Rol.MEDEWERKER, gemeente)
    other = melden(colleague)
    af_actor = actor_for(af, None)
    services.verrijking_toevoegen(
        actor=af_actor, signaal=signaal, bron="brp", grondslag="Wet BRP", tekst="GEHEIME BEVINDING 42 personen"
    )
    services.transitie_uitvoeren(actor=af_actor, signaal=signaal, transitie="verrijken", reden="BRP bekeken")
    services.transitie_uitvoeren(
        actor=af_actor,
        signaal=signaal,
        transitie="terugkoppelen",
        reden="klaar",
        terugkoppeling="Uw signaal is opgepakt en besproken met de politie.",
    )
    c = login(melder)
    page = c.get(reverse("meldroute:mijn_signaal", args=[signaal.pk])).content.decode()
    assert "Uw signaal is opgepakt" in page
    assert "GEHEIME BEVINDING" not in page and "Wet BRP" not in page
    assert c.get(reverse("meldroute:mijn_signaal", args=[other.pk])).status_code == 404
    assert other.referentie not in c.get(reverse("meldroute:mijn_signalen")).content.decode()
    assert c.get(reverse("meldroute:signaal", args=[signaal.pk])).status_code == 404
    assert AuditEntry.objects.filter(actie=Actie.VIEW, user=melder, object_id=str(signaal.pk)).exists()


def test_af_works_through_the_route_and_feedback_notifies_melder(melder, af, login, django_capture_on_commit_callbacks):
    signaal = melden(melder)
    c = login(af)
    assert signaal.referentie in c.get(reverse("meldroute:inbox")).content.decode()
    r = c.post(reverse("meldroute:transitie", args=[signaal.pk]), {"transitie": "verrijken", "reden": "x"})
    assert r.status_code == 400 and "minstens één verrijking" in r.content.decode()
    c.post(
        reverse("meldroute:verrijken", args=[signaal.pk]),
        {"bron": "kvk", "grondslag": "Handelsregisterwet", "tekst": "Uitzendbureau sinds 2025"},
    )
    steps = [
        {"transitie": "verrijken", "reden": "KvK en BRP bekeken"},
        {"transitie": "lokaal_bespreken", "reden": "Ondermijningstafel 12-11", "overleg": "ondermijningsoverleg"},
        {"transitie": "riec_inbrengen", "reden": "Vermoeden mensenhandel"},
        {"transitie": "informatieplein", "reden": "Voor de regionale tafel"},
    ]
    for step in steps:
        r = c.post(reverse("meldroute:transitie", args=[signaal.pk]), step)
        assert r.status_code == 302, r.content.decode()[:500]
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("meldroute:transitie", args=[signaal.pk]),
            {"transitie": "terugkoppelen", "reden": "RIEC pakt op", "terugkoppeling": "Opgepakt door partners."},
        )
    assert [m.to for m in mail.outbox] == [[melder.email]]
    assert "Opgepakt" not in mail.outbox[0].body
    r = c.post(
        reverse("meldroute:transitie", args=[signaal.pk]),
        {"transitie": "afsluiten", "reden": "klaar", "uitkomst": "ander_fenomeen"},
    )
    assert r.status_code == 400 and "welk ander fenomeen" in r.content.decode()
    c.post(
        reverse("meldroute:transitie", args=[signaal.pk]),
        {"transitie": "afsluiten", "reden": "klaar", "uitkomst": "doorgezet"},
    )
    signaal.refresh_from_db()
    assert (
        signaal.status == Status.AFGESLOTEN and signaal.hoogste_stap == 7 and signaal.overleg == "ondermijningsoverleg"
    )
    history = list(signaal.geschiedenis.values_list("naar", "door_id"))
    assert [h[0] for h in history] == [
        "ontvangen",
        "verrijkt",
        "lokaal",
        "riec",
        "informatieplein",
        "terugkoppeling",
        "afgesloten",
    ]
    assert all(h[1] == af.pk for h in history[1:])


def test_refused_transition_has_dutch_message_and_changes_nothing(melder, af):
    signaal = melden(melder)
    with pytest.raises(TransitieGeweigerd, match="kan niet vanuit de status"):
        services.transitie_uitvoeren(
            actor=actor_for(af, None), signaal=signaal, transitie="informatieplein", reden="te vroeg"
        )
    signaal.refresh_from_db()
    assert signaal.status == Status.ONTVANGEN and signaal.geschiedenis.count() == 1
    with pytest.raises(TransitieGeweigerd, match="reden"):
        services.transitie_uitvoeren(
            actor=actor_for(af, None), signaal=signaal, transitie="terugkoppelen", reden=" ", terugkoppeling="x"
        )


def test_history_rows_cannot_be_edited(melder):
    row = melden(melder).geschiedenis.get()
    row.reden = "anders"
    with pytest.raises(ValueError, match="niet gewijzigd"):
        row.save()


def test_no_state_is_a_dead_end():
    states = set(Status.values)
    for state in states:
        assert any(state in t.van for t in TRANSITIES.values()), f"{state} heeft geen uitgang"
        reachable, frontier = {state}, [state]
        while frontier:
            s = frontier.pop()
            for t in TRANSITIES.values():
                if s in t.van and t.naar not in reachable:
                    reachable.add(t.naar)
                    frontier.append(t.naar)
        assert Status.AFGESLOTEN in reachable


def test_linking_and_referral_to_zorgcoordinatie(melder, af):
    a, b = melden(melder), melden(melder)
    af_actor = actor_for(af, None)
    services.signalen_koppelen(actor=af_actor, signaal=a, ander=b)
    assert list(b.gerelateerd.all()) == [a]
    zvh = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="", naam="ZVH Test")
    d = services.zorg_doorverwijzen(actor=af_actor, signaal=a, zorgorganisatie=zvh, toelichting="Opvang nodig")
    assert d.stand == "ontvangen" and d.zorgorganisatie == zvh and d.signaal == a  # a zorg.Aanmelding
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.zorg_doorverwijzen(
            actor=af_actor, signaal=a, zorgorganisatie=af.lidmaatschappen.get().organisatie, toelichting="x"
        )


def test_attachment_download_is_permission_checked_and_logged(melder, af, make_member, login):
    signaal = melden(melder, bijlagen=[SimpleUploadedFile("scan.pdf", PDF)])
    bijlage = signaal.bijlagen.get()
    assert not bijlage.bestand.path.startswith(str(__import__("django.conf", fromlist=["x"]).settings.STATIC_ROOT))
    r = login(af).get(reverse("meldroute:bijlage", args=[bijlage.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"].startswith("attachment") and r["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(actie=Actie.VIEW, user=af, details__bijlage=bijlage.pk).exists()
    other_af = make_member(Rol.AANDACHTSFUNCTIONARIS)
    assert login(other_af).get(reverse("meldroute:bijlage", args=[bijlage.pk])).status_code == 404
    assert login(melder).get(reverse("meldroute:bijlage", args=[bijlage.pk])).status_code == 404


def _close(af, signaal, uitkomst, when):
    af_actor = actor_for(af, None)
    services.transitie_uitvoeren(
        actor=af_actor, signaal=signaal, transitie="terugkoppelen", reden="r", terugkoppeling="t"
    )
    services.transitie_uitvoeren(
        actor=af_actor,
        signaal=signaal,
        transitie="afsluiten",
        reden="r",
        uitkomst=uitkomst,
        ander_fenomeen="huisjesmelkerij" if uitkomst == "ander_fenomeen" else "",
    )
    Signaal.objects.filter(pk=signaal.pk).update(afgesloten_op=when)


def test_retention_removes_closed_without_follow_up_keeps_figures(
    melder, af, gemeente, django_capture_on_commit_callbacks
):
    old = timezone.now() - timedelta(days=400)
    weg = melden(melder, bijlagen=[SimpleUploadedFile("a.png", PNG)])
    blijft_doorgezet = melden(melder)
    blijft_recent = melden(melder)
    _close(af, weg, "ander_fenomeen", old)
    _close(af, blijft_doorgezet, "doorgezet", old)
    _close(af, blijft_recent, "onvoldoende", timezone.now() - timedelta(days=30))
    path = weg.bijlagen.get().bestand.path
    from kompas.meldroute.selectors import Scope, cijfers

    before = cijfers(Scope("x", ["GM0405"], suppress=False))
    with django_capture_on_commit_callbacks(execute=True):  # files go once the deletion is committed
        removed = services.bewaartermijnen_handhaven(actor=SYSTEEM)
    assert removed == 1
    assert not Signaal.objects.filter(pk=weg.pk).exists()
    assert Signaal.objects.filter(pk__in=[blijft_doorgezet.pk, blijft_recent.pk]).count() == 2
    assert not StatusWijziging.objects.filter(signaal_id=weg.pk).exists()
    assert SignaalStatistiek.objects.get(signaal_id=weg.pk).verwijderd_op is not None  # tombstone
    after = cijfers(Scope("x", ["GM0405"], suppress=False))
    assert before["totaal"] == after["totaal"] == 3
    assert [t.rijen for t in before["tabellen"]] == [t.rijen for t in after["tabellen"]]
    assert AuditEntry.objects.filter(
        actie=Actie.DELETE, object_id=str(weg.pk), doel="bewaartermijn verstreken"
    ).exists()
    import os

    assert not os.path.exists(path)


def test_retention_period_is_configurable_per_gemeente(melder, af, gemeente):
    MeldrouteInstelling.objects.create(gemeente=gemeente, bewaartermijn_maanden=1)
    s = melden(melder)
    _close(af, s, "onvoldoende", timezone.now() - timedelta(days=40))
    assert services.bewaartermijnen_handhaven(actor=SYSTEEM) == 1


def test_inbox_filters_acute_on_top_and_overdue(melder, af, login, gemeente):
    gewoon = melden(melder, sector="bouw")
    acuut = melden(melder, acuut=True, vormen=["seksueel"], sector="seksbranche")
    oud = melden(melder)
    Signaal.objects.filter(pk=oud.pk).update(status_sinds=timezone.now() - timedelta(days=5))
    c = login(af)
    page = c.get(reverse("meldroute:inbox")).content.decode()
    assert page.index(acuut.referentie) < page.index(oud.referentie) < page.index(gewoon.referentie)
    assert "Wacht te lang" in page
    only_late = c.get(reverse("meldroute:inbox"), {"te_laat": "on"}).content.decode()
    assert oud.referentie in only_late and gewoon.referentie not in only_late
    sex = c.get(reverse("meldroute:inbox"), {"vorm": "seksueel"}).content.decode()
    assert acuut.referentie in sex and gewoon.referentie not in sex
    assert gewoon.referentie in c.get(reverse("meldroute:inbox"), {"sector": "bouw"}).content.decode()
    fout = c.get(reverse("meldroute:inbox"), {"ouder_dan": "abc"})
    assert fout.status_code == 200 and "Vul een aantal dagen in als getal, bijvoorbeeld 14." in fout.content.decode()
    assert "Vul minstens 1 dag in." in c.get(reverse("meldroute:inbox"), {"ouder_dan": "0"}).content.decode()


def test_figures_suppress_small_cells_outside_own_gemeente(melder, af, make_member, login, gemeente):
    from kompas.regio.models import Gemeente, Regio, RegioLidmaatschap

    for _ in range(6):
        melden(melder, sector="bouw")
    melden(melder, sector="horeca")
    own = login(af).get(reverse("meldroute:cijfers")).content.decode()
    assert ">1<" in own.replace(" ", "")  # the AF sees its own exact counts
    analist = make_member(Rol.ANALIST, OrganisatieFactory(type=OrganisatieType.VNG, cbs_code="", naam="VNG"))
    page = login(analist).get(reverse("meldroute:cijfers")).content.decode()
    assert "&lt;5" in page and ">7<" in page.replace(" ", "")
    # ketenregisseur: region of the ZVH
    g = Gemeente.objects.create(jaar=2026, cbs_code="GM0405", naam="Hoorn", provincie="Noord-Holland")
    regio = Regio.objects.create(indeling="zvh", code="ZVH-T", naam="ZVH-regio")
    RegioLidmaatschap.objects.create(gemeente=g, regio=regio, indeling="zvh")
    zvh = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="", naam="ZVH", regio=regio)
    kr = make_member(Rol.KETENREGISSEUR, zvh)
    c = login(kr)
    assert "regio ZVH-regio" in c.get(reverse("meldroute:cijfers")).content.decode()
    csv_response = c.get(reverse("meldroute:cijfers"), {"formaat": "csv"})
    body = csv_response.content.decode("utf-8-sig")
    assert "Totaal;alle signalen;7" in body and "<5" in body
    assert "Busje" not in body and melder.username not in body
    xlsx = c.get(reverse("meldroute:cijfers"), {"formaat": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(actie=Actie.EXPORT, user=kr).count() == 2


def test_settings_page_validates_and_saves(make_member, gemeente, login):
    fb = make_member(Rol.FUNCTIONEEL_BEHEERDER, gemeente)
    c = login(fb)
    r = c.post(reverse("meldroute:instellingen"), {"bewaartermijn_maanden": 0, "termijn_ontvangen": 9})
    assert r.status_code == 200
    assert (
        "Bewaartermijn na afsluiten zonder vervolg (maanden): Zorg ervoor dat deze waarde minstens 1 is."
        in r.content.decode()
    )
    inst = MeldrouteInstelling.objects.get(gemeente=gemeente)  # the page shows the defaults, kept as they were:
    assert (
        inst.bewaartermijn_maanden == BEWAARTERMIJN_STANDAARD_MAANDEN and inst.termijn("ontvangen") != 9
    )  # not even the valid field
    r = c.post(reverse("meldroute:instellingen"), {"bewaartermijn_maanden": 6, "termijn_ontvangen": 1})
    assert r.status_code == 302
    inst = MeldrouteInstelling.objects.get(gemeente=gemeente)
    assert inst.bewaartermijn_maanden == 6 and inst.termijn("ontvangen") == 1 and inst.termijn("riec") == 30


def test_weekly_digest_counts_overdue_without_content(melder, af):
    from kompas.meldroute.tasks import overzicht_achterstanden

    s = melden(melder)
    Signaal.objects.filter(pk=s.pk).update(status_sinds=timezone.now() - timedelta(days=10))
    overzicht_achterstanden.call()
    assert len(mail.outbox) == 1 and "1 signalen" in mail.outbox[0].body and s.referentie not in mail.outbox[0].body


def test_partner_sees_nothing_without_an_explicit_logged_share(
    melder, af, make_member, login, django_capture_on_commit_callbacks
):
    signaal = melden(melder)
    politie = OrganisatieFactory(naam="Politie Noord-Holland", type=OrganisatieType.POLITIE, cbs_code="")
    riec = OrganisatieFactory(naam="RIEC NH", type=OrganisatieType.RIEC, cbs_code="")
    agent = make_member(Rol.CONTACTPERSOON, politie)
    riec_user = make_member(Rol.CONTACTPERSOON, riec)
    c = login(agent)
    # before any share: nothing
    assert signaal.referentie not in c.get(reverse("meldroute:verzoeken")).content.decode()
    for name in ("meldroute:signaal", "meldroute:mijn_signaal"):
        assert c.get(reverse(name, args=[signaal.pk])).status_code == 404
    assert c.get(reverse("meldroute:inbox")).status_code == 403
    # the AF shares explicitly (logged) and asks a structured answer
    with django_capture_on_commit_callbacks(execute=True):
        r = login(af).post(
            reverse("meldroute:partnerverzoek", args=[signaal.pk]),
            {
                "partner": politie.pk,
                "stap": 4,
                "gedeeld": "Vermoeden arbeidsuitbuiting op een adres in Hoorn.",
                "vraag": "Is het opgepakt?",
                "deadline": (timezone.localdate() + timedelta(days=7)).strftime("%d-%m-%Y"),
            },
        )
    assert r.status_code == 302
    verzoek = signaal.partnerverzoeken.get()
    assert AuditEntry.objects.filter(
        actie=Actie.EXPORT, object_id=str(signaal.pk), details__partnerverzoek=verzoek.pk
    ).exists()
    assert [m.to for m in mail.outbox] == [[agent.email]] and "Hoorn" not in mail.outbox[0].body
    # the partner sees only what was shared, never the signal
    page = c.get(reverse("meldroute:verzoek", args=[verzoek.pk])).content.decode()
    assert "Vermoeden arbeidsuitbuiting" in page and "Busje haalt" not in page
    assert c.get(reverse("meldroute:signaal", args=[signaal.pk])).status_code == 404
    assert login(riec_user).get(reverse("meldroute:verzoek", args=[verzoek.pk])).status_code == 404
    r = c.post(
        reverse("meldroute:verzoek", args=[verzoek.pk]),
        {"opgepakt": "onderzoek", "terugkoppeling": "Wordt onderzocht."},
    )
    assert r.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.stand == "beantwoord" and verzoek.beantwoord_door == agent
    assert "Wordt onderzocht." in login(af).get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    assert (
        c.post(reverse("meldroute:verzoek", args=[verzoek.pk]), {"opgepakt": "ja"}).status_code == 200
    )  # answered already


def test_partner_request_validation_and_reminder(melder, af, make_member, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    signaal = melden(melder)
    politie = OrganisatieFactory(naam="Politie", type=OrganisatieType.POLITIE, cbs_code="")
    make_member(Rol.CONTACTPERSOON, politie)
    af_actor = actor_for(af, None)
    with pytest.raises(ValidationError):
        services.partnerverzoek_aanmaken(
            actor=af_actor,
            signaal=signaal,
            partner=af.lidmaatschappen.get().organisatie,
            stap=4,
            gedeeld="g",
            vraag="v",
            deadline=timezone.localdate() + timedelta(days=3),
        )
    with pytest.raises(ValidationError):
        services.partnerverzoek_aanmaken(
            actor=af_actor,
            signaal=signaal,
            partner=politie,
            stap=4,
            gedeeld="g",
            vraag="v",
            deadline=timezone.localdate(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.partnerverzoek_aanmaken(
            actor=af_actor,
            signaal=signaal,
            partner=politie,
            stap=5,
            gedeeld="g",
            vraag="v",
            deadline=timezone.localdate() + timedelta(days=2),
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.partnerverzoeken_herinneren(actor=SYSTEEM) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.partnerverzoeken_herinneren(actor=SYSTEEM) == 0  # once
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Herinnering")


def test_quantiles_from_histogram():
    from kompas.meldroute.selectors import _quantiles

    values = [1, 2, 2, 3, 10, 10, 10, 40, 41, 100]
    hist = [(v, values.count(v)) for v in set(values)]
    assert _quantiles(hist, (0.5, 0.9)) == [sorted(values)[4], sorted(values)[8]]


def test_national_figures_are_cached_briefly_own_gemeente_live(melder, af, login):
    from django.core.cache import cache

    from kompas.meldroute.selectors import Scope, cijfers

    cache.clear()
    melden(melder)
    national = Scope("NL", None, suppress=True)
    own = Scope("Hoorn", ["GM0405"], suppress=False)
    assert cijfers(national)["totaal"] == "<5" and cijfers(own)["totaal"] == 1
    melden(melder)
    assert cijfers(own)["totaal"] == 2  # live
    assert cijfers(national)["totaal"] == "<5"  # cached
    cache.clear()
    for _ in range(3):
        melden(melder)
    assert cijfers(national)["totaal"] == 5
