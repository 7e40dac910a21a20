"""Staying alive when the database connection drops (issue 12 items 3 and 7).

The worker and the planner are long-running processes. A restarted database, a failover or a
terminated backend breaks their connection; instead of exiting they close every connection,
wait a little (doubling up to ``MAX_PAUZE``) and carry on with a fresh one.

A request or a task that was running when its connection dropped runs once more on a fresh
connection when :class:`Gevolgen` shows that nothing it did lasted (its open transaction was
rolled back by the server), so nothing happens twice.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger("kompas.werker")

MAX_PAUZE = 30.0
VERBINDINGSFOUTEN = (OperationalError, InterfaceError)


def verbindingen_sluiten() -> None:
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # a broken connection may fail to close; it is gone anyway
            conn.close()


def blijf_draaien(
    doe: Callable[[], object],
    *,
    doorgaan: Callable[[], bool] = lambda: True,
    pauze: float = 1.0,
    slaap: Callable[[float], None] | None = None,
) -> object:
    """Run ``doe`` until it returns; after a lost database connection reconnect and run it
    again (as long as ``doorgaan()`` holds). Other errors are not hidden."""
    wacht = pauze
    while True:
        begin = time.monotonic()
        try:
            return doe()
        except VERBINDINGSFOUTEN as exc:
            if not doorgaan():
                raise
            if time.monotonic() - begin > 60:  # it ran fine for a while: start the back-off anew
                wacht = pauze
            logger.warning("Databaseverbinding verloren (%s); opnieuw verbinden over %.0f s.", exc, wacht)
            verbindingen_sluiten()
            (slaap or time.sleep)(wacht)
            wacht = min(wacht * 2, MAX_PAUZE)


# --- running a unit of work once more after its connection dropped -------------------------

AUDIT = 'INSERT INTO "audit_auditentry"'
SCHRIJVEN = ("INSERT", "UPDATE", "DELETE", "COPY", "MERGE", "TRUNCATE", "CREATE", "ALTER", "DROP", "WITH")
_actief = threading.local()


class Gevolgen:
    """What a unit of work (a request, a background task) did that would happen again if it ran
    a second time — so whether it may run once more after its database connection dropped.

    A write is lasting once it is committed: a write outside a transaction at once, a write in
    a transaction when that transaction commits. A write in a transaction that was still open
    when the connection dropped is not: the server rolled it back. Unknown counts as lasting: a
    COMMIT or a write outside a transaction that was cut off may have been applied or not. A
    sent e-mail is lasting too (:func:`blijvend_gevolg`). An audit record is not counted: a
    unit run twice is audited twice, never not at all.

        with Gevolgen() as gevolgen:
            ...
        if gevolgen.opnieuw_veilig: ...  # the connection dropped and nothing lasting happened

    Only for the thread that enters it (Django's connections are per thread)."""

    def __init__(self, *, niet_geteld: tuple[str, ...] = (AUDIT,)):
        self.niet_geteld = niet_geteld
        self.verbinding_weg = False  # a statement failed because the connection was lost
        self.blijvend = ""  # what made the work lasting (for the log); "" while nothing did
        self._open: set[str] = set()  # connections with a counted write in their open transaction
        self._stapel = contextlib.ExitStack()

    @property
    def opnieuw_veilig(self) -> bool:
        return self.verbinding_weg and not self.blijvend

    def markeer(self, wat: str) -> None:
        self.blijvend = self.blijvend or wat

    def telt(self, sql: str) -> bool:
        return sql.lstrip()[:8].upper().startswith(SCHRIJVEN) and not sql.startswith(self.niet_geteld)

    def __enter__(self) -> Gevolgen:
        for alias in connections:
            conn = connections[alias]
            self._stapel.enter_context(conn.execute_wrapper(self._wrapper(conn)))
            self._stapel.enter_context(self._transacties(conn))
        stapel = _actief.__dict__.setdefault("gevolgen", [])
        stapel.append(self)
        self._stapel.callback(stapel.remove, self)
        return self

    def __exit__(self, *exc) -> None:
        self._stapel.close()

    @staticmethod
    def _in_transactie(conn) -> bool:
        return conn.in_atomic_block or not conn.autocommit

    def _wrapper(self, conn):
        def uitvoeren(execute, sql, params, many, context):
            try:
                resultaat = execute(sql, params, many, context)
            except VERBINDINGSFOUTEN:
                self.verbinding_weg = True
                if self._in_transactie(conn):
                    self._open.discard(conn.alias)  # the transaction died with the connection: rolled back
                elif self.telt(sql):
                    self.markeer(f"schrijfopdracht buiten een transactie onderbroken: {sql[:60]}")
                raise
            if self.telt(sql):
                if self._in_transactie(conn):
                    self._open.add(conn.alias)
                else:
                    self.markeer(f"vastgelegd: {sql[:60]}")
            return resultaat

        return uitvoeren

    @contextlib.contextmanager
    def _transacties(self, conn):
        """Watch the connection's COMMIT and ROLLBACK (an attribute on this thread's connection
        object, for as long as the unit runs)."""
        eigen = {naam: conn.__dict__[naam] for naam in ("commit", "rollback") if naam in conn.__dict__}
        echte_commit, echte_rollback = conn.commit, conn.rollback

        def commit():
            geschreven = conn.alias in self._open
            self._open.discard(conn.alias)
            try:
                echte_commit()
            except VERBINDINGSFOUTEN:
                self.verbinding_weg = True
                if geschreven:
                    self.markeer("COMMIT onderbroken: onbekend of het is vastgelegd")
                raise
            if geschreven:
                self.markeer("transactie vastgelegd")

        def rollback():
            self._open.discard(conn.alias)
            echte_rollback()

        conn.commit, conn.rollback = commit, rollback
        try:
            yield
        finally:
            for naam in ("commit", "rollback"):
                if naam in eigen:
                    setattr(conn, naam, eigen[naam])
                else:
                    conn.__dict__.pop(naam, None)


def blijvend_gevolg(wat: str) -> None:
    """Something outside the database happened that cannot be undone (an e-mail sent): the
    units of work running in this thread must not run again."""
    for gevolgen in getattr(_actief, "gevolgen", ()):
        gevolgen.markeer(wat)
