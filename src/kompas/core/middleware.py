import logging
import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from kompas.core.fouten import Geweigerd

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
    in an HTTP 500 — but only when it had not written anything yet, so nothing happens twice.
    Writing an audit record does not count: a read retried is audited twice, never not at all.
    (A connection that dropped while idle is replaced before the first query by
    ``CONN_HEALTH_CHECKS``; this covers the query that was running when it dropped.)

    Just inside the session middleware, so the middleware that reads the user, the second
    factor and the organisation is retried with the view."""

    SCHRIJVEN = ("INSERT", "UPDATE", "DELETE", "COPY", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP")
    NIET_GETELD = 'INSERT INTO "audit_auditentry"'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        from kompas.core.herstel import VERBINDINGSFOUTEN, verbindingen_sluiten

        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method not in ("GET", "HEAD", "OPTIONS") and not content_type.startswith("multipart/"):
            request.body  # noqa: B018 - keep the (small) body, so a second run can read it again
        staat = {"geschreven": False, "weg": False}

        def wacht(execute, sql, params, many, context):
            try:
                resultaat = execute(sql, params, many, context)
            except VERBINDINGSFOUTEN:
                staat["weg"] = True
                raise
            if (not staat["geschreven"] and sql.lstrip()[:8].upper().startswith(self.SCHRIJVEN)
                    and not sql.startswith(self.NIET_GETELD)):
                staat["geschreven"] = True
            return resultaat

        with connection.execute_wrapper(wacht):
            response = self.get_response(request)
            if staat["weg"] and not staat["geschreven"] and response.status_code >= 500:
                logger.warning("Databaseverbinding verloren tijdens %s %s; opnieuw uitgevoerd op een nieuwe verbinding.",
                               request.method, request.path)
                verbindingen_sluiten()
                staat["weg"] = False
                response = self.get_response(request)
        return response


class WeigeringMiddleware:
    """A refused action (:class:`~kompas.core.fouten.Geweigerd`) outside a form view: the POST
    goes back to the page it came from with the refusal as an error message, instead of a 500.
    Form views show it in the form themselves (``PolicyRequiredMixin.form_valid``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Geweigerd) or request.method != "POST":
            return None
        messages.error(request, exception.melding)
        return redirect(request.get_full_path())
