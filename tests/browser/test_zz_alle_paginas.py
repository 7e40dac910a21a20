"""Every page of Kompas is opened by a browser test and checked with axe-core.

This module runs after the other browser tests (pytest-django runs tests without a database
last) and compares the URL names that ``check_axe`` saw in this run with every URL pattern.
Run it with the whole browser suite (``pytest tests/browser``); alone it has nothing to check.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import AXE_GECONTROLEERD

# Patterns that are not HTML pages for a person, each with the reason.
GEEN_PAGINA = {
    "core:home": "stuurt door naar het overzicht of de inlogpagina",
    "core:favicon": "het pictogram van de site, geen HTML-pagina",
    "accounts:logout": "alleen POST; leidt naar de inlogpagina",
    "accounts:user_remove": "alleen POST vanaf de gebruikerspagina",
    "accounts:user_otp_reset": "alleen POST vanaf de gebruikerspagina",
    "accounts:switch_organisation": "alleen POST vanuit het menu",
    "accounts:oidc_callback": "terugkeer van de identiteitsprovider; stuurt door (tests/browser/test_oidc_login.py)",
    "audit:export": "CSV-download",
    "meldroute:verrijken": "alleen POST vanuit het dossier",
    "meldroute:transitie": "alleen POST vanuit het dossier",
    "meldroute:koppelen": "alleen POST vanuit het dossier",
    "meldroute:bijlage_upload": "alleen POST vanuit het dossier",
    "meldroute:doorverwijzen": "alleen POST vanuit het dossier",
    "meldroute:partnerverzoek": "alleen POST vanuit het dossier",
    "meldroute:bijlage": "download van een bijlage",
    "monitor:mijn_download": "CSV-download",
    "monitor:invullen_versturen": "alleen POST vanaf de laatste stap",
    "monitor:rapport_download": "download van het rapport",
    "monitor:export": "CSV/XLSX-download",
    "monitor:coderingen_export": "CSV-download (coderingen)",
    "monitor:sjabloon": "CSV-download (sjabloon van het uitwisselformaat)",
    "kennisbank:artikel_pdf": "PDF-download",
    "zelfscan:scan": "stuurt door naar de eerste open stap of de samenvatting",
    "zelfscan:resultaat_pdf": "PDF-download",
    "zelfscan:beleidsplan": "DOCX-download",
    "zelfscan:regio_beleidsplan": "DOCX-download",
    "zorg:intrekken": "alleen POST vanaf het signaal",
    "zorg:accepteren": "alleen POST vanaf de aanmelding",
    "zorg:afwijzen": "alleen POST vanaf de aanmelding",
    "zorg:transitie": "alleen POST vanuit het traject",
    "zorg:gegevens": "alleen POST vanuit het traject",
    "zorg:kenmerken": "alleen POST vanuit het traject",
    "zorg:intake": "alleen POST vanuit het traject",
    "zorg:toestemming": "alleen POST vanuit het traject",
    "zorg:zorgactie": "alleen POST vanuit het traject",
    "zorg:zorgactie_stand": "alleen POST vanuit het traject",
    "zorg:zorgoverleg_nieuw": "alleen POST vanuit het traject",
    "zorg:behandelaar": "alleen POST vanuit het traject",
    "zorg:journaal": "alleen POST vanuit het traject",
    "zorg:bijlage_upload": "alleen POST vanuit het traject",
    "zorg:bijlage": "download van een bijlage",
}


def _namen(resolver=None, ns=()):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue  # Django's technical admin, behind OTP, not part of the product's pages
            yield from _namen(p, (*ns, p.namespace) if p.namespace else ns)
        elif isinstance(p, URLPattern) and p.name:
            yield ":".join((*ns, p.name))


def test_every_page_is_checked_by_a_browser_test():
    paginas = {n for n in _namen() if not n.startswith("api:") and n not in GEEN_PAGINA}
    assert AXE_GECONTROLEERD, "draai dit met de hele browsersuite: pytest tests/browser"
    missend = sorted(paginas - AXE_GECONTROLEERD)
    assert not missend, f"{len(missend)} pagina's zonder browsertest met axe-core: {missend}"


def test_the_exemptions_are_real_patterns():
    alle = set(_namen())
    assert not (set(GEEN_PAGINA) - alle), "uitzondering voor een URL die niet bestaat"
