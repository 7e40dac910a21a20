import logging
import time

from django.conf import settings

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
    (A connection that dropped while idle is replaced before the first query by
    ``CONN_HEALTH_CHECKS``; this covers the query that was running when it dropped.)

    Innermost in MIDDLEWARE, so it only wraps the view (and its template's rendering)."""

    SCHRIJVEN = ("INSERT", "UPDATE", "DELETE", "COPY", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method not in ("GET", "HEAD", "OPTIONS") and not content_type.startswith("multipart/"):
            request.body  # noqa: B018 - keep the (small) body, so a second run can read it again
        request._kompas_geschreven = False

        def wacht(execute, sql, params, many, context):
            resultaat = execute(sql, params, many, context)
            if not request._kompas_geschreven and sql.lstrip()[:8].upper().startswith(self.SCHRIJVEN):
                request._kompas_geschreven = True
            return resultaat

        with connection.execute_wrapper(wacht):
            return self.get_response(request)

    def process_exception(self, request, exception):
        from kompas.core.herstel import VERBINDINGSFOUTEN, verbindingen_sluiten

        if (not isinstance(exception, VERBINDINGSFOUTEN) or getattr(request, "_kompas_opnieuw", False)
                or getattr(request, "_kompas_geschreven", True) or request.resolver_match is None):
            return None
        request._kompas_opnieuw = True
        logger.warning("Databaseverbinding verloren tijdens %s %s (%s); opnieuw uitgevoerd op een nieuwe verbinding.",
                       request.method, request.path, exception)
        verbindingen_sluiten()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render) and not getattr(response, "is_rendered", True):
            response = response.render()
        return response
