"""Issue 12 item 2: a dropped database connection costs a reconnect, not an HTTP 500.

The requests go through Django's real WSGI handler (the test client skips the connection
housekeeping that runs at the start of a request under gunicorn)."""

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from kompas.accounts.constants import Rol
from tests.conftest import member, verified_client


def _get(handler, path, cookie):
    status = []
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), body


def _alle_backends_beeindigen() -> int:
    """What a database restart or failover does: end every session of this database."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cur:
            cur.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cur.fetchone()[0]
    finally:
        raw.close()


@pytest.mark.django_db(transaction=True)
def test_the_request_after_the_database_dropped_its_connections_succeeds(monkeypatch):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # connections are reused: they can go stale
    client = verified_client(member(Rol.MEDEWERKER))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()
    assert _get(handler, "/overzicht/", cookie)[0] == 200
    stale = connection.connection
    assert stale is not None  # kept open for the next request
    if connection.vendor == "postgresql":
        assert _alle_backends_beeindigen() >= 1
    else:
        # SQLite has no server to drop the connection; the check that heals it on
        # PostgreSQL must still run before the first query of the request.
        checks = []
        monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    status, body = _get(handler, "/overzicht/", cookie)
    assert status == 200, body[:500]
    if connection.vendor == "postgresql":
        assert connection.connection is not stale  # a fresh connection served the request
    else:
        assert checks == [1]
