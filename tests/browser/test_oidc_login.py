"""Login through the organisation's own identity provider, in the browser: the applicatiebeheerder
sets up Gemeente Hoorn's provider (a real OpenID Connect provider started on 127.0.0.1), then a
medewerker of Hoorn logs in there and lands in Kompas without a TOTP code because the provider
asserted multi-factor authentication. Both Kompas pages are checked with axe-core."""

import re

import pytest
from django.core.management import call_command

from kompas.accounts.demo import DEMO_DOMAIN
from tests.browser.conftest import check_axe
from tests.browser.test_overige_paginas import als
from tests.oidc_mock import mock_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stil=True)


def test_applicatiebeheer_sets_up_a_provider_and_a_medewerker_logs_in_through_it(demo, page, live_server):
    with mock_provider() as idp:
        als(page, live_server, "applicatiebeheer")
        page.goto("/beheer/organisaties/")
        page.get_by_role("link", name="Gemeente Hoorn").first.click()
        page.get_by_role("link", name="Identiteitsprovider instellen").click()
        page.wait_for_load_state()
        check_axe(page, "identiteitsprovider instellen")
        page.get_by_label("Issuer").fill(idp.issuer)
        page.get_by_label("Client-ID").fill("kompas-browser")
        page.get_by_label("Clientgeheim").fill("browser-geheim")
        page.get_by_label("E-maildomeinen").fill(DEMO_DOMAIN)
        page.get_by_role("button", name="Opslaan en discovery ophalen").click()
        page.wait_for_load_state()
        assert "is opgeslagen" in page.content()
        check_axe(page, "identiteitsprovider opgeslagen")

        idp.gebruiker("medewerker-hoorn", email=f"medewerker@{DEMO_DOMAIN}", email_verified=True, amr=["pwd", "mfa"])
        page.context.clear_cookies()
        page.goto("/inloggen/")
        page.get_by_role("link", name="Inloggen via uw organisatie").click()
        page.wait_for_load_state()
        check_axe(page, "inloggen via uw organisatie")
        page.get_by_label("Uw e-mailadres bij uw organisatie").fill(f"medewerker@{DEMO_DOMAIN}")
        page.get_by_role("button", name="Verder naar mijn organisatie").click()
        page.wait_for_url(re.compile(re.escape(idp.issuer) + r"/oauth2/authorize"))
        page.locator("input[name=sub]").fill("medewerker-hoorn")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(re.compile(re.escape(live_server.url) + r"/overzicht/"))
        assert page.get_by_role("heading", level=1).is_visible()
