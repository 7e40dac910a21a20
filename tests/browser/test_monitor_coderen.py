"""Coding in a real browser (issue 13 item 6): per questionnaire and question, identical texts
as one group whose coding applies to all, the previous wave's codebook taken over, and a CSV
import whose errors name their lines; axe-core clean."""

import re

import pytest
from django.core.management import call_command

from kompas.monitor import codering
from kompas.monitor.models import Codecategorie, Codering, Meting, Vragenlijst
from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_coding_screen_groups_identical_texts_per_questionnaire(demo, page):
    oud = Meting.objects.get(code="2021")
    login(page, "analist")
    page.goto("/monitor/2021/coderen/")
    check_axe(page, "coderen")
    # per questionnaire: the ZVH's question is its own screen
    page.locator("nav a[href*='vragenlijst=zvh-2021']").first.click()
    page.wait_for_url(re.compile(r"vragenlijst=zvh-2021"))
    assert Vragenlijst.objects.get(code="zvh-2021").naam in page.locator("#vraagkop").inner_text()
    page.locator("nav a[href*='vragenlijst=gemeente-2021'][href*='vraag=HELPEND']").click()
    page.wait_for_url(re.compile(r"vraag=HELPEND"))
    eerste = page.locator("fieldset").first
    legenda = eerste.locator("legend").inner_text()
    aantal = int(re.search(r"\((\d+) antwoorden\)", legenda).group(1))
    assert aantal > 1  # identical texts are one group
    groep = codering.tekstgroepen(oud, Vragenlijst.objects.get(code="gemeente-2021"), "HELPEND")[0]
    assert groep.aantal == aantal
    # move the whole group to another category in one go
    vakjes = eerste.locator("input[type=checkbox]")
    for i in range(vakjes.count()):
        vakjes.nth(i).set_checked(i == vakjes.count() - 1)
    page.get_by_role("button", name="Codering opslaan").click()
    page.wait_for_load_state()
    assert re.search(
        r"\d+ antwoorden gecodeerd", page.locator("main").inner_text()
    )  # every group on the page, as ticked
    laatste = vakjes.nth(vakjes.count() - 1).get_attribute("value")
    gekozen = {
        tuple(Codering.objects.get(inzending_id=pk, vraag_code="HELPEND").categorieen.values_list("pk", flat=True))
        for pk in groep.inzendingen
    }
    assert gekozen == {(int(laatste),)}
    check_axe(page, "coderen na opslaan")
    # a CSV with a mistake: nothing read, the line named
    page.get_by_label("Coderingen (CSV of XLSX)").set_input_files(
        files=[
            {
                "name": "c.csv",
                "mimeType": "text/csv",
                "buffer": b"vragenlijst;vraag;tekst;categorieen\ngemeente-2021;HELPEND;Bestaat niet;c1\n",
            }
        ]
    )
    page.get_by_role("button", name="Coderingen inlezen").click()
    page.wait_for_load_state()
    tekst = page.locator("main").inner_text()
    assert "Niets ingelezen: 1 fout" in tekst and "regel 2: deze tekst komt niet voor" in tekst
    check_axe(page, "coderen met importfouten")


# Words of a page's sub-menus that the browser broke over two lines ("Opsch|onen"): each word's
# rectangles must lie on one line.
GEBROKEN_WOORDEN = """() => {
  const gebroken = [];
  for (const nav of document.querySelectorAll("main nav")) {
    const w = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      for (const m of n.data.matchAll(/\\S+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const regels = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (regels.size > 1) gebroken.push(m[0]);
      }
    }
  }
  return gebroken;
}"""


def test_coding_screen_filters_and_searches_in_the_url_and_its_menus_keep_words_whole(demo, page):
    login(page, "analist")
    page.goto("/monitor/2021/coderen/?vragenlijst=gemeente-2021&vraag=HELPEND")
    assert page.locator("fieldset").count() > 1
    # the search: a GET form, so the filter is in the URL beside the question
    page.get_by_label("Zoeken in de antwoorden").fill("POLITIE")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url(re.compile(r"vraag=HELPEND.*zoek=POLITIE"))
    assert page.locator("fieldset").count() == 1
    assert "Korte lijnen met de politie" in page.locator("fieldset").inner_text()
    assert re.search(r"1 van de \d+ teksten voldoet aan het filter", page.locator("main").inner_text())
    check_axe(page, "coderen met zoekterm")
    # uncode that text; the page after saving keeps the search
    for vakje in page.locator("fieldset input[type=checkbox]").all():
        vakje.set_checked(False)
    page.get_by_role("button", name="Codering opslaan").click()
    page.wait_for_url(re.compile(r"zoek=POLITIE"))
    # only the uncoded texts: exactly the one just uncoded
    page.get_by_label("Zoeken in de antwoorden").fill("")
    page.get_by_label("Alleen ongecodeerde teksten").check()
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url(re.compile(r"ongecodeerd=1"))
    assert [t.strip() for t in page.locator("fieldset q").all_inner_texts()] == ["Korte lijnen met de politie"]
    check_axe(page, "coderen alleen ongecodeerd")
    # another question keeps the filter
    page.locator("nav a[href*='vraag=BELEMMEREND']").click()
    page.wait_for_url(re.compile(r"vraag=BELEMMEREND.*ongecodeerd=1"))
    assert page.get_by_label("Alleen ongecodeerde teksten").is_checked()
    # the sub-menus (steps of the wave, questions) break between words, never inside one, wide and at 320 px
    page.goto("/monitor/2021/coderen/")
    for breedte in (1280, 320):
        page.set_viewport_size({"width": breedte, "height": 900})
        assert page.evaluate(GEBROKEN_WOORDEN) == [], breedte
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_axe(page, "coderen op 320 px")


def test_the_next_wave_takes_over_the_codebook(demo, page):
    nieuw = Meting.objects.exclude(code="2021").get(vorige__code="2021")
    # a wave made with its predecessor takes the codebook over at once (the demo's is) ...
    assert Codecategorie.objects.filter(meting=nieuw).exists()
    # ... one linked to its predecessor later offers it on the coding screen
    Codecategorie.objects.filter(meting=nieuw).delete()
    login(page, "analist")
    page.goto(f"/monitor/{nieuw.code}/coderen/")
    knop = page.get_by_role("button", name=re.compile(r"categorieën overnemen uit"))
    assert knop.count() == 1
    knop.click()
    page.wait_for_load_state()
    assert re.search(r"\d+ categorieën overgenomen", page.locator("main").inner_text())
    assert page.get_by_role("button", name=re.compile(r"overnemen uit")).count() == 0
    check_axe(page, "coderen na overnemen")


def test_report_page_breaks_down_by_the_division_chosen(demo, page):
    login(page, "analist")
    page.goto("/monitor/2021/rapport/")
    keuzes = page.get_by_role("group", name=re.compile("Uitsplitsen naar"))
    for naam in ("Grootteklasse (inwoners)", "Zorg- en veiligheidshuisregio"):
        keuzes.get_by_label(naam, exact=True).uncheck()
    keuzes.get_by_label("Politie-eenheid (RIEC-regio)").check()
    page.get_by_role("button", name="Uitsplitsingen tonen").click()
    page.wait_for_url(re.compile(r"uitsplitsing=politie_eenheid"))
    assert page.get_by_role("heading", name="Bijlage: uitsplitsingen naar Politie-eenheid (RIEC-regio)").count() == 1
    assert (
        page.get_by_role("button", name=re.compile(r"Rapport maken \(uitgesplitst naar Politie-eenheid")).count() == 1
    )
    check_axe(page, "rapport met gekozen uitsplitsing")
