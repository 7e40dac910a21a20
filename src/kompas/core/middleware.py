import time

from django.conf import settings

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
