"""The zorgcoördinator's intake done with the keyboard alone (issue 10, WCAG 2.1.1 and 2.4.7):
from the caseload to an aanmelding, accepting it, the kenmerken, the intake dates and a
zorgactie — only Tab, typing, arrow keys, Space and Enter; no click. Every control that takes
focus on the way shows a visible focus indicator."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import check_axe, datum_typen
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)

# The accessible name of the focused element: its label for form fields, its text otherwise.
NAAM_VAN_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return (label || el.getAttribute("aria-label") || el.innerText || el.value || "").trim();
}"""

# A visible focus indicator: an outline or a box shadow on the focused element.
FOCUS_ZICHTBAAR = """() => {
  const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def tab_naar(page, naam, *, max_stappen=250):
    """Press Tab until the focused element is called ``naam`` (a regex); fail if it never is."""
    patroon = re.compile(naam)
    for _ in range(max_stappen):
        page.keyboard.press("Tab")
        if patroon.search(page.evaluate(NAAM_VAN_FOCUS)):
            assert page.evaluate(FOCUS_ZICHTBAAR), f"geen zichtbare focus op {naam!r}"
            return
    raise AssertionError(f"{naam!r} is met Tab niet te bereiken")


def verzenden(page):
    """Enter on the focused submit button; wait for the page that answers."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_intake_by_keyboard_alone(demo, page):
    from kompas.zorg.models import Aanmelding, Traject

    login(page, "zorgcoordinator")
    from kompas.accounts.models import Lidmaatschap

    eigen = Lidmaatschap.objects.filter(user__username="zorgcoordinator").values("organisatie")
    open_aanmelding = Aanmelding.objects.filter(zorgorganisatie__in=eigen, stand="ontvangen").order_by("pk").last()
    assert open_aanmelding, "de demo heeft een openstaande aanmelding"
    page.goto("/zorg/")

    tab_naar(page, rf"^Aanmelding {open_aanmelding.pk}$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/zorg/aanmeldingen/{open_aanmelding.pk}/$"))
    tab_naar(page, r"^Aanmelding accepteren$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zorg/trajecten/\d+/$"))
    traject = Traject.objects.get(aanmelding=open_aanmelding)

    # kenmerken: a select by arrow keys, another by typing the name, a checkbox by Space
    tab_naar(page, r"^Leeftijdsgroep")
    page.keyboard.press("ArrowDown")
    gekozen = page.evaluate("document.activeElement.value")
    assert gekozen
    tab_naar(page, r"^Nationaliteit")
    page.keyboard.type("Roemeni")  # a select: typing the country's name chooses it
    tab_naar(page, r"^Er loopt een strafrechtelijk traject")
    page.keyboard.press("Space")
    tab_naar(page, r"^Kenmerken opslaan$")
    verzenden(page)
    assert "fout" not in page.locator("main").inner_text().lower()
    traject.refresh_from_db()
    assert traject.nationaliteit == "RO" and traject.leeftijdsgroep == gekozen
    assert traject.strafrechtelijk_traject is True

    # the intake: the date pickers take typed digits in the browser's own order
    vandaag = timezone.localdate()
    b8 = vandaag + timedelta(days=20)
    tab_naar(page, r"^Geïnformeerd over rechten en plichten op")
    datum_typen(page, vandaag)
    tab_naar(page, r"^Einde bedenktijd \(B8\)")
    datum_typen(page, b8)
    tab_naar(page, r"^Intake opslaan$")
    verzenden(page)
    assert "De intake is bijgewerkt" in page.locator("main").inner_text()
    traject.refresh_from_db()
    assert traject.geinformeerd_op == vandaag and traject.b8_einddatum == b8
    check_axe(page, "traject na intake met het toetsenbord")
