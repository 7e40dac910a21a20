"""One base exception for a refused action (core/fouten.py), translated in one place: the form
view, the middleware for other POSTs, and the API's exception handler."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kompas.core.api_fouten import exception_handler
from kompas.core.fouten import Geweigerd
from kompas.core.middleware import WeigeringMiddleware
from kompas.core.tabular import TabelFout
from kompas.meldroute.workflow import TransitieGeweigerd as MeldrouteGeweigerd
from kompas.monitor.codering import CodeerFout
from kompas.monitor.opschoning import OpschoonFout
from kompas.monitor.services import MonitorFout
from kompas.regio.services import ImportFout
from kompas.zorg.workflow import TransitieGeweigerd as ZorgGeweigerd


@pytest.mark.parametrize(
    "soort", [MeldrouteGeweigerd, ZorgGeweigerd, MonitorFout, OpschoonFout, CodeerFout, ImportFout, TabelFout]
)
def test_every_domain_refusal_is_a_geweigerd(soort):
    assert issubclass(soort, Geweigerd)
    assert soort("Dat kan niet.").melding == "Dat kan niet."


def _request(method):
    request = getattr(RequestFactory(), method)("/monitor/2026/uitnodigingen/?pagina=2")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def test_a_refused_post_goes_back_with_its_message():
    request = _request("post")
    response = WeigeringMiddleware(lambda r: None).process_exception(request, MonitorFout("De meting is gesloten."))
    assert response.status_code == 302 and response.url == "/monitor/2026/uitnodigingen/?pagina=2"
    assert [str(m) for m in get_messages(request)] == ["De meting is gesloten."]


@pytest.mark.parametrize(
    ("volgende", "verwacht"),
    [
        (
            "/monitor/2026/coderen/?vraag=HELPEND&zoek=budget&pagina=3",
            "/monitor/2026/coderen/?vraag=HELPEND&zoek=budget&pagina=3",
        ),
        ("https://elders.example/", "/monitor/2026/uitnodigingen/?pagina=2"),
        ("//elders.example/pad", "/monitor/2026/uitnodigingen/?pagina=2"),
        ("/\\elders.example/", "/monitor/2026/uitnodigingen/?pagina=2"),
        ("javascript:alert(1)", "/monitor/2026/uitnodigingen/?pagina=2"),
        ("", "/monitor/2026/uitnodigingen/?pagina=2"),
    ],
)
def test_a_refused_post_follows_a_next_on_this_site_only(volgende, verwacht):
    """A page whose state is not in the URL it posts to (the coding screen's filters) posts
    ``next``; the middleware follows it only to a path on this site."""
    request = RequestFactory().post("/monitor/2026/uitnodigingen/?pagina=2", {"next": volgende})
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    response = WeigeringMiddleware(lambda r: None).process_exception(request, MonitorFout("Dat kan niet."))
    assert response.status_code == 302 and response.url == verwacht
    assert [str(m) for m in get_messages(request)] == ["Dat kan niet."]


def test_other_exceptions_and_reads_are_not_swallowed():
    mw = WeigeringMiddleware(lambda r: None)
    assert mw.process_exception(_request("post"), ValueError("bug")) is None
    assert mw.process_exception(_request("get"), MonitorFout("x")) is None


def test_the_api_answers_a_refusal_with_400_and_the_dutch_sentence():
    response = exception_handler(MeldrouteGeweigerd("Deze stap kan nu niet."), {})
    assert response.status_code == 400 and response.data == {"detail": ["Deze stap kan nu niet."]}
    response = exception_handler(ValidationError({"wat": ["Dit veld is vereist."]}), {})
    assert response.status_code == 400 and response.data == {"wat": ["Dit veld is vereist."]}
    response = exception_handler(ValidationError("Ongeldig."), {})
    assert response.status_code == 400 and response.data == {"detail": ["Ongeldig."]}
