"""Django's PostgreSQL backend; the health check of a reused connection differs, and a
statement that runs on every request can be prepared on the server.

With ``CONN_HEALTH_CHECKS`` Django asks a reused connection ``SELECT 1`` before the first
query of every request: one round trip more on every page. Here a connection whose last
request ran its queries without a connection error less than :data:`VERTROUWD` seconds ago
skips that question, as connection pools do (HikariCP's ``aliveBypassWindowMs``): it has just
answered. An idle connection is still checked first, so a database restart during a quiet
hour costs a reconnect, not an error. A connection that died within that second is caught by
:class:`kompas.core.middleware.VerbindingHerstelMiddleware`, which runs a read again on a
fresh connection.

:meth:`DatabaseWrapper.voorbereide_cursor` gives a cursor whose parameters are bound on the
server instead of written into the SQL (Django's default on psycopg 3): the same statement text
each time, which psycopg prepares once it ran five times on a connection (``prepare_threshold``
in ``OPTIONS``, set by conf/base.py; Django's own cursors bind on the client and never prepare),
so PostgreSQL no longer parses and plans it. The audit record written on every view of personal
data goes through it (``kompas.audit.services``).

``ENGINE = "kompas.core.postgresql"`` (conf/base.py sets it for every ``postgres://`` URL).
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import errors

#: seconds after a request that used the connection without error in which it is not checked
VERTROUWD = 1.0


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # Django reads the client-bound text from the cursor; a cursor of voorbereide_cursor has
        # none, so the query log (DEBUG, tests) gets the statement with its values written in
        if isinstance(cursor, base.ServerBindingCursor) and not self.connection.features.uses_server_side_binding:
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return sql
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _in_orde_op: float | None = None

    def close_if_unusable_or_obsolete(self):
        # at the end of a request (and the start of the next): a request that ran queries had its
        # health check done (or skipped); without an error since, the connection answered
        if self.connection is not None and self.health_check_done and not self.errors_occurred:
            self._in_orde_op = time.monotonic()
        super().close_if_unusable_or_obsolete()

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._in_orde_op is not None
            and time.monotonic() - self._in_orde_op < VERTROUWD
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def voorbereide_cursor(self):
        """A cursor as ``cursor()`` gives it (wrapped by Django: errors, execute wrappers, the
        query log), but binding its parameters on the server."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(base.ServerBindingCursor(self.connection))
