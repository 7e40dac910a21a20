"""Zorgcoördinatie seen with fresh eyes: a closed traject is read-only (only reopening it, and
recording a withdrawal of consent, change it), the traject page leads back to its aanmelding,
a change of behandelaar is in the traject's history, and the caseload speaks to "u"."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.audit.models import AuditEntry
from kompas.zorg import services
from kompas.zorg.constants import ActieStand, Fase, ToestemmingDoel
from kompas.zorg.forms import TransitieForm
from kompas.zorg.models import Toestemming, Traject, Zorgactie
from tests.conftest import verified_client
from tests.test_zorg_aanmelden import _aanmelden, wereld  # noqa: F401
from tests.test_zorg_behandelaar import team  # noqa: F401
from tests.test_zorg_netwerk import _actie, _overleg, _toestemming, _traject, net  # noqa: F401

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _sluit(w, t):
    return services.traject_transitie(
        actor=w["zc_actor"], traject=t, transitie="afsluiten", reden="Teruggekeerd", afsluitreden="teruggekeerd"
    )


def _gesloten(net):  # noqa: F811
    t = _traject(net)
    actie = _actie(net, t)
    overleg = _overleg(net, t, [net["opvang"]])
    _sluit(net, t)
    t.refresh_from_db()
    return t, actie, overleg


def test_every_write_to_a_closed_traject_is_refused_and_changes_nothing(net):  # noqa: F811
    t, actie, overleg = _gesloten(net)
    zc = net["zc_actor"]
    voor = AuditEntry.objects.count()
    pogingen = [
        lambda: services.traject_intake_opslaan(
            actor=zc, traject=t, geinformeerd_op=timezone.localdate(), b8_einddatum=None
        ),
        lambda: services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Iemand"),
        lambda: services.traject_kenmerken_opslaan(
            actor=zc,
            traject=t,
            vormen=["arbeid"],
            leeftijdsgroep="onbekend",
            gender="onbekend",
            nationaliteit="",
            verblijfsstatus="onbekend",
            gemeente_code="",
            strafrechtelijk_traject=False,
            acuut=True,
        ),
        lambda: services.zorgactie_aanmaken(
            actor=zc, traject=t, domein="hulp_opvang", hulpvraag="Nog iets", partner=net["opvang"]
        ),
        lambda: services.zorgactie_bijwerken(actor=zc, actie=actie, stand=ActieStand.GESTART),
        lambda: _overleg(net, t, [net["opvang"]]),
        lambda: services.zorgoverleg_bijwerken(actor=zc, overleg=overleg, agenda="Nieuw", besluiten="Besloten"),
        lambda: services.journaal_aanvullen(actor=zc, traject=t, tekst="Nog een aantekening"),
        lambda: services.bijlage_toevoegen(
            actor=zc, traject=t, upload=SimpleUploadedFile("x.png", PNG, content_type="image/png")
        ),
        lambda: services.traject_behandelaar_wijzigen(actor=zc, traject=t, behandelaar=None),
        lambda: _toestemming(net, t, net["ggz"], gegeven=True),  # giving consent: no
    ]
    for poging in pogingen:
        with pytest.raises(services.TrajectAfgesloten, match="afgesloten; heropen het eerst"):
            poging()
    assert AuditEntry.objects.count() == voor
    na = Traject.objects.get(pk=t.pk)
    assert na.geinformeerd_op is None and not na.acuut and na.vormen == [] and na.behandelaar == net["zc"]
    assert not hasattr(na, "gegevens") or na.gegevens is None
    assert t.acties.count() == 1 and Zorgactie.objects.get(pk=actie.pk).stand == ActieStand.GEVRAAGD
    assert t.overleggen.count() == 1 and t.overleggen.get().besluiten == ""
    assert t.journaal.count() == 0 and t.bijlagen.count() == 0
    assert not t.toestemmingen.filter(organisatie=net["ggz"]).exists()


def test_a_withdrawal_of_consent_is_still_recorded_on_a_closed_traject(net):  # noqa: F811
    t, _actie_, _o = _gesloten(net)
    ingetrokken = _toestemming(net, t, net["opvang"], gegeven=False)
    assert ingetrokken.pk and not ingetrokken.gegeven
    laatste = Toestemming.objects.filter(traject=t, doel=ToestemmingDoel.DELEN_ORGANISATIE).latest("tijdstip", "id")
    assert laatste == ingetrokken


def test_after_reopening_the_traject_can_be_worked_on_again(net):  # noqa: F811
    t, actie, _o = _gesloten(net)
    services.traject_transitie(actor=net["zc_actor"], traject=t, transitie="heropenen", reden="Terug in NL")
    services.journaal_aanvullen(actor=net["zc_actor"], traject=t, tekst="Weer contact")
    services.zorgactie_bijwerken(actor=net["zc_actor"], actie=actie, stand=ActieStand.GESTART)
    assert t.journaal.count() == 1 and Zorgactie.objects.get(pk=actie.pk).stand == ActieStand.GESTART


def _form_acties(html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="(/zorg/[^"]+)"', html))


def test_the_page_of_a_closed_traject_offers_only_reopening_and_withdrawing_consent(net):  # noqa: F811
    t, actie, overleg = _gesloten(net)
    client = verified_client(net["zc"])
    pagina = client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    assert _form_acties(pagina) == {reverse("zorg:transitie", args=[t.pk]), reverse("zorg:toestemming", args=[t.pk])}
    assert "Zorgactie uitzetten" not in pagina and "Intake opslaan" not in pagina and "Zet op:" not in pagina
    assert "Traject heropenen" in pagina and "alleen te lezen" in pagina
    # its content is still there: the action, the overleg, the history
    assert "Opvang De Haven" in pagina and reverse("zorg:zorgoverleg", args=[overleg.pk]) in pagina
    # its open action stays as it was, marked as no longer to be updated
    assert "Niet afgerond; het traject is afgesloten" in pagina
    # the reopen form asks a reason, not the closing reason or the closing conditions
    assert 'name="afsluitreden"' not in pagina and 'name="voorwaarden"' not in pagina and 'name="reden"' in pagina
    # the consent form only withdraws
    assert '<option value="ja"' not in pagina and '<option value="nee"' in pagina
    # the zorgoverleg's page has no form either
    o = client.get(reverse("zorg:zorgoverleg", args=[overleg.pk])).content.decode()
    assert "Zorgoverleg opslaan" not in o and "niet meer bijgewerkt" in o
    # an open traject has every form
    open_pagina = client.get(reverse("zorg:traject", args=[_traject(net).pk])).content.decode()
    assert len(_form_acties(open_pagina)) >= 9 and "Zorgactie uitzetten" in open_pagina


def test_posting_to_a_closed_traject_shows_the_refusal(net):  # noqa: F811
    t, actie, _o = _gesloten(net)
    client = verified_client(net["zc"])
    r = client.post(reverse("zorg:journaal", args=[t.pk]), {"tekst": "Toch nog"}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("zorg:traject", args=[t.pk]) and "heropen het eerst" in r.content.decode()
    r = client.post(reverse("zorg:zorgactie_stand", args=[actie.pk]), {"stand": ActieStand.GESTART}, follow=True)
    assert "heropen het eerst" in r.content.decode()
    assert Zorgactie.objects.get(pk=actie.pk).stand == ActieStand.GEVRAAGD and t.journaal.count() == 0


def test_reopening_form_has_only_the_reason():
    form = TransitieForm(fase=Fase.AFGESLOTEN)
    assert set(form.fields) == {"transitie", "reden"}
    assert set(TransitieForm(fase=Fase.HULPVERLENING).fields) == {"transitie", "reden", "afsluitreden", "voorwaarden"}


def test_the_traject_page_leads_back_to_its_aanmelding(wereld):  # noqa: F811
    a = _aanmelden(wereld, gemeente_code="GM0405")
    t = services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    pagina = verified_client(wereld["zc"]).get(reverse("zorg:traject", args=[t.pk])).content.decode()
    deel = pagina.split(">Aanmelding</h2>", 1)[1].split("<h2", 1)[0]
    assert "Politie Noord" in deel and "06 1234 5678" in deel and "Man in een loods, werkt zonder loon" in deel
    assert reverse("zorg:aanmelding", args=[a.pk]) in deel
    assert timezone.localtime(a.tijdstip).strftime("%Y") in deel


def test_a_change_of_behandelaar_is_in_the_history(team):  # noqa: F811
    t = services.aanmelding_accepteren(actor=team["zc_actor"], aanmelding=_aanmelden(team, gemeente_code="GM0405"))
    services.traject_behandelaar_wijzigen(actor=team["zc_actor"], traject=t, behandelaar=team["tweede"])
    services.traject_behandelaar_wijzigen(actor=team["zc_actor"], traject=t, behandelaar=team["tweede"])  # no-op
    assert t.behandelaar_geschiedenis.count() == 1
    rij = t.behandelaar_geschiedenis.get()
    with pytest.raises(ValueError):  # append-only
        rij.save()
    pagina = verified_client(team["zc"]).get(reverse("zorg:traject", args=[t.pk])).content.decode()
    geschiedenis = pagina.split(">Geschiedenis</h2>", 1)[1]
    assert f"Behandelaar: {team['tweede']} (was: {team['zc']})" in geschiedenis


def test_caseload_says_it_once_and_calls_the_user_u(team):  # noqa: F811
    mijn = services.aanmelding_accepteren(actor=team["zc_actor"], aanmelding=_aanmelden(team, gemeente_code="GM0405"))
    client = verified_client(team["zc"])
    pagina = client.get(reverse("zorg:caseload"), {"behandelaar": "alle"}).content.decode()
    assert f"{team['zc']} (u)" in pagina and ">ik<" not in pagina
    # a filter that finds the one traject in intake: the other phases are simply empty
    gefilterd = client.get(reverse("zorg:caseload"), {"behandelaar": "ik"}).content.decode()
    assert mijn.clientcode in gefilterd
    assert "Geen trajecten die aan de filters voldoen." not in gefilterd
    assert gefilterd.count("Geen trajecten in deze fase.") >= 2
    # nothing found at all: said once
    niets = client.get(reverse("zorg:caseload"), {"behandelaar": "geen"}).content.decode()
    assert niets.count("Geen trajecten die aan de filters voldoen.") == 1


def test_the_partner_still_cannot_update_an_action_of_a_closed_traject(net):  # noqa: F811
    t, actie, _o = _gesloten(net)
    with pytest.raises(services.TrajectAfgesloten, match="afgesloten"):
        services.partner_actie_bijwerken(
            actor=actor_for(net["cp_opvang"], net["opvang"].pk), actie=actie, stand=ActieStand.GESTART
        )
    assert timezone.now() - Zorgactie.objects.get(pk=actie.pk).bijgewerkt_op < timedelta(hours=1)
