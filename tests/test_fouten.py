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


@pytest.mark.django_db
def test_a_refused_request_is_one_line_in_the_log_and_a_server_error_keeps_its_traceback():
    """The console handler of LOGGING drops the traceback of a 403/404 that django.request logs;
    the warning itself stays (who tried what is in the audit log and the access log)."""
    import io
    import logging
    import logging.config

    from django.conf import settings
    from django.test import Client

    from kompas.accounts.constants import Rol
    from tests.conftest import member, verified_client

    uit = io.StringIO()
    config = {**settings.LOGGING, "handlers": {"console": {**settings.LOGGING["handlers"]["console"], "stream": uit}}}
    config["root"] = {**config["root"], "level": "WARNING"}
    logging.config.dictConfig(config)
    try:
        # a medewerker on the audit log: 403 (PermissionDenied raised in the view's policy)
        assert verified_client(member(Rol.MEDEWERKER)).get("/audit/").status_code == 403
        assert Client().get("/bestaat-niet/").status_code == 404
        log = uit.getvalue()
        assert "Forbidden" in log and "Traceback" not in log
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", None, None)
        try:
            raise RuntimeError("stuk")
        except RuntimeError:
            import sys

            record.exc_info = sys.exc_info()
        record.status_code = 500
        logging.getLogger("django.request").handle(record)
        assert "Traceback" in uit.getvalue() and "RuntimeError: stuk" in uit.getvalue()
    finally:
        logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
def test_a_stale_form_gets_a_dutch_page_with_the_way_back(make_member, login):
    """A form sent after logging out and in again in another tab: Kompas's own page, not Django's."""
    from kompas.accounts.constants import Rol

    c = login(make_member(Rol.MEDEWERKER))
    c.handler.enforce_csrf_checks = True
    r = c.post(
        "/meldroute/melden/",
        {"wat": "x", "csrfmiddlewaretoken": "verouderd"},
        HTTP_REFERER="http://testserver/meldroute/melden/",
    )
    html = r.content.decode()
    assert r.status_code == 403 and "Uw formulier is niet verstuurd" in html
    assert 'href="http://testserver/meldroute/melden/">Het formulier opnieuw openen' in html
    assert 'class="kompas-header"' in html  # in the shell, with the menu
    vreemd = c.post("/meldroute/melden/", {"wat": "x"}, HTTP_REFERER="https://elders.example/x").content.decode()
    assert "elders.example" not in vreemd


@pytest.mark.django_db
def test_pages_of_a_logged_in_user_are_not_stored_by_the_browser(make_member, login, client):
    from kompas.accounts.constants import Rol

    c = login(make_member(Rol.AANDACHTSFUNCTIONARIS))
    for url in ["/overzicht/", "/meldroute/signalen/"]:
        assert c.get(url)["Cache-Control"] == "private, no-store"
    assert "no-store" not in client.get("/toegankelijkheid/").get("Cache-Control", "")  # a page for anyone
    assert "public" in client.get("/favicon.ico")["Cache-Control"]
