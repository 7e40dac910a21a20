"""Issue 14 item 10: the page frame of base.html written in Python (kompas.core.paginaframe)
gives exactly what the template it replaced gave (kept in tests/sjablonen/base.html)."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from kompas.accounts.models import Organisatie

REFERENTIE = engines["django"].from_string((Path(__file__).parent / "sjablonen" / "base.html").read_text())
NIEUW = engines["django"].get_template("base.html")


def _org(pk: int, naam: str) -> Organisatie:
    return Organisatie(pk=pk, naam=naam)


HOORN, ZVH = _org(7, "Gemeente Hoorn"), _org(9, "Zorg- & Veiligheidshuis <Noord>")
NAV = [
    {"label": gettext_lazy("Overzicht"), "url": "/overzicht/", "current": False},
    {"label": "Signalen & meer", "url": "/meldroute/signalen/?a=1&b=2", "current": True},
]
GEVALLEN = {
    "anoniem": {"shell": None, "nav_items": []},
    "halverwege de login": {"shell": {"user_label": "Ada", "organisatie": HOORN, "organisaties": ()}, "nav_items": []},
    "één organisatie, menu en kruimelpad": {
        "shell": {"user_label": "Ada <b>Lovelace</b>", "organisatie": HOORN, "organisaties": ()},
        "nav_items": NAV,
        "breadcrumbs": [(gettext_lazy("Signalen"), "/meldroute/signalen/?x=1&y=2"), ("M-2026-<1>", None)],
    },
    "twee organisaties": {
        "shell": {"user_label": "Bea", "organisatie": ZVH, "organisaties": [HOORN, ZVH]},
        "nav_items": NAV,
        "breadcrumbs": [("Alleen", None)],
    },
    "geen organisatie": {"shell": {"user_label": "Beheer", "organisatie": None, "organisaties": ()}, "nav_items": NAV},
}


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("geval", list(GEVALLEN))
def test_the_frame_equals_the_template_it_replaced(geval, taal):
    request = RequestFactory().get("/meldroute/signalen/")
    context = {**GEVALLEN[geval], "csrf_token": "tokenABC123"}
    with translation.override(taal):
        oud = REFERENTIE.render(context, request)
        nieuw = NIEUW.render(context, request)
    assert nieuw == oud
    assert ("Uitloggen" in nieuw or "Log out" in nieuw) == (context["shell"] is not None)


def test_the_frame_escapes_what_users_and_organisations_typed():
    request = RequestFactory().get("/")
    html = NIEUW.render({**GEVALLEN["twee organisaties"], "csrf_token": "t"}, request)
    assert "Zorg- &amp; Veiligheidshuis &lt;Noord&gt;" in html and "<Noord>" not in html
    assert '<option value="9" selected>' in html and '<option value="7">' in html


@pytest.mark.django_db
def test_a_real_page_draws_the_frame_with_a_working_csrf_token(make_member, login):
    from kompas.accounts.constants import Rol

    c = login(make_member(Rol.MEDEWERKER))
    html = c.get("/overzicht/").content.decode()
    assert 'aria-current="page">Overzicht</a>' in html and "Uitloggen" in html
    c.handler.enforce_csrf_checks = True  # the token the frame wrote must be accepted
    token = re.search(r'action="/uitloggen/"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert c.post("/uitloggen/", {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
