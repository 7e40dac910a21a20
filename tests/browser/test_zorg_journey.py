"""Zorgcoördinatie in a real browser (issue 10): the aandachtsfunctionaris refers a possible
victim from a signal, the zorgcoördinator accepts, records the intake and closes the traject
regularly; the referrer then sees only "Afgerond". axe-core runs on every page."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_refer_accept_intake_and_close(demo, browser, live_server):
    from kompas.meldroute.models import Signaal

    signaal = Signaal.objects.filter(aanmeldingen__isnull=True).order_by("pk").first()
    af_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    zc_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    af, zc = af_ctx.new_page(), zc_ctx.new_page()
    for p in (af, zc):
        p.set_default_timeout(10_000)

    # --- the aandachtsfunctionaris refers; the gemeente's own zorgcoördinatie is offered first
    login(af, "aandachtsfunctionaris")
    af.goto(f"/meldroute/signalen/{signaal.pk}/")
    keuze = af.get_by_label("Naar zorgcoördinatie bij")
    assert "zorgcoördinatie van deze gemeente" in keuze.locator("option:checked").inner_text()
    af.get_by_label("Toelichting", exact=True).fill(
        "Arbeidsmigrant zonder paspoort; heeft onderdak en begeleiding nodig."
    )
    af.get_by_role("button", name="Doorverwijzen naar zorgcoördinatie").click()
    af.wait_for_load_state()
    assert "Zorg- en Veiligheidshuis Noord-Holland Noord – Ontvangen" in af.locator("main").inner_text()
    check_axe(af, "signaal met doorverwijzing")

    # --- the zorgcoördinator accepts ---------------------------------------------------
    login(zc, "zorgcoordinator")
    zc.goto("/zorg/")
    check_axe(zc, "caseload")
    zc.get_by_role("link", name=re.compile(r"^Aanmelding \d+$")).last.click()
    zc.wait_for_url(re.compile(r"/zorg/aanmeldingen/\d+/$"))
    assert "Arbeidsmigrant zonder paspoort" in zc.locator("main").inner_text()
    check_axe(zc, "aanmelding")
    zc.get_by_role("button", name="Aanmelding accepteren").click()
    zc.wait_for_url(re.compile(r"/zorg/trajecten/\d+/$"))
    clientcode = re.search(r"ZC-\d{4}-\d{5}", zc.locator("h1").inner_text()).group(0)
    check_axe(zc, "traject")

    # --- intake: kenmerken and identifying data ----------------------------------------
    zc.get_by_label("Nationaliteit").select_option(label="Polen")
    zc.get_by_label("Leeftijdsgroep").select_option("24-49")
    zc.get_by_role("button", name="Kenmerken opslaan").click()
    zc.wait_for_load_state()
    from datetime import timedelta

    from django.utils import timezone

    vandaag = timezone.localdate()
    zc.get_by_label("Geïnformeerd over rechten en plichten op").fill(vandaag.isoformat())
    zc.get_by_label("Einde bedenktijd (B8)").fill((vandaag + timedelta(days=10)).isoformat())
    zc.get_by_role("button", name="Intake opslaan").click()
    zc.wait_for_load_state()
    assert "De intake is bijgewerkt" in zc.locator("main").inner_text()
    zc.get_by_label("Naam (niet verplicht)").fill("Piotr Kowalski")
    zc.get_by_role("button", name="Cliëntgegevens opslaan").click()
    zc.wait_for_load_state()
    assert "versleuteld opgeslagen" in zc.locator("main").inner_text()

    def step(naam, **extra):
        zc.get_by_label("Stap", exact=True).select_option(naam)
        zc.get_by_label("Reden of toelichting").fill(f"Stap {naam}")
        for label, value in extra.items():
            zc.get_by_label(label).select_option(value)
        zc.get_by_role("button", name="Stap vastleggen").click()
        zc.wait_for_load_state()

    zc.goto("/zorg/")
    assert "Bedenktijd eindigt" in zc.locator("main").inner_text()
    zc.go_back()
    step("intake_afronden")
    step("afronding_starten")
    # a regular closing without the three conditions is refused, in Dutch
    step("afsluiten", **{"Reden van afsluiten (alleen bij afsluiten)": "regulier"})
    assert zc.get_by_role("alert").first.is_visible()
    assert "Regulier afsluiten kan pas" in zc.locator("main").inner_text()
    check_axe(zc, "traject met fout")
    zc.get_by_label("Stap", exact=True).select_option("afsluiten")
    zc.get_by_label("Reden of toelichting").fill("Alles is helder met de cliënt")
    zc.get_by_label("Reden van afsluiten (alleen bij afsluiten)").select_option("regulier")
    for box in zc.locator("input[name=voorwaarden]").all():
        box.check()
    zc.get_by_role("button", name="Stap vastleggen").click()
    zc.wait_for_load_state()
    assert "Afgesloten" in zc.locator("dl").first.inner_text()
    # a closed traject is read-only: only reopening (with a reason) and a consent withdrawal are offered
    assert zc.get_by_role("button", name="Traject heropenen").is_visible()
    assert zc.get_by_role("button", name="Zorgactie uitzetten").count() == 0
    assert zc.locator("select[name=afsluitreden]").count() == 0

    zc.goto("/zorg/comensha/")
    check_axe(zc, "comensha")
    zc.goto("/zorg/werkgebied/")
    check_axe(zc, "werkgebied")
    zc.goto("/zorg/informatie-en-advies/")
    check_axe(zc, "informatie en advies")
    zc.goto("/zorg/aanmeldingen/nieuw/")
    check_axe(zc, "aanmelding invoeren")

    # --- the referrer sees only the state ----------------------------------------------
    af.goto(f"/meldroute/signalen/{signaal.pk}/")
    main = af.locator("main").inner_text()
    assert "Zorg- en Veiligheidshuis Noord-Holland Noord – Afgerond" in main
    assert clientcode not in main and "Kowalski" not in main
    af_ctx.close()
    zc_ctx.close()


def test_zorgnetwerk_and_the_partner_updates_its_own_action(demo, browser, live_server):
    """The coordinator finds a partner in the zorgnetwerk by expertise and hands it an action;
    the care partner (its contactpersoon) sees it, starts it with a note and reports its free
    places; the coordinator reads the note on the traject."""
    from datetime import timedelta

    from kompas.accounts.models import Organisatie
    from kompas.zorg.constants import Fase
    from kompas.zorg.models import Traject

    haven = Organisatie.objects.get(naam="Zorgaanbieder De Haven (fictief)")
    traject = Traject.objects.filter(fase=Fase.INTAKE_HULPVERLENING, toestemmingen__organisatie=haven).first()
    zc_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    zp_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    zc, zp = zc_ctx.new_page(), zp_ctx.new_page()
    for p in (zc, zp):
        p.set_default_timeout(10_000)

    login(zc, "zorgcoordinator")
    zc.goto("/zorg/")
    assert "Zorgactie zonder update" in zc.locator("main").inner_text()  # the demo's stalled action
    zc.get_by_role("link", name="Zorgnetwerk").click()
    zc.wait_for_url("**/zorg/netwerk/")
    check_axe(zc, "zorgnetwerk")
    zc.get_by_label("Doelgroep").select_option("minderjarigen")
    zc.get_by_role("button", name="Filteren").click()
    zc.wait_for_load_state()
    tabel = zc.locator("table").inner_text()
    assert "Jeugdhulp Kompasroos" in tabel and "De Haven" not in tabel
    zc.goto("/zorg/netwerk/")
    zc.get_by_role("link", name="Zorgaanbieder De Haven (fictief)").click()
    zc.wait_for_url(re.compile(r"/zorg/netwerk/\d+/$"))
    assert "3 van 12 plaatsen vrij" in zc.locator("main").inner_text()
    check_axe(zc, "netwerkpartner")

    zc.goto(f"/zorg/trajecten/{traject.pk}/")
    zc.get_by_label("Domein", exact=True).select_option("huisvesting")
    zc.get_by_label("Hulpvraag").fill("Woning na de opvang zoeken")
    zc.get_by_label("Zorgpartner uit het zorgnetwerk").select_option(str(haven.pk))
    zc.get_by_role("button", name="Zorgactie uitzetten").click()
    zc.wait_for_load_state()
    assert "De zorgactie is uitgezet" in zc.locator("main").inner_text()

    # --- a zorgoverleg with the partner; only what is shared for it reaches the invitee --------
    zc.locator("summary", has_text="Zorgoverleg plannen").click()
    from django.utils import timezone

    ov = zc.locator("form[action$='/zorgoverleg/']")
    ov.get_by_label("Datum", exact=True).fill((timezone.localdate() + timedelta(days=7)).isoformat())
    ov.get_by_label("Tijd", exact=True).fill("10:30")
    ov.get_by_role("checkbox", name="Zorgaanbieder De Haven (fictief)").check()
    ov.get_by_label("Agenda").fill("Woning en werk")
    ov.get_by_label("Informatie voor de genodigden").fill("Cliënt zoekt woonruimte in Hoorn")
    ov.locator("button[type=submit]").click()
    zc.wait_for_url(re.compile(r"/zorg/zorgoverleg/\d+/$"))
    check_axe(zc, "zorgoverleg")
    zc.get_by_label("Besluiten").fill("De Haven zoekt mee naar een woning")
    zc.get_by_role("button", name="Zorgoverleg opslaan").click()
    zc.wait_for_load_state()
    assert "Het zorgoverleg is bijgewerkt" in zc.locator("main").inner_text()

    # --- the care partner -------------------------------------------------------------------
    login(zp, "zorgpartner")
    from kompas.zorg.models import Zorgactie

    nieuw = Zorgactie.objects.get(partner=haven, hulpvraag="Woning na de opvang zoeken")
    zp.goto("/zorg/partner/")
    check_axe(zp, "zorgacties partner")
    zp.get_by_role("link", name=f"Zorgactie {nieuw.pk}", exact=True).click()
    zp.wait_for_url(re.compile(r"/zorg/partner/acties/\d+/$"))
    assert "Woning na de opvang zoeken" in zp.locator("main").inner_text()
    check_axe(zp, "zorgactie partner")
    zp.get_by_label("Nieuwe stand").select_option("gestart")
    zp.get_by_label("Toelichting voor de zorgcoördinator").fill("Aangemeld bij de woningcorporatie")
    zp.get_by_role("button", name="Stand bijwerken").click()
    zp.wait_for_load_state()
    assert "De stand is bijgewerkt" in zp.locator("main").inner_text()
    zp.goto("/zorg/partner/")
    zp.get_by_role("link", name=re.compile(r"^Zorgoverleg van ")).first.click()
    zp.wait_for_url(re.compile(r"/zorg/partner/zorgoverleg/\d+/$"))
    check_axe(zp, "zorgoverleg genodigde")
    tekst = zp.locator("main").inner_text()
    assert "Cliënt zoekt woonruimte in Hoorn" in tekst and "De Haven zoekt mee naar een woning" in tekst
    zp.goto("/zorg/partner/")
    zp.get_by_label("Nu vrij").fill("2")
    zp.get_by_role("button", name="Capaciteit bijwerken").click()
    zp.wait_for_load_state()
    assert "De capaciteit is bijgewerkt" in zp.locator("main").inner_text()

    zc.goto(f"/zorg/trajecten/{traject.pk}/")
    assert "Aangemeld bij de woningcorporatie" in zc.locator("main").inner_text()
    zc.goto("/zorg/netwerk/")
    assert "2 / 12" in zc.locator("table").inner_text()
    zc_ctx.close()
    zp_ctx.close()


def test_the_demo_partner_referral_is_accepted_and_handed_on(demo, browser, live_server):
    """The demo's politie referral (aanmeldformulier) waits in the caseload; the coordinator who
    accepts it becomes its behandelaar, hands it on to "Niet toegewezen", and finds it there
    with the caseload's behandelaar filter, which opens on "Mijn trajecten"."""
    from kompas.zorg.models import Aanmelding, Traject

    aanmelding = Aanmelding.objects.get(bron="formulier", stand="ontvangen")
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    zc = ctx.new_page()
    zc.set_default_timeout(10_000)
    login(zc, "zorgcoordinator")
    zc.goto("/zorg/")
    assert zc.get_by_label("Behandelaar").input_value() == "ik"  # opens on mijn trajecten
    check_axe(zc, "caseload mijn trajecten")
    zc.get_by_role("link", name=f"Aanmelding {aanmelding.pk}", exact=True).click()
    zc.wait_for_url(re.compile(rf"/zorg/aanmeldingen/{aanmelding.pk}/$"))
    assert "Politie eenheid Noord-Holland" in zc.locator("main").inner_text()
    zc.get_by_role("button", name="Aanmelding accepteren").click()
    zc.wait_for_url(re.compile(r"/zorg/trajecten/\d+/$"))
    traject = Traject.objects.get(aanmelding=aanmelding)
    assert traject.behandelaar.username == "zorgcoordinator" and traject.gemeente_code == "GM0388"
    zc.locator("form[action$='/behandelaar/']").get_by_label("Behandelaar").select_option(label="Niet toegewezen")
    zc.get_by_role("button", name="Behandelaar opslaan").click()
    zc.wait_for_load_state()
    assert "Het traject is niet meer toegewezen" in zc.locator("main").inner_text()
    check_axe(zc, "traject niet toegewezen")
    zc.goto("/zorg/")
    assert traject.clientcode not in zc.locator("main").inner_text()
    zc.get_by_label("Behandelaar").select_option("geen")
    zc.get_by_role("button", name="Filteren").click()
    zc.wait_for_url(re.compile(r"/zorg/\?.*behandelaar=geen"))
    assert traject.clientcode in zc.locator("main").inner_text()
    check_axe(zc, "caseload niet toegewezen")
    ctx.close()
