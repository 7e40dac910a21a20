"""The pages that tell about background work, in a real browser with axe-core: a report whose
task hung offers "Opnieuw maken", a report no worker picks up says so, and the functioneel
beheerder sees mail that could not be delivered."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompas.accounts.models import User
from kompas.core.models import OnbezorgdeMail
from kompas.monitor.models import Meting, Rapport
from tests.browser.conftest import check_axe
from tests.browser.test_shell import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_failed_and_waiting_reports_and_undelivered_mail(demo, page):
    meting = Meting.objects.create(code="m2099", naam="Monitor 2099", jaar=2026)
    mislukt = Rapport.objects.create(
        meting=meting,
        formaat="pdf",
        status=Rapport.Status.MISLUKT,
        voortgang=75,
        fout="Het maken is afgebroken: de achtergrondverwerking stopte halverwege. Maak het rapport opnieuw.",
    )
    wacht = Rapport.objects.create(meting=meting, formaat="xlsx")
    Rapport.objects.filter(pk=wacht.pk).update(aangemaakt_op=timezone.now() - timedelta(minutes=2))
    login(page, "analist")
    page.goto(f"/monitor/{meting.code}/rapport/{wacht.pk}/")
    assert "De achtergrondverwerking draait niet" in page.get_by_role("status").first.inner_text()
    check_axe(page, "rapport wacht zonder werker")
    page.goto(f"/monitor/{meting.code}/rapport/{mislukt.pk}/")
    check_axe(page, "rapport mislukt")
    page.get_by_role("button", name="Opnieuw maken").click()
    page.wait_for_url(re.compile(rf"/monitor/{meting.code}/rapport/\d+/$"))
    assert not page.url.endswith(f"/{mislukt.pk}/")
    assert Rapport.objects.filter(meting=meting, formaat="pdf").count() == 2

    collega = User.objects.get(username="medewerker")
    OnbezorgdeMail.objects.create(
        onderwerp="Kompas: stel uw wachtwoord in",
        aan=[collega.email],
        fout="SMTPServerDisconnected",
        pogingen=5,
        tijdstip=timezone.now(),
    )
    page.context.clear_cookies()
    login(page, "beheerder")
    page.goto("/beheer/gebruikers/")
    assert page.get_by_role("heading", name="Niet bezorgde e-mail").is_visible()
    assert collega.email in page.get_by_role("table", name="Niet bezorgde e-mail (laatste 30 dagen)").inner_text()
    check_axe(page, "gebruikers met niet bezorgde e-mail")
