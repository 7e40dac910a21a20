"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a
downloaded browser. Without Chromium the tests skip locally; CI sets
KOMPAS_REQUIRE_BROWSER=1, which turns a missing browser into a failure."""

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("KOMPAS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # make test runs two pytest-xdist workers: all browser tests go to one of them, in
            # order (one Chromium, and test_zz_alle_paginas.py sees every page they checked)
            item.add_marker(pytest.mark.xdist_group("browser"))
            if getattr(config.option, "loadgroup", False):  # a pytest-xdist worker with --dist loadgroup
                _groep_in_nodeid(item, "browser")


def _groep_in_nodeid(item, groep: str) -> None:
    """pytest-xdist 3.8 groups a test by a suffix ``@groep`` it writes to ``item._nodeid``;
    pytest 9.2 reads the id from ``item._id``, so xdist's suffix is lost and the group split
    over the workers. Write it where this pytest reads it."""
    from _pytest.nodeid import NodeId

    if not item.nodeid.endswith(f"@{groep}"):
        item._id = NodeId.parse(f"{item.nodeid}@{groep}")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("KOMPAS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium ontbreekt op {CHROMIUM}; installeer het Debian-pakket chromium.")
        pytest.skip(f"Chromium niet gevonden op {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the application's own CSP stays strict.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    pg = context.new_page()
    # Generous: a PDF report is rendered inside the request (immediate task backend), which
    # takes more than 10 s when the machine's two cores are busy. A passing test never waits.
    pg.set_default_timeout(45_000)
    pg.set_default_navigation_timeout(45_000)
    yield pg
    context.close()


class AxeViolations(AssertionError):
    pass


# What the browser tests have checked with axe-core in this run, by URL name
# (test_zz_alle_paginas.py compares it with every URL pattern), and the findings below the
# failing threshold, counted per impact for the summary at the end of the run.
AXE_GECONTROLEERD: set[str] = set()
AXE_LICHTER: dict[str, int] = {"moderate": 0, "minor": 0}
AXE_LICHTER_REGELS: dict[str, int] = {}


def _url_naam(url: str) -> str | None:
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def axe_samenvatting() -> dict:
    """What this process's browser tests checked (a pytest-xdist worker hands it to the
    controller, tests/conftest.py)."""
    return {"gecontroleerd": sorted(AXE_GECONTROLEERD), "lichter": AXE_LICHTER, "regels": AXE_LICHTER_REGELS}


def axe_samenvoegen(samenvatting: dict) -> None:
    AXE_GECONTROLEERD.update(samenvatting["gecontroleerd"])
    for impact, aantal in samenvatting["lichter"].items():
        AXE_LICHTER[impact] += aantal
    for regel, aantal in samenvatting["regels"].items():
        AXE_LICHTER_REGELS[regel] = AXE_LICHTER_REGELS.get(regel, 0) + aantal


def axe_regel() -> str | None:
    """The summary line at the end of the run, or None when no page was checked."""
    if not AXE_GECONTROLEERD:
        return None
    return (
        f"axe-core: {len(AXE_GECONTROLEERD)} paginasoorten gecontroleerd; lichtere bevindingen: "
        f"{AXE_LICHTER['moderate']} moderate, {AXE_LICHTER['minor']} minor "
        f"({', '.join(f'{k} {v}' for k, v in sorted(AXE_LICHTER_REGELS.items())) or 'geen'})"
    )


def check_axe(page, label=""):
    """Run axe-core on the current page; fail on serious or critical violations."""
    page.wait_for_load_state()  # a page still loading has no document to add axe-core to
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    naam = _url_naam(page.url)
    for v in result["violations"] if naam else ():  # lighter findings are counted for Kompas's own pages
        if v["impact"] in AXE_LICHTER:
            AXE_LICHTER[v["impact"]] += 1
            AXE_LICHTER_REGELS[v["id"]] = AXE_LICHTER_REGELS.get(v["id"], 0) + 1
    if naam and not bad:
        AXE_GECONTROLEERD.add(naam)
    if bad:
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in bad
        ]
        raise AxeViolations(f"axe-core op {label or page.url}:\n{json.dumps(summary, indent=2, ensure_ascii=False)}")
    return result


def datum_typen(page, datum):
    """Type a date into the focused date picker. Its segment order follows the browser's own
    language (dd-mm-jjjj in Dutch, mm/dd/yyyy in headless Chromium): a probe finds it, then the
    date is typed over it, segment by segment, as a keyboard user would."""
    page.keyboard.type("01022003")
    probe = page.evaluate("document.activeElement.value")
    volgorde = {"2003-02-01": "%d%m%Y", "2003-01-02": "%m%d%Y"}[probe]
    page.keyboard.press("ArrowLeft")  # back from the year segment to the first one
    page.keyboard.press("ArrowLeft")
    page.keyboard.type(datum.strftime(volgorde))
    assert page.evaluate("document.activeElement.value") == datum.isoformat()
