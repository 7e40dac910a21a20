"""The cleaning screen in a real browser (issue 13, items 1, 5 and 7): every 'anders' choice starts on
"Blijft 'anders'" with the suggestion only in words, duplicates are shown side by side with
the differences marked, and "De overige blijven 'anders'" settles the rest; axe-core clean."""

import re

import pytest
from django.core.management import call_command

from kompas.monitor.models import Meting
from kompas.monitor.opschoning import te_beslissen
from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_cleaning_screen_suggests_without_choosing_and_shows_duplicates_side_by_side(demo, page):
    meting = Meting.objects.get(code="2021")
    anders = [p for p in te_beslissen(meting) if p.soort == "anders"]
    assert any(p.suggestie for p in anders) and any(p.soort == "dubbel" for p in te_beslissen(meting))
    login(page, "analist")
    page.goto("/monitor/2021/opschonen/")
    check_axe(page, "opschonen")
    keuzes = page.locator("select[name=naar]")
    assert keuzes.count() == len(anders)
    assert {keuzes.nth(i).input_value() for i in range(keuzes.count())} == {"anders"}  # nothing recoded by default
    assert page.get_by_text(re.compile("Suggestie: misschien past dit bij")).count() == sum(
        1 for p in anders if p.suggestie
    )
    tabel = page.locator("table.kompas-naast-elkaar").first
    assert tabel.locator("caption").inner_text().startswith("De inzendingen van")
    assert tabel.locator("tr.kompas-verschil mark").count() >= 2 and "verschilt" in tabel.inner_text()
    page.get_by_role("button", name=re.compile(r"^De overige blijven 'anders'")).click()
    page.wait_for_load_state()
    assert re.search(r"\d+ antwoorden blijven 'anders'", page.locator("main").inner_text())
    assert page.locator("select[name=naar]").count() == 0 and all(p.soort == "dubbel" for p in te_beslissen(meting))
    check_axe(page, "opschonen na de overige")
    # the invitations page of the 2021 wave: who was not invited and why, and a way to add an address
    page.goto("/monitor/2021/uitnodigingen/?status=niet_uitgenodigd")
    assert "niet uitgenodigd — niet op de lijst van uitgenodigde organisaties" in page.locator("main").inner_text()
    check_axe(page, "uitnodigingen")
    # the import page links its templates and the manual, which reads as a page
    page.goto("/monitor/2021/inlezen/")
    assert page.get_by_role("link", name="sjabloon gemeente-2021").count() == 1
    page.get_by_role("link", name="handleiding").first.click()
    page.wait_for_url(re.compile(r"/monitor/handleiding/$"))
    assert page.get_by_role("heading", name="Het uitwisselformaat").count() == 1
    check_axe(page, "handleiding")
