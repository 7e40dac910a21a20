"""The wave's settings in a real browser (issue 13 item 4): the date pickers show the saved
period, and saving only 'Herinnering na' keeps the wave open; the analyst reopens a submitted
link (issue 12 item 5). Also the respondent's page order (issue 13 item 10): 'Vorige' before
'Volgende', and Enter in an answer still goes on."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompas.monitor import deelnemers
from kompas.monitor.models import Inzending, Meting, Uitnodiging
from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_saving_the_reminder_keeps_the_wave_open(demo, page):
    meting = Meting.objects.exclude(code="2021").get()
    van, tot = meting.open_van, meting.open_tot
    login(page, "analist")
    page.goto(f"/monitor/{meting.code}/")
    assert "Open voor antwoorden." in page.locator("main").inner_text()
    # the browser shows the saved period in its date pickers (an invalid value would be empty)
    assert page.get_by_label("Open van").input_value() == van.isoformat()
    assert page.get_by_label("Open tot en met").input_value() == tot.isoformat()
    check_axe(page, "meting")
    page.get_by_label("Herinnering na (dagen)").fill("10")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert "De instellingen zijn opgeslagen." in page.content()
    assert "Open voor antwoorden." in page.locator("main").inner_text()
    check_axe(page, "meting opgeslagen")
    meting.refresh_from_db()
    assert (meting.herinnering_na_dagen, meting.open_van, meting.open_tot) == (10, van, tot) and meting.is_open()
    # a submitted link: the analyst reopens it from the invitations page (same login, same wave)
    u = Uitnodiging.objects.get(meting=meting, organisatie_code="GM0405")
    inz = Inzending.objects.create(
        meting=meting,
        vragenlijst=u.vragenlijst,
        vragenlijst_versie=1,
        bron_id=f"kompas-{u.pk}",
        organisaties=["GM0405"],
        uitnodiging=u,
        antwoorden={"B1_BELEID": "geen"},
        ingediend_op=timezone.now(),
    )
    deelnemers.zetten([inz], meting.jaar, nieuw=True)  # as the app's create paths do
    page.goto(f"/monitor/{meting.code}/uitnodigingen/?status=ingediend")
    check_axe(page, "uitnodigingen, ingediend")
    page.get_by_role("button", name=f"Heropenen {u.organisatie_naam}").click()
    page.wait_for_load_state()
    assert "is heropend" in page.content()
    assert Inzending.objects.get(uitnodiging=u).ingediend_op is None


def test_previous_before_next_and_enter_in_an_answer_goes_on(demo, page):
    meting = Meting.objects.exclude(code="2021").get()
    u = Uitnodiging.objects.get(meting=meting, organisatie_code="GM0405")
    page.goto(f"/monitor/invullen/{u.token}/stap/2/")
    knoppen = page.locator(".kompas-nav-knoppen button")
    assert [knoppen.nth(i).inner_text() for i in range(knoppen.count())] == [
        "Opslaan en vorige",
        "Opslaan en volgende",
        "Opslaan en later verder",
    ]
    assert page.get_by_text("Voortgang: 0 van 6 onderdelen ingevuld").is_visible()
    check_axe(page, "stap 2")
    # Enter on a chosen answer submits the form with its default button: 'volgende', not 'vorige'
    page.get_by_label("Onvoldoende").first.check()
    page.get_by_label("Ja, één").check()
    with page.expect_navigation():
        page.get_by_label("Ja, één").press("Enter")
    assert re.search(r"/stap/3/$", page.url), page.url
    assert Inzending.objects.get(uitnodiging=u).antwoorden["B2_AANDACHTSFUNCTIONARIS"] == "een"
