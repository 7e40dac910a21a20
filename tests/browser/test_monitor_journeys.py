"""The monitor in a real browser: a respondent answers by personal link with the keyboard
alone and resumes after closing the browser; an analyst runs a wave from the raw export to
the PDF report. axe-core runs on every page of both journeys."""

import re

import pytest
from django.core.management import call_command

from kompas.monitor.models import Inzending, Meting, Uitnodiging, Vragenlijst
from kompas.monitor.synthetisch import export_maken
from kompas.regio.models import Gemeente
from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def _ctx(browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    ctx.set_default_timeout(45_000)
    return ctx, ctx.new_page()


def _tab_to(page, selector_js: str, limit: int = 80):
    """Press Tab until the focused element matches (a JS predicate on document.activeElement)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {selector_js})(document.activeElement)"):
            return
    raise AssertionError(f"focus never reached: {selector_js}")


def _kies(page):
    """Space on the focused option; wait for the autosave request htmx sends on change."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.headers.get("hx-request") == "true"
    ) as resp:
        page.keyboard.press("Space")
    assert resp.value.ok


def _verstuur(page, pattern=None):
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if pattern:
        assert re.search(pattern, page.url), page.url


def test_respondent_answers_by_keyboard_and_resumes(demo, browser, live_server):
    meting = Meting.objects.exclude(code="2021").get()
    u = Uitnodiging.objects.get(meting=meting, organisatie_code="GM0405")
    start = f"/monitor/invullen/{u.token}/"
    ctx, page = _ctx(browser, live_server)
    page.goto(start)
    check_axe(page, "start")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Monitor aanpak mensenhandel")
    # also answer for a neighbouring gemeente: its checkbox, by keyboard
    _tab_to(page, "el.name === 'mede'")
    page.keyboard.press("Space")
    _tab_to(page, "el.type === 'submit'")
    _verstuur(page, r"/stap/1/$")
    check_axe(page, "stap 1")
    assert "Stap 1 van 6: Beleidsmatige basis" in page.get_by_role("heading", level=1).inner_text()
    # the required question left open: a Dutch message, axe-clean error page
    _tab_to(page, "el.type === 'submit' && el.value === 'volgende'")
    _verstuur(page)
    assert "Beantwoord de vraag" in page.content()
    check_axe(page, "stap 1 met fout")
    # answer: first radio of B1_BELEID (arrow keys move within the group), a checkbox of B1_VORMEN
    _tab_to(page, "el.name === 'B1_BELEID'")
    _kies(page)
    _tab_to(page, "el.name === 'B1_VORMEN'")
    _kies(page)
    _tab_to(page, "el.type === 'submit' && el.value === 'volgende'")
    _verstuur(page, r"/stap/2/$")
    check_axe(page, "stap 2")
    _tab_to(page, "el.name === 'B2_ZICHT'")
    _kies(page)
    assert "Automatisch opgeslagen" in page.locator("#autosave").inner_text()
    _tab_to(page, "el.type === 'submit' && el.value === 'opslaan'")
    _verstuur(page)
    assert "opgeslagen" in page.content()
    check_axe(page, "opgeslagen")
    ctx.close()  # the browser is closed; the answers live on the server

    ctx, page = _ctx(browser, live_server)
    page.goto(start)
    inz = Inzending.objects.get(uitnodiging=u)
    assert (
        inz.antwoorden["B1_BELEID"] == "specifiek"
        and inz.antwoorden["B1_VORMEN"] == ["seksueel"]
        and len(inz.organisaties) == 2
    )
    _tab_to(page, "el.type === 'submit'")
    _verstuur(page, r"/stap/2/$")  # resumes where a required answer is missing
    assert page.locator("input[name=B2_ZICHT][value=voldoende]").is_checked()
    _tab_to(page, "el.name === 'B2_AANDACHTSFUNCTIONARIS'")
    _kies(page)
    for stap in range(3, 7):
        _tab_to(page, "el.type === 'submit' && el.value === 'volgende'")
        _verstuur(page, rf"/stap/{stap}/$")
    check_axe(page, "stap 6")
    _tab_to(page, "el.type === 'submit' && el.value === 'volgende'")
    _verstuur(page, r"/versturen/$")
    check_axe(page, "controleren")
    _tab_to(page, "el.type === 'submit'")
    _verstuur(page)
    assert "Bedankt voor het invullen" in page.content()
    check_axe(page, "bedankt")
    assert Inzending.objects.get(uitnodiging=u).ingediend_op is not None
    # the link now shows the submission, read-only
    page.get_by_role("link", name="Bekijk de ingediende antwoorden").click()
    page.wait_for_load_state()
    assert "Ingediend op" in page.content() and page.locator("form.kompas-form").count() == 0
    check_axe(page, "ingediend, alleen lezen")
    ctx.close()


