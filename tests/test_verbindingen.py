"""Issue 12 item 2: a dropped database connection costs a reconnect, not an HTTP 500.

The requests go through Django's real WSGI handler (the test client skips the connection
housekeeping that runs at the start of a request under gunicorn)."""

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

from kompas.accounts.constants import Rol
from kompas.core.postgresql import base as postgresql_base
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
@pytest.mark.parametrize("stil", [True, False], ids=["na-een-stille-tijd", "direct-na-een-verzoek"])
def test_the_request_after_the_database_dropped_its_connections_succeeds(monkeypatch, caplog, stil):
    """After a quiet spell the health check finds the dead connection before the first query;
    right after a request (kompas.core.postgresql skips the check) the first query meets it
    and VerbindingHerstelMiddleware runs the read again on a fresh connection."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0  # connections are reused: they can go stale
    if stil:
        monkeypatch.setattr(postgresql_base, "VERTROUWD", 0.0)
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
        opnieuw = [r for r in caplog.records if "opnieuw uitgevoerd op een nieuwe verbinding" in r.getMessage()]
        assert len(opnieuw) == (0 if stil else 1)
    else:
        assert checks == [1]


class _NepVerbinding:
    """Stands in for a psycopg connection: the wrapper only asks whether there is one."""

    def close(self):
        pass


def test_postgresql_asks_a_connection_that_just_answered_nothing_and_an_idle_one_select_1(monkeypatch):
    """kompas.core.postgresql: the health check (``SELECT 1``) is skipped for a connection whose
    last request ran its queries without error less than VERTROUWD seconds ago."""
    wrapper = postgresql_base.DatabaseWrapper({**connection.settings_dict, "CONN_HEALTH_CHECKS": True}, "nep")
    wrapper.connection, wrapper.autocommit, wrapper.health_check_enabled = _NepVerbinding(), True, True
    monkeypatch.setattr(wrapper, "ensure_connection", lambda: None)
    vragen = []
    monkeypatch.setattr(wrapper, "is_usable", lambda: vragen.append(1) or True)
    nu = [1000.0]
    monkeypatch.setattr(postgresql_base.time, "monotonic", lambda: nu[0])

    def verzoek(*, fout=False):
        wrapper.close_if_unusable_or_obsolete()  # request_started
        wrapper.close_if_health_check_failed()  # before its first query
        wrapper.errors_occurred = fout
        wrapper.close_if_unusable_or_obsolete()  # request_finished

    verzoek()
    assert vragen == [1]  # a connection nobody has seen answer yet is asked
    nu[0] += 0.5
    verzoek()
    assert vragen == [1]  # it answered half a second ago
    nu[0] += 5
    verzoek()
    assert vragen == [1, 1]  # idle for five seconds: asked again
    vragen.clear()
    verzoek(fout=True)  # a request whose query failed on the connection: Django asks at its end
    assert vragen == [1]
    nu[0] += 0.1
    verzoek()
    assert vragen == [1]  # that answer counts


def test_postgres_urls_use_the_kompas_backend():
    from kompas.conf.base import POSTGRESQL

    assert POSTGRESQL == "kompas.core.postgresql"
    if connection.vendor == "postgresql":
        assert isinstance(connections["default"], postgresql_base.DatabaseWrapper)
