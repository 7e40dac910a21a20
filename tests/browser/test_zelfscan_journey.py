"""A new beleidsadviseur, by keyboard alone: does the zelfscan step by step (one step per
bouwsteen, then the summary), sees 'basisniveau niet gehaald' with the missing requirement,
follows the link to the article, saves a note, generates the beleidsplan and opens it.
axe-core runs on every page."""

import io
import re

import pytest
from django.core.management import call_command

from kompas.core.bouwstenen import Bouwsteen
from kompas.zelfscan.definitie import ITEMS
from tests.browser.conftest import check_axe
from tests.browser.test_monitor_journeys import _ctx, _tab_to, _verstuur
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def _kleur_binnen_de_ring(radio) -> str:
    """The colour of a radio button halfway between its centre and its edge (in a screenshot)."""
    import io

    from PIL import Image

    beeld = Image.open(io.BytesIO(radio.screenshot())).convert("RGB")
    b, h = beeld.size
    r, g, bl = beeld.getpixel((b // 2 + int(b * 0.3), h // 2))
    if r > 230 and g > 230 and bl > 230:
        return "wit"
    return "blauw" if bl > r + 40 else f"anders {(r, g, bl)}"


def test_beleidsadviseur_zelfscan_to_beleidsplan(demo, browser, live_server, tmp_path):
    from docx import Document

    from kompas.kennisbank.models import Notitie

    ctx, page = _ctx(browser, live_server)
    login(page, "beleidsadviseur")
    check_axe(page, "overzicht")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '/zelfscan/'")
    _verstuur(page, r"/zelfscan/$")
    check_axe(page, "zelfscan overzicht")
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('zelfscan')")
    _verstuur(page, r"/zelfscan/\d+/stap/beleid/$")
    assert "0 van 26 beantwoord" in page.content()
    # one step per bouwsteen, answered and saved by keyboard: Tab to each statement, Space on
    # the first answer (ja), Tab to 'Opslaan en verder' and Enter
    stappen = list(Bouwsteen.values)
    for nummer, bouwsteen in enumerate(stappen, start=1):
        assert page.locator("[aria-current=step]").inner_text().startswith(str(nummer))
        check_axe(page, f"zelfscan stap {nummer}")
        for item in (i for i in ITEMS if i.bouwsteen == bouwsteen):
            _tab_to(page, f"el.name === '{item.code}'")
            page.keyboard.press("Space")  # the first answer: ja
            if item.code == "BN_AF":
                page.keyboard.press("ArrowDown")  # deels
                page.keyboard.press("ArrowDown")  # nee
        if bouwsteen == "signaleren":
            assert page.locator("input[name=BN_AF][value=nee]").is_checked()
            # and it looks chosen: a blue disc, where an option not chosen is white inside its ring
            assert _kleur_binnen_de_ring(page.locator("input[name=BN_AF][value=nee]")) == "blauw"
            assert _kleur_binnen_de_ring(page.locator("input[name=BN_AF][value=ja]")) == "wit"
        _tab_to(page, "el.type === 'submit' && el.value === 'volgende'")
        volgende = stappen[nummer] if nummer < len(stappen) else None
        _verstuur(page, rf"/stap/{volgende}/$" if volgende else r"/samenvatting/$")
    check_axe(page, "zelfscan samenvatting")
    assert "26 van 26 beantwoord" in page.content() and "Nog niet beantwoord" not in page.content()
    _tab_to(page, "el.type === 'submit' && el.name === 'afronden'")
    _verstuur(page, r"/resultaat/$")
    check_axe(page, "resultaat")
    assert "Basisniveau niet gehaald" in page.get_by_role("heading", level=2).first.inner_text()
    assert "Aandachtsfunctionaris: Niet voldaan." in page.locator("section.kompas-card").inner_text()
    resultaat = page.url
    _tab_to(page, "el.tagName === 'A' && el.textContent.includes('Lees: De aandachtsfunctionaris')")
    _verstuur(page, r"/kennisbank/aandachtsfunctionaris/$")
    check_axe(page, "artikel")
    _tab_to(page, "el.name === 'tekst'")
    page.keyboard.type("Aandachtsfunctionaris aanstellen: voorstel aan het college in januari.")
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('Notitie opslaan')")
    _verstuur(page)
    assert "Uw notitie is opgeslagen" in page.content()
    check_axe(page, "artikel met notitie")
    assert Notitie.objects.get().tekst.startswith("Aandachtsfunctionaris aanstellen")
    page.goto(resultaat)
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('beleidsplan')")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    pad = tmp_path / "beleidsplan.docx"
    info.value.save_as(pad)
    doc = Document(io.BytesIO(pad.read_bytes()))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "3 Ambitie en basisniveau" in koppen and "Hoorn" in doc.core_properties.title
    assert "Aandachtsfunctionaris: Niet voldaan." in "\n".join(p.text for p in doc.paragraphs)
    page.goto("/overzicht/")
    assert re.search(r"wordt geëvalueerd op \d+ \w+ \d{4}", page.content())
    check_axe(page, "overzicht met herinnering")
    ctx.close()


def test_library_search_and_learning_path_pass_axe(demo, browser, live_server):
    ctx, page = _ctx(browser, live_server)
    login(page, "aandachtsfunctionaris")
    page.goto("/kennisbank/?q=loverboys")
    check_axe(page, "zoeken")
    assert page.get_by_role("link", name="Loverboyproblematiek").is_visible()
    page.goto("/kennisbank/leerpad/")
    check_axe(page, "leerpad")
    page.goto("/zelfscan/rekenhulp-zorgcoordinatie/?inwoners=650000")
    check_axe(page, "rekenhulp")
    assert "1,15 tot 1,65" in page.content()
    ctx.close()
