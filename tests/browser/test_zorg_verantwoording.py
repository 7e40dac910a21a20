"""The verantwoording to the centrumgemeente in a real browser (issue 10, 13b): the demo
zorgcoördinator opens it, picks a quarter with the keyboard only, and axe-core finds nothing."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_verantwoording_page_by_year_and_quarter(transactional_db, browser, live_server):
    from django.utils import timezone

    call_command("demo", stil=True)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    login(page, "zorgcoordinator")
    page.goto("/zorg/verantwoording/")
    jaar = timezone.localdate().year
    assert (
        f"Verantwoording zorgcoördinatie Zorg- en Veiligheidshuis Noord-Holland Noord: {jaar}"
        in page.locator("h1").inner_text()
    )
    main = page.locator("main").inner_text()
    assert "Trajecten gestart in de periode" in main and "Vuistregel (CoMensha)" in main
    assert "<5" in main  # the demo's handful of trajecten is never shown as an exact number
    check_axe(page, "verantwoording (jaar)")
    kwartaal = (timezone.localdate().month - 1) // 3 + 1
    page.get_by_label("Periode").focus()
    page.keyboard.press("Home")
    for _ in range(kwartaal):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**kwartaal={kwartaal}**")
    assert f"{jaar}, {kwartaal}e kwartaal" in page.locator("h1").inner_text()
    check_axe(page, "verantwoording (kwartaal)")
    ctx.close()
