"""Invitations, personal links, mails and answering without an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from kompas.core.schrijven import SYSTEEM
from kompas.monitor import deelnemers
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
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    return Uitnodiging.objects.get(meting=m, organisatie_code="GM0002")


def test_invitations_for_all_gemeenten_and_zvh_idempotent(m):
    n = uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    assert n == len(GEMEENTEN) + 2  # two ZVH regions in the world
    assert uitnodigingen_aanmaken(meting=m, actor=SYSTEEM) == 0


def test_contacts_import_reports_bad_rows(m):
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    verslag = contacten_importeren(
        meting=m, inhoud=b"organisatie;email\nGM0001;a@aadorp.nl\nGM9999;x@y.nl\nGM0002;geen-adres\n", actor=SYSTEEM
    )
    assert verslag.bijgewerkt == 1 and [r for r, _ in verslag.fouten] == [3, 4]
    assert "niet uitgenodigd" in verslag.fouten[0][1] and "geen geldig e-mailadres" in verslag.fouten[1][1]
    with pytest.raises(MonitorFout, match="Kolom"):
        contacten_importeren(meting=m, inhoud=b"code;adres\nGM0001;a@b.nl\n", actor=SYSTEEM)


def test_mails_invitation_reminders_bounce_and_opt_out(m, django_capture_on_commit_callbacks):
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    contacten_importeren(
        meting=m,
        inhoud=b"organisatie,email\nGM0001,a@a.nl\nGM0002,b@b.nl\nGM0003,c@c.nl\nGM0004,d@d.nl\n",
        actor=SYSTEEM,
    )
    Uitnodiging.objects.filter(organisatie_code="GM0003").update(onbestelbaar_op=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert uitnodigingen_versturen(meting=m, actor=SYSTEEM) == 3
    assert sorted(x.to[0] for x in mail.outbox) == ["a@a.nl", "b@b.nl", "d@d.nl"]
    link = Uitnodiging.objects.get(organisatie_code="GM0001").token
    assert link in mail.outbox[0].body or any(link in x.body for x in mail.outbox)
    assert uitnodigingen_versturen(meting=m, actor=SYSTEEM) == 0  # nobody twice
    # GM0002 submits, GM0004 opts out: only GM0001 is reminded, after the interval, at most twice
    ingediend = Inzending.objects.create(
        meting=m,
        vragenlijst=Vragenlijst.objects.get(code="gemeente-2021"),
        vragenlijst_versie=1,
        bron_id="k",
        organisaties=["GM0002"],
        uitnodiging=Uitnodiging.objects.get(organisatie_code="GM0002"),
        ingediend_op=timezone.now(),
    )
    deelnemers.zetten([ingediend], m.jaar, nieuw=True)  # as the app's create paths do
    Uitnodiging.objects.filter(organisatie_code="GM0004").update(afgemeld_op=timezone.now())
    mail.outbox.clear()
    assert herinneringen_versturen(now=timezone.now() + timedelta(days=2), actor=SYSTEEM) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert herinneringen_versturen(now=timezone.now() + timedelta(days=8), actor=SYSTEEM) == 1
    assert [x.to for x in mail.outbox] == [["a@a.nl"]] and mail.outbox[0].subject.startswith("Herinnering")
    assert herinneringen_versturen(now=timezone.now() + timedelta(days=9), actor=SYSTEEM) == 0
    assert herinneringen_versturen(now=timezone.now() + timedelta(days=15), actor=SYSTEEM) == 1
    assert herinneringen_versturen(now=timezone.now() + timedelta(days=25), actor=SYSTEEM) == 0  # at most 2
    Uitnodiging.objects.filter(organisatie_code="GM0001").update(herinneringen=0)
    assert herinneringen_versturen(now=timezone.now() + timedelta(days=40), actor=SYSTEEM) == 0  # the wave has closed
    rij = voortgang(m)["type"][-1]
    # invited = the three it was sent to; the other seven (no address, or bounced before sending) are not
    assert (
        rij.uitgenodigd,
        rij.niet_uitgenodigd,
        rij.gemaild,
        rij.gestart,
        rij.ingediend,
        rij.onbestelbaar,
        rij.afgemeld,
    ) == (3, 7, 3, 1, 1, 1, 1)


def test_sending_requires_an_open_wave(m):
    m.gesloten = True
    m.save()
    with pytest.raises(MonitorFout, match="niet open"):
        uitnodigingen_versturen(meting=m, actor=SYSTEEM)


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
    r = c.post(
        pagina1, {"B1_BELEID": "specifiek", "B1_VORMEN": ["seksueel", "arbeid"], "B1_JEUGD": "ja", "actie": "volgende"}
    )
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

    kopie = vragenlijst_kopieren(
        bron=Vragenlijst.objects.get(code="gemeente-2021"), code="gemeente-2023", naam="2023", actor=SYSTEEM
    )
    vraag = Vraag.objects.create(
        vragenlijst=kopie,
        code="B1_VASTGESTELD",
        bouwsteen="beleid",
        tekst="Door de raad vastgesteld?",
        type="enkel",
        verplicht=True,
        volgorde=2,
        toon_als={"vraag": "B1_BELEID", "in": ["specifiek"]},
    )
    Optie.objects.bulk_create(
        [Optie(vraag=vraag, code="ja", label="Ja", volgorde=1), Optie(vraag=vraag, code="nee", label="Nee", volgorde=2)]
    )
    m.vragenlijsten.set([kopie])
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
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


# --- issue 12 item 5 and issue 13 item 10: submitting, read-only, reopening, refused answers, progress


def _ingevuld(u) -> Inzending:
    from tests.monitor_world import volledig_antwoord

    inz = Inzending.objects.create(
        meting=u.meting,
        vragenlijst=u.vragenlijst,
        vragenlijst_versie=1,
        bron_id=f"kompas-{u.pk}",
        organisaties=[u.organisatie_code],
        uitnodiging=u,
        antwoorden=volledig_antwoord(),
        gestart_op=timezone.now(),
    )
    deelnemers.zetten([inz], u.meting.jaar, nieuw=True)
    return inz


def test_submitting_twice_keeps_the_first_time_and_audits_once(u):
    from kompas.audit.models import AuditEntry

    _ingevuld(u)
    c = Client()
    versturen = reverse("monitor:invullen_versturen", args=[u.token])
    r = c.post(versturen)
    eerst = Inzending.objects.get(uitnodiging=u).ingediend_op
    with translation.override("nl"):
        datum = dateformat.format(timezone.localtime(eerst), "j F Y, H:i")
    assert r.status_code == 200 and f"is ingediend op {datum}." in r.content.decode()
    r = c.post(versturen)  # a double click, or a colleague submitting too: the submission, no error
    assert r.status_code == 200 and "Ingediend op" in r.content.decode() and "niet opgeslagen" not in r.content.decode()
    assert Inzending.objects.get(uitnodiging=u).ingediend_op == eerst
    assert AuditEntry.objects.filter(object_repr__startswith="vragenlijst ingediend").count() == 1


def test_a_submitted_link_is_read_only_with_the_dutch_date_until_the_analyst_reopens_it(u, login, make_member):
    from kompas.accounts.constants import Rol
    from kompas.audit.models import AuditEntry

    inz = _ingevuld(u)
    inz.ingediend_op = timezone.make_aware(timezone.datetime(2026, 11, 30, 14, 5))
    inz.save()
    c = Client()
    start = reverse("monitor:invullen", args=[u.token])
    pagina1 = reverse("monitor:invullen_pagina", args=[u.token, 1])
    for url in (start, pagina1, reverse("monitor:invullen_versturen", args=[u.token])):
        r = c.get(url)
        body = r.content.decode()
        assert r.status_code == 200 and "Ingediend op 30 november 2026, 14:05." in body, url
        assert (
            "Ingevuld:" not in body
            and "<progress" not in body
            and "<textarea" not in body
            and 'type="radio"' not in body
        )
        assert "Specifiek beleidsdocument vastgesteld" in body  # the answers as submitted
    # saving is refused, by form, by autosave and on the start page; nothing changes
    r = c.post(pagina1, {"B1_BELEID": "geen", "actie": "opslaan"})
    assert r.status_code == 409 and "niet opgeslagen" in r.content.decode()
    r = c.post(pagina1, {"B1_BELEID": "geen", "actie": "autosave"}, HTTP_HX_REQUEST="true")
    assert (
        r.status_code == 200
        and "Niet opgeslagen: deze vragenlijst is al ingediend op 30 november 2026" in r.content.decode()
    )
    assert c.post(start, {"mede": ["GM0001"]}).status_code == 409
    inz.refresh_from_db()
    assert inz.antwoorden["B1_BELEID"] == "specifiek" and inz.organisaties == ["GM0002"]
    # only the analyst can reopen it (audited with the first submission time); the link works again
    uitnodigingen_url = reverse("monitor:uitnodigingen", args=[u.meting.code])
    Client().post(uitnodigingen_url, {"actie": "heropenen", "uitnodiging": u.pk})
    inz.refresh_from_db()
    assert inz.ingediend_op is not None
    analist = login(make_member(Rol.ANALIST))
    page = analist.get(uitnodigingen_url).content.decode()
    assert "ingediend op 30 november 2026" in page and 'value="heropenen"' in page
    r = analist.post(uitnodigingen_url, {"actie": "heropenen", "uitnodiging": u.pk})
    assert r.status_code == 302
    inz.refresh_from_db()
    assert inz.ingediend_op is None
    rij = AuditEntry.objects.get(object_repr=f"vragenlijst heropend voor {u.organisatie_code}")
    assert rij.details["ingediend_op_was"].startswith("2026-11-30T13:05") and rij.user_id is not None
    assert c.post(pagina1, {"B1_BELEID": "geen", "actie": "opslaan"}).status_code == 200
    assert Inzending.objects.get(uitnodiging=u).antwoorden["B1_BELEID"] == "geen"
    # reopening what is not submitted is a Dutch message, not an error page
    r = analist.post(uitnodigingen_url, {"actie": "heropenen", "uitnodiging": u.pk}, follow=True)
    assert "niet ingediend" in r.content.decode()


@pytest.mark.parametrize(
    "tekst", ["te\x00kort", "bel\x07", "escape \x1b[31m", "x" * 5001], ids=["nul", "bel", "escape", "te-lang"]
)
def test_long_answers_and_control_characters_are_refused_naming_the_question(u, tekst):
    c = Client()
    slot = reverse("monitor:invullen_pagina", args=[u.token, 6])
    assert c.post(slot, {"HELPEND": "Goede samenwerking", "actie": "opslaan"}).status_code == 200
    for actie in ("opslaan", "volgende", "vorige"):
        r = c.post(slot, {"HELPEND": tekst, "BELEMMEREND": "Te weinig tijd", "actie": actie})
        body = r.content.decode()
        assert r.status_code == 200 and "Het antwoord bij &#x27;Welke factoren helpen bij de aanpak?&#x27;" in body, (
            actie
        )
        assert "te lang" in body if len(tekst) > 5000 else "stuurteken" in body
    r = c.post(slot, {"HELPEND": tekst, "BELEMMEREND": "Te weinig tijd", "actie": "autosave"}, HTTP_HX_REQUEST="true")
    assert (
        r.status_code == 200
        and "Niet alles opgeslagen" in r.content.decode()
        and "Welke factoren helpen" in r.content.decode()
    )
    # the refused answer keeps what was saved; the other answer on the page is saved
    assert Inzending.objects.get(uitnodiging=u).antwoorden == {
        "HELPEND": "Goede samenwerking",
        "BELEMMEREND": "Te weinig tijd",
    }


def test_anders_text_is_checked_as_well_and_tabs_and_newlines_are_fine(u):
    c = Client()
    pagina1 = reverse("monitor:invullen_pagina", args=[u.token, 1])
    r = c.post(pagina1, {"B1_BELEID": "anders", "B1_BELEID_anders": "nul\x00", "actie": "opslaan"})
    assert r.status_code == 200 and "Het antwoord bij &#x27;Wat is de stand van zaken" in r.content.decode()
    assert "B1_BELEID_anders" not in Inzending.objects.get(uitnodiging=u).antwoorden
    slot = reverse("monitor:invullen_pagina", args=[u.token, 6])
    assert c.post(slot, {"HELPEND": "regel 1\r\n\tregel 2", "actie": "opslaan"}).status_code == 200
    assert Inzending.objects.get(uitnodiging=u).antwoorden["HELPEND"] == "regel 1\r\n\tregel 2"


def test_the_answer_limit_is_configurable(u, settings):
    settings.KOMPAS_MONITOR_MAX_TEKENS = 20
    c = Client()
    slot = reverse("monitor:invullen_pagina", args=[u.token, 6])
    assert 'maxlength="20"' in c.get(slot).content.decode()
    r = c.post(slot, {"HELPEND": "x" * 21, "actie": "opslaan"})
    assert "21 tekens, terwijl er hoogstens 20 passen" in r.content.decode()
    assert c.post(slot, {"HELPEND": "x" * 20, "actie": "opslaan"}).status_code == 200
    assert Inzending.objects.get(uitnodiging=u).antwoorden["HELPEND"] == "x" * 20


def test_a_question_text_with_a_percent_sign_does_not_break_the_message(u):
    from kompas.monitor import invullen

    lijst = u.vragenlijst
    lijst.vragen.filter(code="HELPEND").update(tekst="Welk deel (in %) helpt?")
    pagina = invullen.paginas(lijst)[-1]
    form = invullen.PaginaForm({"HELPEND": "x" * 5001, "B1_BELEID": "x"}, pagina=pagina, antwoorden={})
    assert not form.is_valid()
    assert form.errors["HELPEND"][0].startswith("Het antwoord bij 'Welk deel (in %) helpt?' is te lang: 5001 tekens")


def test_progress_moves_one_even_step_per_page(u):
    """Six pages with 4, 13, 1, 2, 2 and 3 questions: each finished page is one step of 1/6."""
    c = Client()

    def voortgang(url):
        m = re.search(r'<progress[^>]*max="(\d+)" value="(\d+)"', c.get(url).content.decode())
        return int(m.group(2)), int(m.group(1))

    pagina = [None] + [reverse("monitor:invullen_pagina", args=[u.token, n]) for n in range(1, 7)]
    assert voortgang(pagina[1]) == (0, 6)
    c.post(pagina[1], {"B1_BELEID": "specifiek", "B1_VORMEN": ["seksueel"], "B1_JEUGD": "ja", "actie": "volgende"})
    assert voortgang(pagina[2]) == (1, 6)
    # one answer of the 13 on page 2 and the required one still missing: no step yet
    c.post(pagina[2], {"B2_ZICHT": "voldoende", "actie": "autosave"}, HTTP_HX_REQUEST="true")
    assert voortgang(pagina[2]) == (1, 6)
    c.post(pagina[2], {"B2_ZICHT": "voldoende", "B2_AANDACHTSFUNCTIONARIS": "een", "actie": "volgende"})
    assert voortgang(pagina[3]) == (2, 6)
    for n in (3, 4, 5):  # pages without required questions count once the respondent moves past them
        c.post(pagina[n], {"actie": "volgende"})
        assert voortgang(pagina[n + 1]) == (n, 6)
    assert voortgang(pagina[1]) == (5, 6)  # going back does not lower it
    assert "Voortgang: 5 van 6 onderdelen ingevuld" in c.get(pagina[1]).content.decode()
    c.post(pagina[6], {"actie": "volgende"})
    assert voortgang(reverse("monitor:invullen_versturen", args=[u.token])) == (6, 6)


def test_previous_comes_before_next_and_enter_still_means_next(u):
    body = Client().get(reverse("monitor:invullen_pagina", args=[u.token, 2])).content.decode()
    knoppen = re.findall(r'<button[^>]*name="actie" value="(\w+)"[^>]*>', body)
    zichtbaar = [
        k
        for k, tag in zip(knoppen, re.findall(r'<button[^>]*name="actie"[^>]*>', body), strict=True)
        if "tabindex" not in tag
    ]
    assert zichtbaar == ["vorige", "volgende", "opslaan"]
    assert knoppen[0] == "volgende"  # the form's default button (Enter in a field) stays 'volgende'
    assert re.findall(
        r'<button[^>]*name="actie" value="(\w+)"',
        Client().get(reverse("monitor:invullen_pagina", args=[u.token, 1])).content.decode(),
    ) == ["volgende", "opslaan"]


def test_the_sector_grid_is_one_matrix_question(u):
    """Ten sector questions sharing one scale: one table, a row per sector, a column per answer,
    every radio named by its row and column; answers save as ten questions, as before."""
    c = Client()
    pagina2 = reverse("monitor:invullen_pagina", args=[u.token, 2])
    body = c.get(pagina2).content.decode()
    assert body.count("<table") == 1 and body.count('scope="row"') == 10 and body.count('scope="col"') == 4
    assert (
        ">Schoonmaak</th>" in body
        and "In welke mate heeft uw gemeente inzicht in deze sector? – Schoonmaak" not in body
    )
    assert re.search(
        r'name="B2_SECTOR_BOUW" value="geen" id="(id_B2_SECTOR_BOUW_\d)" aria-labelledby="id_B2_SECTOR_BOUW-rij '
        r'id_B2_SECTOR_AGRARISCH-kolom-3"',
        body,
    )
    assert (
        '<th class="utrecht-table__header-cell" scope="col" id="id_B2_SECTOR_AGRARISCH-kolom-3">Geen inzicht</th>'
        in body
    )
    c.post(pagina2, {"B2_SECTOR_BOUW": "geen", "B2_SECTOR_SEKS": "voldoende", "actie": "opslaan"})
    assert Inzending.objects.get(uitnodiging=u).antwoorden == {"B2_SECTOR_BOUW": "geen", "B2_SECTOR_SEKS": "voldoende"}
    assert re.search(r'name="B2_SECTOR_BOUW" value="geen"[^>]*checked', c.get(pagina2).content.decode())
    # a tampered answer in one row: the message names the sector and sits above the table
    r = c.post(pagina2, {"B2_SECTOR_BOUW": "x", "actie": "opslaan"})
    assert (
        "Kies bij &#x27;In welke mate heeft uw gemeente inzicht in deze sector? – Bouw&#x27; een van de antwoorden."
        in r.content.decode()
    )


def test_a_link_with_a_non_ascii_digit_is_not_found_not_a_server_error(client):
    assert client.get("/monitor/invullen/%C2%B2.x/").status_code == 404
