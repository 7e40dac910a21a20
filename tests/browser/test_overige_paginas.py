"""The pages that no role journey opens: each role's remaining screens on the demo data, opened
as a user would reach them (by clicking from the page before where there is one) and checked
with axe-core. test_zz_alle_paginas.py fails when a page of Kompas is missing here or elsewhere."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kompas.accounts.actor import actor_for
from kompas.accounts.models import Organisatie, User
from tests.browser.conftest import check_axe
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def als(page, live_server, username):
    """Log in as a demo user (password and second factor already verified) via its session."""
    client = verified_client(User.objects.get(username=username))
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def klik(page, naam, label):
    page.get_by_role("link", name=naam).first.click()
    page.wait_for_load_state()
    check_axe(page, label)


def test_beheer_and_audit_detail_pages(demo, page, live_server):
    als(page, live_server, "beheerder")
    page.goto("/beheer/gebruikers/")
    klik(page, "Medewerker (demo)", "gebruiker")
    assert page.get_by_role("heading", level=1).is_visible()

    als(page, live_server, "applicatiebeheer")
    page.goto("/beheer/organisaties/")
    klik(page, "Gemeente Hoorn", "organisatie")
    assert "Gemeente Hoorn" in page.locator("h1").inner_text()

    als(page, live_server, "beleidsadviseur")
    page.goto("/regio/indelingen/")
    klik(page, "Twente", "regio")
    assert "Twente" in page.locator("h1").inner_text()

    als(page, live_server, "privacy")
    page.goto("/audit/")
    page.locator("main a").filter(has_text=re.compile(r"\d{2}-\d{2}-\d{4}")).first.click()
    page.wait_for_url(re.compile(r"/audit/\d+/$"))
    check_axe(page, "auditregel")


def test_password_reset_from_request_to_new_password(demo, page, live_server):
    page.context.clear_cookies()
    page.goto("/wachtwoord/vergeten/")
    page.get_by_label(re.compile("E-mailadres")).fill("medewerker@demo.kompas.example")
    page.get_by_role("button", name=re.compile("[Vv]ersturen|[Vv]erstuur|[Aa]anvragen")).click()
    page.wait_for_url(re.compile(r"/wachtwoord/verstuurd/$"))
    check_axe(page, "wachtwoord verstuurd")
    user = User.objects.get(username="medewerker")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page.goto(f"/wachtwoord/nieuw/{uid}/{default_token_generator.make_token(user)}/")
    check_axe(page, "nieuw wachtwoord")
    nieuw = "Een-nieuw-lang-wachtwoord-2026!"
    wachtwoordvelden = page.locator("input[type=password]")
    wachtwoordvelden.nth(0).fill(nieuw)
    wachtwoordvelden.nth(1).fill(nieuw)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/wachtwoord/ingesteld/$"))
    check_axe(page, "wachtwoord ingesteld")
    user.refresh_from_db()
    assert user.check_password(nieuw)


def test_redactie_writes_an_article_and_sees_its_versions(demo, page, live_server):
    als(page, live_server, "redacteur")
    page.goto("/kennisbank/redactie/")
    check_axe(page, "redactie")
    page.get_by_role("link", name=re.compile("[Nn]ieuw")).first.click()
    page.wait_for_url(re.compile(r"/redactie/nieuw/$"))
    check_axe(page, "nieuw artikel")
    page.goto("/kennisbank/redactie/")
    page.get_by_role("link", name="Wat is mensenhandel?", exact=True).click()
    page.wait_for_url(re.compile(r"/redactie/wat-is-mensenhandel/$"))
    check_axe(page, "bewerken")
    page.goto("/kennisbank/redactie/")
    page.locator("main a[href$='/wat-is-mensenhandel/versies/']").click()
    page.wait_for_url(re.compile(r"/versies/$"))
    check_axe(page, "versies")


def test_meldroute_settings_and_a_partner_request(demo, page, live_server):
    from kompas.meldroute.models import Signaal
    from kompas.meldroute.services import partnerverzoek_aanmaken

    als(page, live_server, "aandachtsfunctionaris")
    page.goto("/meldroute/instellingen/")
    check_axe(page, "instellingen")

    af = User.objects.get(username="aandachtsfunctionaris")
    zvh = Organisatie.objects.get(naam="Zorg- en Veiligheidshuis Noord-Holland Noord")
    signaal = Signaal.objects.order_by("pk").first()
    partnerverzoek_aanmaken(
        actor=actor_for(af, None),
        signaal=signaal,
        partner=zvh,
        stap=4,
        gedeeld="Locatie en werkgever van het vakantiepark.",
        vraag="Is de werkgever bij u bekend?",
        deadline=timezone.localdate() + timedelta(days=7),
    )
    als(page, live_server, "procesregisseur")
    page.goto("/meldroute/verzoeken/")
    check_axe(page, "verzoeken")
    page.locator("main a[href*='/meldroute/verzoeken/']").first.click()
    page.wait_for_url(re.compile(r"/meldroute/verzoeken/\d+/$"))
    check_axe(page, "verzoek")
    assert "Is de werkgever bij u bekend?" in page.content()


def test_monitor_pages_of_analyst_gemeente_region_and_respondent(demo, page, live_server):
    from kompas.monitor.models import Meting, Uitnodiging

    code = Meting.objects.order_by("jaar").first().code  # the cleaned demo wave
    als(page, live_server, "analist")
    page.goto(f"/monitor/{code}/")
    klik(page, "Uitnodigingen", "uitnodigingen")
    page.goto(f"/monitor/{code}/")
    klik(page, "Open antwoorden coderen", "coderen")

    als(page, live_server, "beleidsadviseur")
    page.goto("/monitor/onze-resultaten/")
    check_axe(page, "onze resultaten")
    page.locator("main a[href*='/monitor/onze-resultaten/']").first.click()
    page.wait_for_url(re.compile(r"/onze-resultaten/[\w-]+/$"))
    check_axe(page, "onze resultaten van een meting")

    als(page, live_server, "ketenregisseur")
    page.goto("/monitor/regio/")
    check_axe(page, "monitor regio")

    page.context.clear_cookies()
    uitnodiging = Uitnodiging.objects.order_by("-meting__jaar").first()
    page.goto(f"/monitor/afmelden/{uitnodiging.token}/")
    check_axe(page, "afmelden")


def test_zelfscan_of_the_region(demo, page, live_server):
    als(page, live_server, "ketenregisseur")
    page.goto("/zelfscan/regio/")
    check_axe(page, "zelfscan regio")
    klik(page, re.compile("Eén zelfscan invullen"), "zelfscan regio invullen")
    assert page.url.endswith("/zelfscan/regio/invullen/")
