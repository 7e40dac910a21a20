"""The signal as a case file (issue 14 item 2): the step indicator, only the steps the
transition table allows now (in route order, each its own form), and a closed signal that
is read-only, in the page and in the services."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.meldroute import services
from kompas.meldroute.constants import Status
from kompas.meldroute.models import Bijlage, PartnerVerzoek, Signaal, Verrijking
from kompas.meldroute.workflow import TRANSITIES, stappen, transities_vanuit
from tests.factories import OrganisatieFactory
from tests.test_meldroute import PNG, melden

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")


@pytest.fixture
def melder(make_member, gemeente):
    return make_member(Rol.MEDEWERKER, gemeente)


@pytest.fixture
def af(make_member, gemeente):
    return make_member(Rol.AANDACHTSFUNCTIONARIS, gemeente)


ADD_URLS = (
    "meldroute:verrijken",
    "meldroute:bijlage_upload",
    "meldroute:koppelen",
    "meldroute:doorverwijzen",
    "meldroute:partnerverzoek",
)


def _stap(actor, signaal, naam, **invoer):
    return services.transitie_uitvoeren(actor=actor, signaal=signaal, transitie=naam, reden=f"stap {naam}", **invoer)


def _verrijk(actor, signaal):
    return services.verrijking_toevoegen(
        actor=actor, signaal=signaal, bron="brp", grondslag="Wet BRP", tekst="Twaalf inschrijvingen."
    )


def _gesloten(af_actor, signaal):
    _stap(af_actor, signaal, "terugkoppelen", terugkoppeling="Dank u.")
    return _stap(af_actor, signaal, "afsluiten", uitkomst="doorgezet")


def _stappen_op_pagina(html):
    """The transitions offered on the page, in page order (one hidden input per step form)."""
    return re.findall(r'<input type="hidden" name="transitie" value="([a-z_]+)"', html)


def test_closed_signal_refuses_every_addition_in_the_services(melder, af):
    af_actor = actor_for(af, None)
    signaal, ander = melden(melder), melden(melder)
    _gesloten(af_actor, signaal)
    zvh = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="", naam="ZVH Test")
    politie = OrganisatieFactory(naam="Politie", type=OrganisatieType.POLITIE, cbs_code="")
    pogingen = {
        "verrijkt": lambda: _verrijk(af_actor, signaal),
        "bijlagen": lambda: services.bijlage_toevoegen(
            actor=af_actor, signaal=signaal, upload=SimpleUploadedFile("foto.png", PNG, content_type="image/png")
        ),
        "koppelen": lambda: services.signalen_koppelen(actor=af_actor, signaal=signaal, ander=ander),
        "doorverwijzen": lambda: services.zorg_doorverwijzen(
            actor=af_actor, signaal=signaal, zorgorganisatie=zvh, toelichting="Opvang"
        ),
        "partner": lambda: services.partnerverzoek_aanmaken(
            actor=af_actor,
            signaal=signaal,
            partner=politie,
            stap=4,
            gedeeld="g",
            vraag="v",
            deadline=timezone.localdate() + timedelta(days=3),
        ),
    }
    for naam, poging in pogingen.items():
        with pytest.raises(ValidationError) as exc:
            poging()
        assert "afgesloten" in " ".join(exc.value.messages) and "heropen" in " ".join(exc.value.messages), naam
    assert not Verrijking.objects.exists() and not Bijlage.objects.exists() and not PartnerVerzoek.objects.exists()
    assert not signaal.gerelateerd.exists() and not signaal.aanmeldingen.exists()
    # reopened, it takes additions again
    _stap(af_actor, signaal, "heropenen")
    _verrijk(af_actor, signaal)
    services.signalen_koppelen(actor=af_actor, signaal=signaal, ander=ander)
    assert signaal.verrijkingen.count() == 1 and signaal.gerelateerd.count() == 1


def test_closed_signal_page_is_read_only_and_refuses_posts(melder, af, login):
    af_actor = actor_for(af, None)
    signaal = _gesloten(af_actor, melden(melder))
    c = login(af)
    html = c.get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    for name in ADD_URLS:
        assert f'action="{reverse(name, args=[signaal.pk])}"' not in html, name
    assert _stappen_op_pagina(html) == ["heropenen"]  # reopening is the one action
    assert "alleen te lezen" in html and html.count('aria-current="step"') == 1
    # posting anyway changes nothing and says why, in Dutch
    for name in ADD_URLS:
        r = c.post(
            reverse(name, args=[signaal.pk]),
            {"bron": "brp", "grondslag": "Wet BRP", "tekst": "x", "referentie": signaal.referentie},
        )
        assert r.status_code == 400 and "afgesloten en alleen te lezen" in r.content.decode(), name
    assert not Verrijking.objects.exists() and not signaal.gerelateerd.exists()
    r = c.post(
        reverse("meldroute:transitie", args=[signaal.pk]), {"transitie": "heropenen", "reden": "Nieuwe informatie"}
    )
    assert r.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.VERRIJKT


@pytest.mark.parametrize("status", list(Status.values))
def test_page_offers_only_the_allowed_steps_in_route_order(melder, af, login, status):
    signaal = melden(melder)
    Signaal.objects.filter(pk=signaal.pk).update(status=status)
    html = login(af).get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    toegestaan = [t.naam for t in transities_vanuit(status)]
    assert _stappen_op_pagina(html) == toegestaan
    assert toegestaan == [n for n in TRANSITIES if n in toegestaan]  # the order of the route
    assert '<select name="transitie"' not in html  # no step preselected in a select
    for naam in toegestaan:  # each step is its own form with its own button
        assert f'id="stap-{naam}"' in html and str(TRANSITIES[naam].knop) in html
    if status == Status.ONTVANGEN:  # the enrichment is added right before the step that completes it
        assert html.index(f'action="{reverse("meldroute:verrijken", args=[signaal.pk])}"') < html.index(
            'id="stap-verrijken"'
        )
    assert "---------" not in html  # empty choices say what to choose
    gesloten = status == Status.AFGESLOTEN
    assert (f'action="{reverse("meldroute:bijlage_upload", args=[signaal.pk])}"' in html) is not gesloten


def test_refused_step_keeps_its_input_in_its_own_form(melder, af, login):
    signaal = melden(melder)
    af_actor = actor_for(af, None)
    _verrijk(af_actor, signaal)
    _stap(af_actor, signaal, "verrijken")
    c = login(af)
    url = reverse("meldroute:transitie", args=[signaal.pk])
    r = c.post(url, {"transitie": "lokaal_bespreken", "reden": "Besproken met de wijkagent"})  # no overleg chosen
    html = r.content.decode()
    assert r.status_code == 400 and "Besproken met de wijkagent" in html
    sectie = html[html.index('id="stap-lokaal_bespreken"') : html.index('id="stap-riec_inbrengen"')]
    assert 'role="alert"' in sectie and "Kies een antwoord bij ‘Besproken in (stap 4)’" in sectie
    # a step from a stale page is refused with the table's Dutch reason
    r = c.post(url, {"transitie": "verrijken", "reden": "nog eens"})
    assert r.status_code == 400 and "kan niet vanuit de status" in r.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.VERRIJKT


def test_step_indicator_follows_the_history(melder, af):
    af_actor = actor_for(af, None)
    signaal = melden(melder)

    def standen(s):
        s.refresh_from_db()
        return [
            x.stand
            for x in stappen(
                status=s.status,
                geschiedenis=list(s.geschiedenis.all()),
                gemeld_op=s.aangemaakt_op,
                melder=str(s.melder),
            )
        ]

    assert standen(signaal) == ["gedaan", "huidig", "open", "open", "open", "open", "open"]
    # step 2 is reached by reporting: the melder did step 1, not the aandachtsfunctionaris' receipt
    ontvangen = stappen(status=signaal.status, geschiedenis=list(signaal.geschiedenis.all()))[1]
    assert ontvangen.door == "" and ontvangen.wat == "In de inbox van de aandachtsfunctionaris"
    _verrijk(af_actor, signaal)
    _stap(af_actor, signaal, "verrijken")
    _stap(af_actor, signaal, "riec_inbrengen")  # step 4 is skipped, which the route allows
    assert standen(signaal) == ["gedaan", "gedaan", "gedaan", "overgeslagen", "huidig", "open", "open"]
    _gesloten(af_actor, signaal)
    assert standen(signaal) == ["gedaan", "gedaan", "gedaan", "overgeslagen", "gedaan", "overgeslagen", "gedaan"]
    signaal = _stap(af_actor, signaal, "heropenen")
    rij = stappen(status=signaal.status, geschiedenis=list(signaal.geschiedenis.all()))
    assert [x.stand for x in rij][2:] == ["huidig", "open", "open", "open", "open"]
    assert rij[2].wat == "Heropend" and rij[2].door == str(af)
    assert rij[6].wat.startswith("eerder:")  # what happened before reopening is kept, not as done


def test_the_enrichment_panel_says_another_once_one_is_recorded(melder, af, login):
    """The fresh-eyes walk: after an enrichment was saved the panel still said "Eerst: verrijking
    toevoegen" above the step that completes it."""
    signaal = melden(melder)
    c = login(af)
    url = reverse("meldroute:signaal", args=[signaal.pk])
    html = c.get(url).content.decode()
    assert "Eerst: verrijking toevoegen" in html and "Nog een verrijking toevoegen" not in html
    _verrijk(actor_for(af, None), signaal)
    html = c.get(url).content.decode()
    assert "Nog een verrijking toevoegen" in html and "Eerst: verrijking toevoegen" not in html
