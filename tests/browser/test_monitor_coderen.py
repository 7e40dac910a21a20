"""Coding in a real browser (issue 13 item 6): per questionnaire and question, identical texts
as one group whose coding applies to all, the previous wave's codebook taken over, and a CSV
import whose errors name their lines; axe-core clean."""

import re

import pytest
from django.core.management import call_command

from kompas.monitor import codering
from kompas.monitor.models import Codering, Meting, Vragenlijst
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
    assert re.search(r"\d+ antwoorden gecodeerd", page.locator("main").inner_text())  # every group on the page, as ticked
    laatste = vakjes.nth(vakjes.count() - 1).get_attribute("value")
    gekozen = {tuple(Codering.objects.get(inzending_id=pk, vraag_code="HELPEND").categorieen.values_list("pk", flat=True))
               for pk in groep.inzendingen}
    assert gekozen == {(int(laatste),)}
    check_axe(page, "coderen na opslaan")
    # a CSV with a mistake: nothing read, the line named
    page.get_by_label("Coderingen (CSV of XLSX)").set_input_files(files=[{
        "name": "c.csv", "mimeType": "text/csv",
        "buffer": b"vragenlijst;vraag;tekst;categorieen\ngemeente-2021;HELPEND;Bestaat niet;c1\n"}])
    page.get_by_role("button", name="Coderingen inlezen").click()
    page.wait_for_load_state()
    tekst = page.locator("main").inner_text()
    assert "Niets ingelezen: 1 fout" in tekst and "regel 2: deze tekst komt niet voor" in tekst
    check_axe(page, "coderen met importfouten")


def test_the_next_wave_takes_over_the_codebook(demo, page):
    nieuw = Meting.objects.exclude(code="2021").get(vorige__code="2021")
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
    assert page.get_by_role("button", name=re.compile(r"Rapport maken \(uitgesplitst naar Politie-eenheid")).count() == 1
    check_axe(page, "rapport met gekozen uitsplitsing")