def test_analyst_runs_a_wave_from_import_to_pdf(demo, browser, live_server, tmp_path):
    codes = list(Gemeente.objects.filter(jaar=2021).values_list("cbs_code", flat=True))
    bestand = tmp_path / "ruwe-export-2021.csv"
    bestand.write_bytes(export_maken(Vragenlijst.objects.get(code="gemeente-2021"), codes, seed=11))
    ctx, page = _ctx(browser, live_server)
    login(page, "analist")
    page.get_by_role("link", name="Monitor", exact=True).click()
    check_axe(page, "metingen")
    page.get_by_role("link", name="Nieuwe meting").click()
    check_axe(page, "nieuwe meting")
    page.get_by_label("Code").fill("proef-2021")
    page.get_by_label("Naam").fill("Proefmeting 2021")
    page.get_by_label("Jaar van de gemeentelijke indeling").fill("2021")
    page.get_by_label(re.compile("Monitor aanpak mensenhandel 2021 – gemeenten")).check()
    page.get_by_role("button", name="Meting aanmaken").click()
    page.wait_for_url(re.compile(r"/monitor/proef-2021/$"))
    check_axe(page, "meting")
    page.get_by_role("link", name="Antwoorden inlezen").click()
    check_axe(page, "inlezen")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(bestand))
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_url(re.compile(r"/inlezen/\d+/$"))  # read in the background; the page shows progress, then the result
    page.get_by_text(re.compile("0 niet ingelezen")).wait_for()
    check_axe(page, "inlezing")
    page.get_by_role("link", name="Verder naar opschonen").click()
    page.wait_for_url(re.compile(r"/opschonen/$"))
    check_axe(page, "opschonen")
    page.get_by_role("button", name=re.compile("^Regels toepassen")).click()
    page.wait_for_load_state()
    assert "beslissingen volgens de regels genomen" in page.content()
    # one §2.2b pair: use only the first submission, with a reason
    kaart = page.locator("section.kompas-card").filter(has_text="volledige inzendingen").first
    kaart.get_by_label("Reden").first.fill("Respondent koos deze")
    kaart.get_by_role("button", name=re.compile("^Alleen ")).first.click()
    page.wait_for_load_state()
    assert "Vastgelegd" in page.content()
    check_axe(page, "opschonen na beslissing")
    page.get_by_role("link", name="Rapport").click()
    check_axe(page, "rapport")
    page.get_by_label("PDF").check()
    page.get_by_role("button", name="Rapport maken").click()
    page.wait_for_url(re.compile(r"/rapport/\d+/$"))
    link = page.get_by_role("link", name=re.compile(r"Download monitor-proef-2021-grootteklasse-regio\.pdf"))
    link.wait_for()
    check_axe(page, "rapport klaar")
    with page.expect_download() as info:
        link.click()
    pad = tmp_path / "rapport.pdf"
    info.value.save_as(pad)
    assert pad.read_bytes().startswith(b"%PDF") and pad.stat().st_size > 20_000
    ctx.close()
