"""A partner refers a possible victim itself (issue 10, Aanmelding), in a real browser: the
politie's contactpersoon fills the aanmeldformulier, the zorgcoördinator finds the referral in
the caseload (with its filters) and rejects it with a reason, and the politie then sees only
"Afgewezen" with that reason. axe-core runs on the form, the list and the status page."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_partner_refers_and_follows_only_the_state(demo, browser, live_server):
    from kompas.zorg.models import Aanmelding

    politie_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    zc_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    politie, zc = politie_ctx.new_page(), zc_ctx.new_page()
    for p in (politie, zc):
        p.set_default_timeout(10_000)

    # --- the politie's contactpersoon refers from the dashboard --------------------------------
    login(politie, "politie")
    # the dashboard card leads to their aanmeldingen, which lead to the form
    politie.get_by_role("link", name="Naar uw aanmeldingen").click()
    politie.wait_for_url("**/zorg/mijn-aanmeldingen/")
    politie.get_by_role("link", name="Een mogelijk slachtoffer aanmelden").click()
    politie.wait_for_url("**/zorg/aanmelden/")
    check_axe(politie, "aanmeldformulier")
    politie.get_by_role("button", name="Aanmelding versturen").click()  # empty: Dutch errors, nothing sent
    politie.wait_for_load_state()
    assert politie.get_by_role("alert").first.is_visible()
    check_axe(politie, "aanmeldformulier met fouten")
    voor = Aanmelding.objects.count()
    politie.get_by_label("Gemeente waar de persoon verblijft").select_option(label="Hoorn")
    politie.get_by_role("checkbox", name="Seksuele uitbuiting").check()
    politie.get_by_label("Wat speelt er en wat heeft de persoon nodig?").fill(
        "Jonge vrouw bij een woninginval; wil met iemand praten."
    )
    politie.get_by_role("radio", name=re.compile(r"^Nog niet gevraagd")).check()
    politie.get_by_label("Zo niet: waarom meldt u toch aan?").fill("Gesprek kon niet veilig op locatie.")
    politie.get_by_label("Hoe kan de zorgcoördinator u bereiken?").fill("Wijkagent: 0900 8844")
    politie.get_by_role("button", name="Aanmelding versturen").click()
    politie.wait_for_url(re.compile(r"/zorg/mijn-aanmeldingen/\d+/$"))
    assert Aanmelding.objects.count() == voor + 1
    main = politie.locator("main").inner_text()
    assert "Ontvangen" in main and "Zorg- en Veiligheidshuis Noord-Holland Noord" in main
    check_axe(politie, "eigen aanmelding")
    politie.get_by_role("link", name="Naar al mijn aanmeldingen").click()
    politie.wait_for_url("**/zorg/mijn-aanmeldingen/")
    check_axe(politie, "mijn aanmeldingen")
    nieuw = Aanmelding.objects.order_by("pk").last()

    # --- the zorgcoördinator: the caseload's filters, then the referral ------------------------
    login(zc, "zorgcoordinator")
    zc.goto("/zorg/")
    zc.get_by_label("Gemeente van verblijf").select_option(label="Hoorn")
    zc.get_by_label("Vorm van uitbuiting").select_option("arbeid")
    zc.get_by_role("button", name="Filteren").click()
    zc.wait_for_url(re.compile(r"/zorg/\?.*gemeente=GM0405.*vorm=arbeid"))
    assert zc.get_by_label("Gemeente van verblijf").input_value() == "GM0405"  # kept in the URL and the form
    check_axe(zc, "caseload gefilterd")
    zc.get_by_role("link", name=f"Aanmelding {nieuw.pk}", exact=True).click()
    zc.wait_for_url(re.compile(rf"/zorg/aanmeldingen/{nieuw.pk}/$"))
    main = zc.locator("main").inner_text()
    assert "Wijkagent: 0900 8844" in main and "Gesprek kon niet veilig" in main
    zc.get_by_label("Reden van afwijzen").fill(
        "Geen zorgvraag in ons werkgebied; overleg met het Centrum tegen Kinderhandel."
    )
    zc.get_by_role("button", name="Aanmelding afwijzen").click()
    zc.wait_for_url("**/zorg/")

    # --- the politie sees the state and the reason, nothing more -------------------------------
    politie.goto(f"/zorg/mijn-aanmeldingen/{nieuw.pk}/")
    main = politie.locator("main").inner_text()
    assert "Afgewezen: Geen zorgvraag in ons werkgebied" in main
    assert not politie.get_by_role("button", name="Aanmelding intrekken").count()
    politie_ctx.close()
    zc_ctx.close()
