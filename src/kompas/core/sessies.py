"""Django's database sessions, with the version of the domain data read in the same query.

Every page a user opens loads the session first; the page cache (kompas.core.paginacache)
then needs the version of the domain data (kompas.core.gegevensversie). Both come from one
query here, so a page served from memory costs a query less. Reading the version at the very
start of the request is what the version asks for: before any of the data it stands for.

Only the loading differs from ``django.contrib.sessions.backends.db``: the same table, the
same expiry rule (a row past its ``expire_date`` is no session), saving and deleting as Django
does them (``SESSION_ENGINE = "kompas.core.sessies"``).
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from kompas.core import gegevensversie


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key  # None when the cookie's key is not a valid session key
        if key is None:
            self._session_key = None
            return None
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as c:
            c.execute(
                gegevensversie.met_versie_sql(
                    connection,
                    "SELECT s.session_data{versie} FROM django_session s{bron} "
                    "WHERE s.session_key = %s AND s.expire_date > %s",
                ),
                [key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            rij = c.fetchone()
        if rij is None:
            self._session_key = None
            return None
        gegevensversie.onthouden_uit(rij[1:], DEFAULT_DB_ALIAS)
        return self.model(session_key=key, session_data=rij[0])


__all__ = ["SessionStore"]
