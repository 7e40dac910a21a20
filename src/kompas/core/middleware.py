import logging
import os
import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from kompas.core.doorsturen import veilige_volgende
from kompas.core.fouten import Geweigerd
from kompas.core.herstel import VERBINDINGSFOUTEN, Gevolgen, verbindingen_sluiten

logger = logging.getLogger("kompas.herstel")

_KEY = "_kompas_seen"


class SessionIdleMiddleware:
    """Expire sessions after inactivity without writing the session on every request.

    Each request of an active user pushes the expiry SESSION_COOKIE_AGE seconds ahead, but
    the session is only saved when the last renewal is older than
    SESSION_RENEW_AFTER_SECONDS, so the idle timeout is exact to within that margin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(_KEY, 0) >= settings.SESSION_RENEW_AFTER_SECONDS:
                session[_KEY] = now  # marks the session modified: saved, cookie and expiry renewed
        return response


class VerbindingHerstelMiddleware:
    """A request whose database connection is cut off while it runs (a restarted or failed-over
    database, ``pg_terminate_backend``) runs once more on a fresh connection instead of ending
    in an HTTP 500 — when nothing it did lasted: it read, or its writes were in a transaction
    the server rolled back with the connection. A request that committed a write (or may have:
    a cut-off COMMIT) is not run again, so nothing is stored or signalled twice; it ends in the
    500 page. Writing an audit record does not count: a read retried is audited twice, never
    not at all. (A connection that dropped while idle is replaced before the first query by
    ``CONN_HEALTH_CHECKS``; this covers the query that was running when it dropped.)

    The body is kept and uploaded files are rewound, so the second run reads the same input.
    Just inside the session middleware, so the middleware that reads the user, the second
    factor and the organisation is retried with the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method not in ("GET", "HEAD", "OPTIONS") and not content_type.startswith("multipart/"):
            request.body  # noqa: B018 - keep the (small) body, so a second run can read it again
        with Gevolgen() as gevolgen:
            try:
                response = self.get_response(request)
            except VERBINDINGSFOUTEN:  # the error page itself met the dead connection
                if not gevolgen.opnieuw_veilig:
                    raise
                response = None
        if response is not None and (response.status_code < 500 or not gevolgen.verbinding_weg):
            return response
        if not gevolgen.opnieuw_veilig:
            logger.error(
                "Databaseverbinding verloren tijdens %s %s; niet opnieuw uitgevoerd (%s).",
                request.method,
                request.path,
                gevolgen.blijvend,
            )
            return response
        if not uploads_terugspoelen(request):
            logger.error(
                "Databaseverbinding verloren tijdens %s %s; niet opnieuw uitgevoerd: een geüpload "
                "bestand is niet meer te lezen.",
                request.method,
                request.path,
            )
            return response
        logger.warning(
            "Databaseverbinding verloren tijdens %s %s; opnieuw uitgevoerd op een nieuwe verbinding.",
            request.method,
            request.path,
        )
        verbindingen_sluiten()
        return self.get_response(request)


def uploads_terugspoelen(request) -> bool:
    """Rewind the request's uploaded files for a second run; False when one cannot be read
    again (closed, or its temporary file moved into storage)."""
    bestanden = getattr(request, "_files", None)
    if not bestanden:
        return True
    for _naam, lijst in bestanden.lists():
        for upload in lijst:
            if hasattr(upload, "temporary_file_path") and not os.path.exists(upload.temporary_file_path()):
                return False
            try:
                upload.seek(0)
            except (ValueError, OSError):
                return False
    return True


class WeigeringMiddleware:
    """A refused action (:class:`~kompas.core.fouten.Geweigerd`) outside a form view: the POST
    goes back to the page it came from with the refusal as an error message, instead of a 500.
    A page whose state is not in its POST URL (the coding screen's filters and page) posts it
    as ``next``, a path on this site (anything else is ignored). Form views show the refusal
    in the form themselves (``PolicyRequiredMixin.form_valid``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Geweigerd) or request.method != "POST":
            return None
        messages.error(request, exception.melding)
        terug = request.POST.get("next", "")  # a path on this site, e.g. the coding screen's filters
        return redirect(veilige_volgende(request, terug if terug.startswith("/") else "", request.get_full_path()))


class GeenOpslagMiddleware:
    """What a logged-in user sees (signals, trajecten, answers: personal data) is not kept by
    the browser or any cache in between: ``Cache-Control: private, no-store``, unless the view
    said otherwise. Pages for anyone (the login page, static files) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
