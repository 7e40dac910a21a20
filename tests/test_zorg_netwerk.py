"""Zorgcoördinatie, the network side (issue 10 items 6, 7 and 15): the regional zorgnetwerk with
expertise and capacity, zorgacties that the care partner updates itself (and only sees while
consent allows it), the stalled-action signal and the B8 reminder, mails without content."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.zorg import selectors, services
from kompas.zorg.constants import ActieStand, Fase, ToestemmingDoel
from kompas.zorg.models import ActieUpdate, Zorgactie, Zorgpartner
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

HULPVRAAG = "Veilige opvang voor Ana uit Boekarest"  # must never reach an e-mail


@pytest.fixture
def net(db):
    zvh = OrganisatieFactory(naam="ZVH Noord", type=OrganisatieType.ZVH, cbs_code="")
    ander = OrganisatieFactory(naam="ZVH Zuid", type=OrganisatieType.ZVH, cbs_code="")
    opvang = OrganisatieFactory(naam="Opvang De Haven", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    ggz = OrganisatieFactory(naam="GGZ Kust", type=OrganisatieType.GGD, cbs_code="")
    zc, zc_ander = member(Rol.ZORGCOORDINATOR, zvh), member(Rol.ZORGCOORDINATOR, ander)
    cp_opvang, cp_ggz = member(Rol.CONTACTPERSOON, opvang), member(Rol.CONTACTPERSOON, ggz)
    w = {
        "zvh": zvh,
        "ander": ander,
        "opvang": opvang,
        "ggz": ggz,
        "zc": zc,
        "zc_ander": zc_ander,
        "cp_opvang": cp_opvang,
        "cp_ggz": cp_ggz,
        "zc_actor": actor_for(zc, zvh.pk),
        "ander_actor": actor_for(zc_ander, ander.pk),
        "opvang_actor": actor_for(cp_opvang, opvang.pk),
        "ggz_actor": actor_for(cp_ggz, ggz.pk),
    }
    services.werkgebied_opslaan(actor=w["zc_actor"], gemeente_codes=["GM0405"], centrumgemeente_code="", fte="1")
    services.werkgebied_opslaan(actor=w["ander_actor"], gemeente_codes=["GM0361"], centrumgemeente_code="", fte="1")
    return w


def _traject(w, **kenmerken):
    a = services.aanmelding_maken(
        actor=w["zc_actor"], zorgorganisatie=w["zvh"], bron="telefoon", toelichting="Opvang nodig"
    )
    t = services.aanmelding_accepteren(actor=w["zc_actor"], aanmelding=a)
    if kenmerken:
        base = {
            "vormen": [],
            "leeftijdsgroep": "onbekend",
            "gender": "onbekend",
            "nationaliteit": "",
            "verblijfsstatus": "onbekend",
            "gemeente_code": "",
            "strafrechtelijk_traject": False,
            "acuut": False,
        }
        t = services.traject_kenmerken_opslaan(actor=w["zc_actor"], traject=t, **{**base, **kenmerken})
    return t


def _toestemming(w, t, partner, gegeven=True):
    return services.toestemming_vastleggen(
        actor=w["zc_actor"],
        traject=t,
        doel=ToestemmingDoel.DELEN_ORGANISATIE,
        organisatie=partner,
        gegeven=gegeven,
        datum=timezone.localdate(),
    )


def _actie(w, t, partner=None, **extra):
    partner = partner or w["opvang"]
    if not extra.get("grondslag"):
        _toestemming(w, t, partner)
    return services.zorgactie_aanmaken(
        actor=w["zc_actor"],
        traject=t,
        domein="hulp_opvang",
        hulpvraag=HULPVRAAG,
        partner=partner,
        overdracht="Spreekt Roemeens",
        **extra,
    )


# --- item 7: zorgnetwerk ------------------------------------------------------------------


def test_the_coordinator_keeps_a_zorgnetwerk_filtered_by_expertise(net):
    zc = net["zc_actor"]
    opvang = services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=net["opvang"],
        vormen=["seksueel", "arbeid"],
        doelgroepen=["vrouwen"],
        domeinen=["hulp_opvang"],
        contact="0229 1",
        opvangplaatsen=6,
    )
    services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=net["ggz"],
        vormen=["crimineel"],
        doelgroepen=["minderjarigen", "mannen"],
        domeinen=["gezondheid"],
    )
    assert [p.organisatie for p in selectors.netwerk_voor(zc)] == [net["ggz"], net["opvang"]]
    assert [p.organisatie for p in selectors.netwerk_voor(zc, doelgroep="minderjarigen")] == [net["ggz"]]
    assert [p.organisatie for p in selectors.netwerk_voor(zc, vorm="arbeid", domein="hulp_opvang")] == [net["opvang"]]
    assert selectors.netwerk_voor(zc, vorm="orgaan") == []
    assert selectors.netwerk_voor(zc, alleen_vrij=True) == []  # six places, none reported free yet
    # another werkgebied has its own network: the same organisation is not in it
    assert selectors.netwerk_voor(net["ander_actor"]) == []
    with pytest.raises(PermissionDenied):
        services.netwerkpartner_verwijderen(actor=net["ander_actor"], partner=opvang)
    # only organisations that can be care partners; a gemeente cannot
    with pytest.raises(ValidationError, match="zorgaanbieder"):
        services.netwerkpartner_opslaan(actor=zc, organisatie=OrganisatieFactory(naam="Gemeente X"))
    with pytest.raises(ValidationError):
        services.netwerkpartner_opslaan(actor=zc, organisatie=net["ggz"], doelgroepen=["marsmannetjes"])
    with pytest.raises(PermissionDenied):
        services.netwerkpartner_opslaan(actor=net["opvang_actor"], organisatie=net["ggz"])
    services.netwerkpartner_verwijderen(actor=zc, partner=opvang)
    assert [p.organisatie for p in selectors.netwerk_voor(zc)] == [net["ggz"]]
    assert AuditEntry.objects.filter(
        object_type="zorg.zorgpartner", object_id=str(opvang.pk), actie=Actie.UPDATE, details__uit_netwerk=True
    ).exists()


def test_adding_a_partner_twice_is_refused_and_never_wipes_what_is_known(net):
    zc = net["zc_actor"]
    services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=net["opvang"],
        vormen=["seksueel"],
        doelgroepen=["vrouwen"],
        domeinen=["hulp_opvang"],
        contact="0229 1",
        opvangplaatsen=6,
    )
    # the "add a partner" form with the same organisation and empty boxes (found by a new user)
    with pytest.raises(ValidationError, match="staat al in het zorgnetwerk"):
        services.netwerkpartner_opslaan(actor=zc, organisatie=net["opvang"], toevoegen=True)
    p = Zorgpartner.objects.get(organisatie=net["opvang"])
    assert (p.vormen, p.contact, p.opvangplaatsen) == (["seksueel"], "0229 1", 6)
    # another werkgebied adds the same organisation: linked, what is known kept
    services.netwerkpartner_opslaan(actor=net["ander_actor"], organisatie=net["opvang"], toevoegen=True)
    p.refresh_from_db()
    assert (p.vormen, p.contact, p.opvangplaatsen) == (["seksueel"], "0229 1", 6)
    assert [q.organisatie for q in selectors.netwerk_voor(net["ander_actor"])] == [net["opvang"]]


def test_a_network_needs_a_werkgebied(db):
    zvh = OrganisatieFactory(naam="ZVH Leeg", type=OrganisatieType.ZVH, cbs_code="")
    zc = actor_for(member(Rol.ZORGCOORDINATOR, zvh), zvh.pk)
    opvang = OrganisatieFactory(naam="Opvang", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    with pytest.raises(ValidationError, match="werkgebied"):
        services.netwerkpartner_opslaan(actor=zc, organisatie=opvang)


def test_the_partner_keeps_its_own_capacity_up_to_date(net):
    zc, cp = net["zc_actor"], net["opvang_actor"]
    with pytest.raises(ValidationError, match="geen zorgnetwerk"):
        services.capaciteit_bijwerken(actor=cp, opvangplaatsen=6, vrije_plaatsen=2)
    services.netwerkpartner_opslaan(actor=zc, organisatie=net["opvang"], vormen=["seksueel"], opvangplaatsen=6)
    with pytest.raises(ValidationError, match="niet meer plaatsen vrij"):
        services.capaciteit_bijwerken(actor=cp, opvangplaatsen=6, vrije_plaatsen=7)
    with pytest.raises(ValidationError):
        services.capaciteit_bijwerken(actor=cp, opvangplaatsen=None, vrije_plaatsen=2)
    with pytest.raises(PermissionDenied):  # a coordinator does not report a partner's free places
        services.capaciteit_bijwerken(actor=zc, opvangplaatsen=6, vrije_plaatsen=2)
    p = services.capaciteit_bijwerken(actor=cp, opvangplaatsen=8, vrije_plaatsen=3, contact="Intake: 0229 2")
    assert (p.opvangplaatsen, p.vrije_plaatsen, p.contact) == (8, 3, "Intake: 0229 2") and p.capaciteit_bijgewerkt_op
    assert [x.organisatie for x in selectors.netwerk_voor(zc, alleen_vrij=True)] == [net["opvang"]]
    # through the page: the partner's own page, an error in Dutch, nothing stored
    client = verified_client(net["cp_opvang"])
    r = client.post(reverse("zorg:partner"), {"opvangplaatsen": "8", "vrije_plaatsen": "9"})
    assert r.status_code == 400 and "niet meer plaatsen vrij" in r.content.decode()
    p.refresh_from_db()
    assert p.vrije_plaatsen == 3
    assert client.post(reverse("zorg:partner"), {"opvangplaatsen": "8", "vrije_plaatsen": "0"}).status_code == 302
    p.refresh_from_db()
    assert p.vrije_plaatsen == 0
    page = verified_client(net["zc"]).get(reverse("zorg:netwerk")).content.decode()
    assert "Opvang De Haven" in page and "0 / 8" in page


def test_the_zorgactie_form_offers_the_werkgebieds_partners_fitting_ones_first(net):
    zc = net["zc_actor"]
    buiten = OrganisatieFactory(naam="Opvang Elders", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    services.netwerkpartner_opslaan(actor=zc, organisatie=net["opvang"], vormen=["seksueel"], doelgroepen=["vrouwen"])
    services.netwerkpartner_opslaan(
        actor=zc, organisatie=net["ggz"], vormen=["arbeid"], doelgroepen=["mannen", "arbeidsmigranten"]
    )
    t = _traject(net, vormen=["arbeid"], gender="man", nationaliteit="PL")
    passend, overig = selectors.partners_voor_traject(zc, t)
    assert [p.organisatie for p in passend] == [net["ggz"]] and [p.organisatie for p in overig] == [net["opvang"]]
    client = verified_client(net["zc"])
    page = client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    keuze = re.search(r'<select name="partner".*?</select>', page, re.S).group(0)
    assert "Passend bij dit traject" in keuze and "Opvang Elders" not in keuze
    assert keuze.index("GGZ Kust") < keuze.index("Andere partners in het zorgnetwerk") < keuze.index("Opvang De Haven")
    # a partner outside the network is refused, even with consent, and nothing is stored
    _toestemming(net, t, buiten)
    data = {"domein": "hulp_opvang", "hulpvraag": "Opvang", "partner": buiten.pk}
    r = client.post(reverse("zorg:zorgactie", args=[t.pk]), data)
    assert r.status_code == 400 and "zorgnetwerk van uw werkgebied" in r.content.decode()
    assert not t.acties.exists()
    _toestemming(net, t, net["ggz"])
    assert client.post(reverse("zorg:zorgactie", args=[t.pk]), {**data, "partner": net["ggz"].pk}).status_code == 302
    assert list(t.acties.values_list("partner", flat=True)) == [net["ggz"].pk]


# --- item 6: the partner updates its own actions --------------------------------------------


def test_the_partner_updates_its_own_action_and_nobody_elses(net, mailoutbox, django_capture_on_commit_callbacks):
    t = _traject(net)
    with django_capture_on_commit_callbacks(execute=True):
        actie = _actie(net, t)
    [bericht] = mailoutbox  # the partner hears there is an action, not what it is
    assert bericht.to == [net["cp_opvang"].email] and HULPVRAAG not in bericht.body and "Ana" not in bericht.body
    assert reverse("zorg:partner_actie", args=[actie.pk]) in bericht.body
    cp, ggz = net["opvang_actor"], net["ggz_actor"]
    assert list(selectors.acties_voor_partner(cp)) == [actie] and list(selectors.acties_voor_partner(ggz)) == []
    with pytest.raises(PermissionDenied):
        services.partner_actie_bijwerken(actor=ggz, actie=actie, stand=ActieStand.GESTART)
    with pytest.raises(PermissionDenied):  # a coordinator of the same traject uses her own service
        services.partner_actie_bijwerken(actor=net["zc_actor"], actie=actie, stand=ActieStand.GESTART)
    with pytest.raises(ValidationError):  # forward only
        services.partner_actie_bijwerken(actor=cp, actie=actie, stand=ActieStand.AFGEROND)
    actie = services.partner_actie_bijwerken(
        actor=cp, actie=actie, stand=ActieStand.GESTART, toelichting="Intake gepland"
    )
    actie = services.partner_actie_bijwerken(actor=cp, actie=actie, stand=ActieStand.AFGEROND)
    assert actie.stand == ActieStand.AFGEROND
    assert list(ActieUpdate.objects.filter(actie=actie).values_list("van", "naar", "organisatie")) == [
        ("gevraagd", "gestart", net["opvang"].pk),
        ("gestart", "afgerond", net["opvang"].pk),
    ]
    assert (
        AuditEntry.objects.filter(object_type="zorg.zorgactie", object_id=str(actie.pk), actie=Actie.UPDATE).count()
        == 2
    )
    # the coordinator reads the partner's note on the traject
    assert "Intake gepland" in verified_client(net["zc"]).get(reverse("zorg:traject", args=[t.pk])).content.decode()


def test_a_partner_that_declines_says_why(net):
    actie = _actie(net, _traject(net))
    with pytest.raises(ValidationError, match="andere partner"):
        services.partner_actie_bijwerken(actor=net["opvang_actor"], actie=actie, stand=ActieStand.AFGEWEZEN)
    client = verified_client(net["cp_opvang"])
    url = reverse("zorg:partner_actie", args=[actie.pk])
    assert client.post(url, {"stand": "afgewezen"}).status_code == 400
    assert client.post(url, {"stand": "afgewezen", "toelichting": "Vol tot maart"}).status_code == 302
    actie.refresh_from_db()
    assert actie.stand == ActieStand.AFGEWEZEN
    # another partner's contactpersoon does not even learn the action exists
    assert verified_client(net["cp_ggz"]).get(url).status_code == 404


def test_an_action_of_a_closed_traject_is_no_longer_open_work_for_the_partner(net):
    t = _traject(net)
    actie = _actie(net, t)
    type(t).objects.filter(pk=t.pk).update(fase=Fase.AFGESLOTEN)  # e.g. returned to the country of origin
    actie.refresh_from_db()
    with pytest.raises(services.TrajectAfgesloten, match="afgesloten"):
        services.partner_actie_bijwerken(actor=net["opvang_actor"], actie=actie, stand=ActieStand.GESTART)
    c = verified_client(net["cp_opvang"])
    # on the web: back to the action with the refusal as a message, nothing changed
    url = reverse("zorg:partner_actie", args=[actie.pk])
    r = c.post(url, {"stand": ActieStand.GESTART}, follow=True)
    assert r.redirect_chain[-1][0] == url
    assert "deze zorgactie kan niet meer worden bijgewerkt" in r.content.decode()
    actie.refresh_from_db()
    assert actie.stand != ActieStand.GESTART
    pagina = c.get(reverse("zorg:partner"))
    assert pagina.status_code == 200
    assert actie not in pagina.context["open_acties"] and actie in pagina.context["afgehandeld"]


def test_the_partner_sees_the_content_only_while_consent_allows_it(net):
    t = _traject(net)
    actie = _actie(net, t)
    client = verified_client(net["cp_opvang"])
    url = reverse("zorg:partner_actie", args=[actie.pk])
    assert HULPVRAAG in client.get(url).content.decode()
    _toestemming(net, t, net["opvang"], gegeven=False)  # withdrawn: later reads show only the stand
    page = client.get(url).content.decode()
    assert HULPVRAAG not in page and "Spreekt Roemeens" not in page and "geen toestemming" in page
    assert client.post(url, {"stand": "gestart"}).status_code == 302  # the stand can still be updated
    entry = (
        AuditEntry.objects.filter(object_type="zorg.zorgactie", object_id=str(actie.pk), actie=Actie.VIEW)
        .order_by("-id")
        .first()
    )
    assert entry.details["inhoud_gedeeld"] is False and entry.user_id == net["cp_opvang"].pk


def test_a_share_under_a_legal_ground_lasts_until_a_withdrawal(net):
    t = _traject(net)
    actie = _actie(net, t, partner=net["ggz"], grondslag="Acuut gevaar")
    assert actie.grondslag == "Acuut gevaar" and selectors.delen_toegestaan(actie)
    client = verified_client(net["cp_ggz"])
    page = client.get(reverse("zorg:partner_actie", args=[actie.pk])).content.decode()
    assert HULPVRAAG in page and "Acuut gevaar" in page
    _toestemming(net, t, net["ggz"], gegeven=False)
    assert not selectors.delen_toegestaan(actie)
    assert HULPVRAAG not in client.get(reverse("zorg:partner_actie", args=[actie.pk])).content.decode()
    # an action shared with consent keeps no legal ground
    assert _actie(net, t, partner=net["opvang"]).grondslag == ""


# --- item 6 and 15: stalled actions, B8 reminder ----------------------------------------------


def test_an_action_without_update_is_flagged_and_reported_once(net, mailoutbox, django_capture_on_commit_callbacks):
    t = _traject(net)
    actie = _actie(net, t)
    mailoutbox.clear()
    nu = timezone.now()
    assert services.stille_acties_melden(actor=SYSTEEM, now=nu + timedelta(days=13)) == 0  # the default is 14 days
    Zorgactie.objects.filter(pk=actie.pk).update(bijgewerkt_op=nu - timedelta(days=15))  # time passes
    [rij] = selectors.caseload(net["zc_actor"])[Fase.INTAKE]
    assert rij.actie_stil
    assert "Zorgactie zonder update" in verified_client(net["zc"]).get(reverse("zorg:caseload")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stille_acties_melden(actor=SYSTEEM, now=nu) == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([net["zc"].email, net["cp_opvang"].email])
    for m in mailoutbox:
        assert HULPVRAAG not in m.body and t.clientcode not in m.body and "Ana" not in m.body
    assert AuditEntry.objects.filter(object_type="zorg.zorgactie", details__ids=[actie.pk]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stille_acties_melden(actor=SYSTEEM, now=nu) == 0  # reported once
    assert len(mailoutbox) == 2
    # an update clears the signal; after another silence it is reported again
    services.partner_actie_bijwerken(actor=net["opvang_actor"], actie=actie, stand=ActieStand.GESTART)
    assert not selectors.caseload(net["zc_actor"])[Fase.INTAKE][0].actie_stil
    assert services.stille_acties_melden(actor=SYSTEEM, now=timezone.now() + timedelta(days=15)) == 1


def test_the_number_of_days_is_set_per_werkgebied(net):
    services.werkgebied_opslaan(
        actor=net["zc_actor"], gemeente_codes=["GM0405"], centrumgemeente_code="", fte="1", actie_signaal_dagen=3
    )
    with pytest.raises(ValidationError):
        services.werkgebied_opslaan(
            actor=net["zc_actor"], gemeente_codes=["GM0405"], centrumgemeente_code="", fte="1", actie_signaal_dagen=0
        )
    actie = _actie(net, _traject(net))
    nu = timezone.now()
    assert services.stille_acties_melden(actor=SYSTEEM, now=nu + timedelta(days=2)) == 0
    assert [a.pk for a in selectors.stille_acties(nu + timedelta(days=4))] == [actie.pk]
    # a closed traject's actions are not chased
    services.traject_transitie(
        actor=net["zc_actor"],
        traject=actie.traject,
        transitie="afsluiten",
        reden="Vertrokken",
        afsluitreden="vertrokken",
    )
    assert selectors.stille_acties(nu + timedelta(days=4)) == []


def test_the_b8_reminder_goes_once_per_end_date_without_content(net, mailoutbox, django_capture_on_commit_callbacks):
    zc = net["zc_actor"]
    t = _traject(net)
    ver = _traject(net)
    vandaag = timezone.localdate()
    services.traject_intake_opslaan(
        actor=zc, traject=t, geinformeerd_op=None, b8_einddatum=vandaag + timedelta(days=10)
    )
    services.traject_intake_opslaan(
        actor=zc, traject=ver, geinformeerd_op=None, b8_einddatum=vandaag + timedelta(days=60)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.b8_herinneringen(actor=SYSTEEM) == 1
    [m] = mailoutbox
    assert m.to == [net["zc"].email] and "bedenktijd" in m.body and t.clientcode not in m.body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.b8_herinneringen(actor=SYSTEEM) == 0
    services.traject_intake_opslaan(
        actor=zc, traject=t, geinformeerd_op=None, b8_einddatum=vandaag + timedelta(days=12)
    )
    assert services.b8_herinneringen(actor=SYSTEEM) == 1  # a new end date reminds again
    # fifty days on, the other one is due
    assert services.b8_herinneringen(actor=SYSTEEM, now=timezone.now() + timedelta(days=50)) == 1


def test_partner_pages_and_audit(net):
    services.netwerkpartner_opslaan(
        actor=net["zc_actor"], organisatie=net["opvang"], vormen=["seksueel"], opvangplaatsen=4
    )
    actie = _actie(net, _traject(net))
    client = verified_client(net["cp_opvang"])
    page = client.get(reverse("zorg:partner")).content.decode()
    assert f"Zorgactie {actie.pk}" in page and HULPVRAAG not in page  # the list shows no content
    assert AuditEntry.objects.filter(actie=Actie.VIEW, user=net["cp_opvang"], details__ids=[actie.pk]).exists()
    # partners and coordinators reach only their own side
    assert verified_client(net["zc"]).get(reverse("zorg:partner")).status_code == 403
    assert client.get(reverse("zorg:netwerk")).status_code == 403
    zp = selectors.eigen_zorgpartner(net["opvang_actor"])
    assert verified_client(net["zc"]).get(reverse("zorg:netwerkpartner", args=[zp.pk])).status_code == 200
    assert verified_client(net["zc_ander"]).get(reverse("zorg:netwerkpartner", args=[zp.pk])).status_code == 404


# --- item 9: consent overrides on the privacy officer's list -----------------------------------


def test_a_share_without_consent_is_on_the_privacy_officers_list(net):
    t = _traject(net)
    met = _actie(net, t)  # with consent: not on the list
    zonder = _actie(net, t, partner=net["ggz"], grondslag="Acuut gevaar voor de cliënt")
    po = verified_client(member(Rol.PRIVACY_OFFICER, net["zvh"]))
    page = po.get(reverse("audit:list")).content.decode()
    assert "1 keer gedeeld zonder toestemming" in page
    lijst = po.get(reverse("audit:list"), {"zonder_toestemming": "on"}).content.decode()
    assert "Acuut gevaar voor de cliënt" in lijst and "Zonder toestemming" in lijst
    assert f"zorgactie {zonder.pk} " in lijst and f"zorgactie {met.pk} " not in lijst
    # the other organisation's privacy officer sees none of it
    ander = verified_client(member(Rol.PRIVACY_OFFICER, net["ander"]))
    assert "keer gedeeld zonder toestemming" not in ander.get(reverse("audit:list")).content.decode()
    assert "Acuut gevaar" not in ander.get(reverse("audit:list"), {"zonder_toestemming": "on"}).content.decode()


# --- item 8: zorgoverleg ------------------------------------------------------------------------


def _overleg(w, t, genodigden, **extra):
    data = {
        "datum": timezone.now() + timedelta(days=3),
        "agenda": "Opvang en aangifte",
        "gedeeld": "Cliënte wil in de regio blijven",
        "locatie": "ZVH, zaal 2",
        **extra,
    }
    return services.zorgoverleg_plannen(actor=w["zc_actor"], traject=t, genodigden=genodigden, **data)


def test_a_zorgoverleg_invites_only_with_consent_and_the_mail_says_nothing(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    t = _traject(net)
    with pytest.raises(ValidationError, match="GGZ Kust"):  # no consent for the GGZ
        _overleg(net, t, [net["ggz"]])
    with pytest.raises(ValidationError, match="ten minste"):
        _overleg(net, t, [])
    _toestemming(net, t, net["opvang"])
    with pytest.raises(ValidationError, match="binnen een jaar"):
        _overleg(net, t, [net["opvang"]], datum=timezone.now() + timedelta(days=400))
    with pytest.raises(PermissionDenied):
        services.zorgoverleg_plannen(
            actor=net["ander_actor"], traject=t, genodigden=[net["opvang"]], datum=timezone.now(), agenda="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        o = _overleg(net, t, [net["opvang"]])
    [m] = mailoutbox
    assert m.to == [net["cp_opvang"].email] and reverse("zorg:overleg_partner", args=[o.pk]) in m.body
    assert "Opvang en aangifte" not in m.body and "regio blijven" not in m.body and t.clientcode not in m.body
    assert AuditEntry.objects.filter(object_type="zorg.zorgoverleg", object_id=str(o.pk), actie=Actie.CREATE).exists()


def test_invitees_see_what_was_shared_only_while_consent_holds(net):
    t = _traject(net)
    _toestemming(net, t, net["opvang"])
    o = _overleg(net, t, [net["opvang"]])
    services.zorgoverleg_bijwerken(
        actor=net["zc_actor"],
        overleg=o,
        agenda="Opvang en aangifte",
        gedeeld="Cliënte wil in de regio blijven",
        besluiten="De Haven biedt een plek",
        locatie="ZVH",
    )
    actie = _actie(net, t, zorgoverleg=o)
    url = reverse("zorg:overleg_partner", args=[o.pk])
    partner = verified_client(net["cp_opvang"])
    page = partner.get(url).content.decode()
    assert "regio blijven" in page and "De Haven biedt een plek" in page and f"Zorgactie {actie.pk}" in page
    assert HULPVRAAG not in page  # the meeting shows what was shared for it, not the traject's other content
    assert verified_client(net["cp_ggz"]).get(url).status_code == 404  # not invited
    assert verified_client(net["zc_ander"]).get(reverse("zorg:zorgoverleg", args=[o.pk])).status_code == 404
    _toestemming(net, t, net["opvang"], gegeven=False)
    page = partner.get(url).content.decode()
    assert "regio blijven" not in page and "De Haven biedt een plek" not in page and "geen toestemming" in page
    entry = (
        AuditEntry.objects.filter(object_type="zorg.zorgoverleg", object_id=str(o.pk), actie=Actie.VIEW)
        .order_by("-id")
        .first()
    )
    assert entry.details["inhoud_gedeeld"] is False
    # the coordinator sees who no longer may read it
    assert (
        "geen geldige toestemming meer"
        in verified_client(net["zc"]).get(reverse("zorg:zorgoverleg", args=[o.pk])).content.decode()
    )


def test_actions_follow_from_a_zorgoverleg_of_the_same_traject(net):
    t, ander = _traject(net), _traject(net)
    _toestemming(net, ander, net["opvang"])
    o = _overleg(net, ander, [net["opvang"]])
    with pytest.raises(ValidationError, match="ander traject"):
        _actie(net, t, zorgoverleg=o)
    actie = _actie(net, ander, zorgoverleg=o)
    assert list(o.acties.all()) == [actie]
    services.traject_transitie(
        actor=net["zc_actor"], traject=t, transitie="afsluiten", reden="Vertrokken", afsluitreden="vertrokken"
    )
    t.refresh_from_db()
    with pytest.raises(services.TrajectAfgesloten, match="afgesloten"):
        _overleg(net, t, [net["opvang"]])


# --- item 10: journal and attachments --------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def test_journal_and_attachments_with_the_meldroutes_file_checks(net):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kompas.zorg.models import JournaalRegel, TrajectBijlage

    t = _traject(net)
    zc = net["zc_actor"]
    services.journaal_aanvullen(actor=zc, traject=t, tekst="Gebeld met de advocaat")
    with pytest.raises(ValidationError):
        services.journaal_aanvullen(actor=zc, traject=t, tekst="  ")
    with pytest.raises(PermissionDenied):
        services.journaal_aanvullen(actor=net["ander_actor"], traject=t, tekst="x")
    with pytest.raises(ValueError):  # appended, never edited
        r = JournaalRegel.objects.get(traject=t)
        r.tekst = "anders"
        r.save()
    with pytest.raises(ValidationError, match="niet toegestaan"):
        services.bijlage_toevoegen(actor=zc, traject=t, upload=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError, match="past niet"):
        services.bijlage_toevoegen(actor=zc, traject=t, upload=SimpleUploadedFile("foto.png", b"%PDF-1.7"))
    client = verified_client(net["zc"])
    r = client.post(reverse("zorg:bijlage_upload", args=[t.pk]), {"bestand": SimpleUploadedFile("paspoort.png", PNG)})
    assert r.status_code == 302
    b = TrajectBijlage.objects.get(traject=t)
    download = client.get(reverse("zorg:bijlage", args=[b.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["X-Content-Type-Options"] == "nosniff" and download["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(actie=Actie.VIEW, object_id=str(t.pk), details__bijlage=b.pk).exists()
    assert verified_client(net["zc_ander"]).get(reverse("zorg:bijlage", args=[b.pk])).status_code == 404
    page = client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    assert "Gebeld met de advocaat" in page and "paspoort.png" in page
    # retention takes the journal and the attachment (and its file) with the identifying data
    pad = b.bestand.path
    services.traject_transitie(
        actor=zc, traject=t, transitie="afsluiten", reden="Vertrokken", afsluitreden="vertrokken"
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.bewaartermijnen_handhaven(actor=SYSTEEM, now=timezone.now() + timedelta(days=800)) == 1
    import os

    assert (
        not JournaalRegel.objects.filter(traject=t).exists() and not TrajectBijlage.objects.filter(traject=t).exists()
    )
    assert not os.path.exists(pad)
