"""Django's PostgreSQL backend; only the health check of a reused connection differs.

With ``CONN_HEALTH_CHECKS`` Django asks a reused connection ``SELECT 1`` before the first
query of every request: one round trip more on every page. Here a connection whose last
request ran its queries without a connection error less than :data:`VERTROUWD` seconds ago
skips that question, as connection pools do (HikariCP's ``aliveBypassWindowMs``): it has just
answered. An idle connection is still checked first, so a database restart during a quiet
hour costs a reconnect, not an error. A connection that died within that second is caught by
:class:`kompas.core.middleware.VerbindingHerstelMiddleware`, which runs a read again on a
fresh connection.

``ENGINE = "kompas.core.postgresql"`` (conf/base.py sets it for every ``postgres://`` URL).
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

#: seconds after a request that used the connection without error in which it is not checked
VERTROUWD = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
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
