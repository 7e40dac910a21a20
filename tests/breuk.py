"""A database connection that dies under a running statement, for the tests of issue 12 item 7.

On PostgreSQL for real: the backend of the connection is ended with ``pg_terminate_backend``
from a second connection just before the statement runs, so the statement meets a dead
server and psycopg raises. SQLite has no server: there the statement raises the
``OperationalError`` psycopg would. Either way the error comes from below Django's execute
wrappers, where a terminated backend's does."""

from __future__ import annotations

from django.db import OperationalError


class Afbreken:
    """Cut the connection off at the first statement containing ``stukje`` (``keer``: at that
    many statements; None: every time) — once ``scherp`` is true (set it later to cut off a
    statement that runs after something else happened)."""

    def __init__(self, monkeypatch, stukje: str, *, keer: int | None = 1, scherp: bool = True):
        from django.db.backends import utils

        self.stukje, self.keer, self.scherp, self.gebroken = stukje, keer, scherp, 0
        echt = utils.CursorWrapper._execute

        def _execute(cursor, sql, params, *rest):
            if self.scherp and self.stukje in sql and (self.keer is None or self.gebroken < self.keer):
                self.gebroken += 1
                if cursor.db.vendor != "postgresql":
                    raise OperationalError("terminating connection due to administrator command")
                _beeindigen(cursor.db)
            return echt(cursor, sql, params, *rest)

        monkeypatch.setattr(utils.CursorWrapper, "_execute", _execute)


def _beeindigen(db) -> None:
    if db.connection.closed:  # ended already: the statement fails as it is
        return
    pid = db.connection.info.backend_pid
    raw = db.get_new_connection(db.get_connection_params())
    try:
        with raw.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone
            assert cur.fetchone()[0] is True
    finally:
        raw.close()
