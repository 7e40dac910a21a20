"""The whole meldroute in a real browser: a melder reports (by keyboard alone), the
aandachtsfunctionaris enriches and routes through steps 4-6 and writes feedback, and the
melder reads it. axe-core runs on every page of the journey."""

import re
from datetime import date

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_axe, datum_typen
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_report_route_and_feedback(demo, browser, live_server):
    melder_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    af_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    melder, af = melder_ctx.new_page(), af_ctx.new_page()
    for p in (melder, af):
        p.set_default_timeout(45_000)

    # --- melder reports, keyboard only ---------------------------------------------
    login(melder, "medewerker")
    melder.goto("/meldroute/melden/")
    check_axe(melder, "melden")
    melder.locator("#id_acuut").focus()
    melder.keyboard.press("Tab")  # to "wat"
    assert melder.evaluate("document.activeElement.id") == "id_wat"
    melder.keyboard.type("Man aan de balie weet zijn woonadres niet; een ander beantwoordt alle vragen.")
    melder.keyboard.press("Tab")
    melder.keyboard.type("Balie burgerzaken")
    melder.keyboard.press("Tab")
    datum_typen(melder, date(2026, 11, 20))  # a date picker (type=date), as in every form
    for _ in range(4):  # Tab goes through the picker's remaining segments, then to the first vorm
        melder.keyboard.press("Tab")
        if melder.evaluate("document.activeElement.name") == "vormen":
            break
    assert melder.evaluate("document.activeElement.value") == "seksueel"
    melder.keyboard.press("Tab")  # arbeid
    assert melder.evaluate("document.activeElement.value") == "arbeid"
    melder.keyboard.press("Space")
    for _ in range(4):
        melder.keyboard.press("Tab")  # past crimineel, orgaan, onbekend to the sector select
    assert melder.evaluate("document.activeElement.id") == "id_sector"
    melder.keyboard.press("ArrowDown")  # agrarisch (keyboard selection in a select)
    melder.keyboard.press("Tab")
    assert melder.evaluate("document.activeElement.id") == "id_herkomst"
    melder.keyboard.press("ArrowDown")  # balie
    melder.keyboard.press("Tab")
    assert melder.evaluate("document.activeElement.value") == "arbeid_geen_id"
    melder.keyboard.press("Tab")
    melder.keyboard.press("Tab")
    melder.keyboard.press("Tab")
    melder.keyboard.press("Tab")
    assert melder.evaluate("document.activeElement.value") == "arbeid_adres_onbekend"
    melder.keyboard.press("Space")
    melder.locator("button[type=submit]", has_text="Signaal versturen").focus()
    melder.keyboard.press("Enter")
    melder.wait_for_url(re.compile(r"/meldroute/mijn/\d+/$"))
    referentie = re.search(r"MH-\d{4}-\d{4}-\d{6}", melder.locator("h1").inner_text()).group(0)
    check_axe(melder, "mijn signaal")

    # --- aandachtsfunctionaris ------------------------------------------------------
    login(af, "aandachtsfunctionaris")
    af.goto("/meldroute/signalen/")
    check_axe(af, "inbox")
    af.get_by_role("link", name=referentie).click()
    af.wait_for_url(re.compile(r"/meldroute/signalen/\d+/$"))
    check_axe(af, "signaal")
    # the case file: the step indicator says where the signal is, in text (aria-current)
    assert af.locator("[aria-current=step]").count() == 1
    assert "Stap 2" in af.locator("[aria-current=step]").inner_text()
    assert "Hier staat het signaal nu" in af.locator("[aria-current=step]").inner_text()
    # only the steps the table allows now, each its own form; the enrichment form comes first
    actions = af.locator("aside")
    assert actions.get_by_role("button").all_inner_texts() == [
        "Verrijking toevoegen",
        "Verrijking afronden",
        "Terugkoppeling versturen",
    ]
    assert af.locator("select[name=transitie]").count() == 0  # no preselected step in a select
    af.get_by_label("Bron").select_option("brp")
    af.get_by_label("Wettelijke grondslag voor het raadplegen").fill("Wet BRP art. 3.2")
    af.get_by_label("Bevinding").fill("Twaalf inschrijvingen op het adres.")
    af.get_by_role("button", name="Verrijking toevoegen").click()
    af.wait_for_load_state()

    def step(naam, **extra):
        section = af.locator(f"#stap-{naam}")
        section.get_by_label("Reden of toelichting").fill(f"Stap {naam}")
        for label, value in extra.items():
            field = section.get_by_label(label)
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        section.get_by_role("button").click()
        af.wait_for_load_state()
        assert "De stap is vastgelegd" in af.locator("main").inner_text()

    step("verrijken")
    assert "Stap 3" in af.locator("[aria-current=step]").inner_text()
    step("lokaal_bespreken", **{"Besproken in (stap 4)": "politie"})
    step("riec_inbrengen")
    assert actions.get_by_role("button").all_inner_texts() == [
        "Inbreng op het informatieplein vastleggen",
        "Terugkoppeling versturen",
    ]
    # a refused step shows a Dutch message in its own form and changes nothing
    af.locator("#stap-informatieplein").get_by_role("button").click()
    assert af.locator("#stap-informatieplein").get_by_role("alert").is_visible()
    assert "Stap 5" in af.locator("[aria-current=step]").inner_text()
    check_axe(af, "signaal met fout")
    step("informatieplein")
    step(
        "terugkoppelen",
        **{"Terugkoppeling voor de melder (stap 7)": "Uw signaal is ingebracht bij het RIEC. Dank voor het melden."},
    )
    assert "Terugkoppeling gegeven" in af.locator("main").inner_text()
    step("afsluiten", **{"Uitkomst (bij afsluiten)": "doorgezet"})

    # a closed signal is read-only: reopening is the one action, nothing can be added
    assert "alleen te lezen" in af.locator("main").inner_text()
    assert af.locator("main").get_by_role("button").all_inner_texts() == ["Signaal heropenen"]
    assert af.locator("main input[type=file], main select").count() == 0
    check_axe(af, "signaal afgesloten")

    # --- melder reads the feedback ---------------------------------------------------
    melder.goto("/meldroute/mijn/")
    check_axe(melder, "mijn signalen")
    melder.get_by_role("link", name=referentie).click()
    assert "Uw signaal is ingebracht bij het RIEC" in melder.locator("main").inner_text()
    assert "Twaalf inschrijvingen" not in melder.content()

    # --- figures ------------------------------------------------------------------
    af.goto("/meldroute/cijfers/")
    check_axe(af, "cijfers")
    melder_ctx.close()
    af_ctx.close()
