"""Invitations, personal links, mails and answering without an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.monitor.models import Inzending, Uitnodiging, Vragenlijst
from kompas.monitor.services import MonitorFout
from kompas.monitor.uitnodigingen import (
    contacten_importeren,
    herinneringen_versturen,
    uitnodiging_voor_token,
    uitnodigingen_aanmaken,
    uitnodigingen_versturen,
    voortgang,
)
from tests.monitor_world import GEMEENTEN, meting, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    wereld()
    vandaag = timezone.localdate()
    return meting(open_van=vandaag - timedelta(days=1), open_tot=vandaag + timedelta(days=30))


@pytest.fixture
def u(m):
    uitnodigingen_aanmaken(meting=m)
    return Uitnodiging.objects.get(meting=m, organisatie_code="GM0002")


def test_invitations_for_all_gemeenten_and_zvh_idempotent(m):
    n = uitnodigingen_aanmaken(meting=m)
    assert n == len(GEMEENTEN) + 2  # two ZVH regions in the world
    assert uitnodigingen_aanmaken(meting=m) == 0


def test_contacts_import_reports_bad_rows(m):
    uitnodigingen_aanmaken(meting=m)
    verslag = contacten_importeren(meting=m, inhoud=b"organisatie;email\nGM0001;a@aadorp.nl\nGM9999;x@y.nl\nGM0002;geen-adres\n")
    assert verslag.bijgewerkt == 1 and [r for r, _ in verslag.fouten] == [3, 4]
    assert "niet uitgenodigd" in verslag.fouten[0][1] and "geen geldig e-mailadres" in verslag.fouten[1][1]
    with pytest.raises(MonitorFout, match="Kolom"):
        contacten_importeren(meting=m, inhoud=b"code;adres\nGM0001;a@b.nl\n")


def test_mails_invitation_reminders_bounce_and_opt_out(m, django_capture_on_commit_callbacks):
    uitnodigingen_aanmaken(meting=m)
    contacten_importeren(meting=m, inhoud=b"organisatie,email\nGM0001,a@a.nl\nGM0002,b@b.nl\nGM0003,c@c.nl\nGM0004,d@d.nl\n")
    Uitnodiging.objects.filter(organisatie_code="GM0003").update(onbestelbaar_op=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert uitnodigingen_versturen(meting=m) == 3
    assert sorted(x.to[0] for x in mail.outbox) == ["a@a.nl", "b@b.nl", "d@d.nl"]
    link = Uitnodiging.objects.get(organisatie_code="GM0001").token
    assert link in mail.outbox[0].body or any(link in x.body for x in mail.outbox)
    assert uitnodigingen_versturen(meting=m) == 0  # nobody twice
    # GM0002 submits, GM0004 opts out: only GM0001 is reminded, after the interval, at most twice
    Inzending.objects.create(meting=m, vragenlijst=Vragenlijst.objects.get(code="gemeente-2021"), vragenlijst_versie=1, bron_id="k",
                             organisaties=["GM0002"], uitnodiging=Uitnodiging.objects.get(organisatie_code="GM0002"), ingediend_op=timezone.now())
    Uitnodiging.objects.filter(organisatie_code="GM0004").update(afgemeld_op=timezone.now())
    mail.outbox.clear()
    assert herinneringen_versturen(timezone.now() + timedelta(days=2)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert herinneringen_versturen(timezone.now() + timedelta(days=8)) == 1
    assert [x.to for x in mail.outbox] == [["a@a.nl"]] and mail.outbox[0].subject.startswith("Herinnering")
    assert herinneringen_versturen(timezone.now() + timedelta(days=9)) == 0
    assert herinneringen_versturen(timezone.now() + timedelta(days=15)) == 1
    assert herinneringen_versturen(timezone.now() + timedelta(days=25)) == 0  # at most 2
    Uitnodiging.objects.filter(organisatie_code="GM0001").update(herinneringen=0)
    assert herinneringen_versturen(timezone.now() + timedelta(days=40)) == 0  # the wave has closed
    rij = voortgang(m)["type"][-1]
    # invited = the three it was sent to; the other seven (no address, or bounced before sending) are not
    assert (rij.uitgenodigd, rij.niet_uitgenodigd, rij.gemaild, rij.gestart, rij.ingediend, rij.onbestelbaar, rij.afgemeld) == (3, 7, 3, 1, 1, 1, 1)


def test_sending_requires_an_open_wave(m):
    m.gesloten = True
    m.save()
    with pytest.raises(MonitorFout, match="niet open"):
        uitnodigingen_versturen(meting=m)


def test_token_opens_only_its_own_questionnaire_and_only_while_open(m, u):
    c = Client()
    assert uitnodiging_voor_token(u.token) == u
    assert uitnodiging_voor_token(f"{u.pk}.{'0' * 32}") is None
    assert uitnodiging_voor_token("abc") is None
    assert c.get(reverse("monitor:invullen", args=[f"{u.pk}.deadbeef"])).status_code == 404
    r = c.get(reverse("monitor:invullen", args=[u.token]))
    assert r.status_code == 200 and "Beekstad" in r.content.decode()
    # a new key revokes the old link
    oud = u.token
    u.sleutel = "nieuw"
    u.save()
    assert uitnodiging_voor_token(oud) is None
    # closed wave: the link stops working (410), also for saving
    m.open_tot = timezone.localdate() - timedelta(days=1)
    m.save()
    assert c.get(reverse("monitor:invullen", args=[u.token])).status_code == 410
    assert c.post(reverse("monitor:invullen_pagina", args=[u.token, 1]), {"B1_BELEID": "geen"}).status_code == 410
    assert not Inzending.objects.exists()


def test_answering_pages_autosave_resume_required_and_submit(m, u):
    c = Client()
    start = reverse("monitor:invullen", args=[u.token])
    # answering also for two neighbours in the same ZVH region (seed 000 §2.2c); a gemeente outside it is ignored
    r = c.post(start, {"mede": ["GM0001", "GM0003"]})
    assert r.status_code == 302 and r["Location"].endswith("/stap/1/")
    inz = Inzending.objects.get(uitnodiging=u)
    assert inz.organisaties == ["GM0002", "GM0001", "GM0003"]
    assert c.post(start, {"mede": ["GM0004"]}).status_code == 200  # not a choice: form error, nothing changed
    inz.refresh_from_db()
    assert inz.organisaties == ["GM0002", "GM0001", "GM0003"]
    pagina1 = reverse("monitor:invullen_pagina", args=[u.token, 1])
    page = c.get(pagina1).content.decode()
    assert "Stap 1 van 6" in page and "Beleidsmatige basis" in page and 'value="specifiek"' in page
    # 'volgende' without the required question: Dutch message, but what was given is kept
    r = c.post(pagina1, {"B1_JEUGD": "ja", "actie": "volgende"})
    assert r.status_code == 200 and "Beantwoord de vraag" in r.content.decode()
    inz.refresh_from_db()
    assert inz.antwoorden == {"B1_JEUGD": "ja"}
    # 'anders' without text
    r = c.post(pagina1, {"B1_BELEID": "anders", "B1_JEUGD": "ja", "actie": "volgende"})
    assert "schrijf er kort bij" in r.content.decode()
    r = c.post(pagina1, {"B1_BELEID": "specifiek", "B1_VORMEN": ["seksueel", "arbeid"], "B1_JEUGD": "ja", "actie": "volgende"})
    assert r.status_code == 302 and r["Location"].endswith("/stap/2/")
    # autosave by htmx on change
    pagina2 = reverse("monitor:invullen_pagina", args=[u.token, 2])
    r = c.post(pagina2, {"B2_ZICHT": "onvoldoende", "actie": "autosave"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "Automatisch opgeslagen" in r.content.decode()
    # 'save and continue later', then a fresh browser resumes at the first unfinished page
    assert "later verder" in c.post(pagina2, {"B2_ZICHT": "onvoldoende", "actie": "opslaan"}).content.decode()
    nieuw = Client()
    r = nieuw.post(start, {"mede": ["GM0001", "GM0003"]})
    assert r["Location"].endswith("/stap/2/")
    assert re.search(r'value="onvoldoende"[^>]*checked', nieuw.get(pagina2).content.decode())
    # submit refuses while required answers are missing and lists them with links
    versturen = reverse("monitor:invullen_versturen", args=[u.token])
    r = nieuw.post(versturen)
    assert r.status_code == 200 and "aandachtsfunctionaris" in r.content.decode()
    assert Inzending.objects.get(uitnodiging=u).ingediend_op is None
    nieuw.post(pagina2, {"B2_ZICHT": "onvoldoende", "B2_AANDACHTSFUNCTIONARIS": "een", "actie": "volgende"})
    r = nieuw.post(versturen)
    assert "Bedankt" in r.content.decode()
    inz = Inzending.objects.get(uitnodiging=u)
    assert inz.ingediend_op is not None and not inz.volledig and inz.vragenlijst_versie == 1


def test_page_number_out_of_range_is_404(u):
    assert Client().get(reverse("monitor:invullen_pagina", args=[u.token, 99])).status_code == 404


def test_tampered_option_keeps_the_saved_answer(u):
    c = Client()
    pagina1 = reverse("monitor:invullen_pagina", args=[u.token, 1])
    c.post(pagina1, {"B1_BELEID": "geen", "actie": "opslaan"})
    c.post(pagina1, {"B1_BELEID": "<script>", "actie": "opslaan"})
    assert Inzending.objects.get(uitnodiging=u).antwoorden["B1_BELEID"] == "geen"


def test_opt_out_page(u):
    c = Client()
    url = reverse("monitor:afmelden", args=[u.token])
    assert "afmelden" in c.get(url).content.decode().lower()
    c.post(url)
    u.refresh_from_db()
    assert u.afgemeld_op is not None and not u.mag_mail_krijgen


def test_conditional_required_question_on_the_same_page(m):
    from kompas.monitor.models import Optie, Vraag
    from kompas.monitor.services import vragenlijst_kopieren

    kopie = vragenlijst_kopieren(bron=Vragenlijst.objects.get(code="gemeente-2021"), code="gemeente-2023", naam="2023")
    vraag = Vraag.objects.create(vragenlijst=kopie, code="B1_VASTGESTELD", bouwsteen="beleid", tekst="Door de raad vastgesteld?",
                                 type="enkel", verplicht=True, volgorde=2, toon_als={"vraag": "B1_BELEID", "in": ["specifiek"]})
    Optie.objects.bulk_create([Optie(vraag=vraag, code="ja", label="Ja", volgorde=1), Optie(vraag=vraag, code="nee", label="Nee", volgorde=2)])
    m.vragenlijsten.set([kopie])
    uitnodigingen_aanmaken(meting=m)
    u = Uitnodiging.objects.get(meting=m, organisatie_code="GM0001")
    c = Client()
    pagina1 = reverse("monitor:invullen_pagina", args=[u.token, 1])
    assert "Alleen beantwoorden als" in c.get(pagina1).content.decode()
    # the condition does not hold: the question is not required
    assert c.post(pagina1, {"B1_BELEID": "geen", "actie": "volgende"}).status_code == 302
    # the condition holds: it is
    r = c.post(pagina1, {"B1_BELEID": "specifiek", "actie": "volgende"})
    assert r.status_code == 200 and "Beantwoord de vraag &#x27;Door de raad vastgesteld?&#x27;" in r.content.decode()
    assert Inzending.objects.get(uitnodiging=u).antwoorden["B1_BELEID"] == "specifiek"  # saved all the same
    assert c.post(pagina1, {"B1_BELEID": "specifiek", "B1_VASTGESTELD": "nee", "actie": "volgende"}).status_code == 302
