"""Staying alive when the database connection drops (issue 12 item 3).

The worker and the planner are long-running processes. A restarted database, a failover or a
terminated backend breaks their connection; instead of exiting they close every connection,
wait a little (doubling up to ``MAX_PAUZE``) and carry on with a fresh one.
"""

from __future__ import annotations

import contextlib
import logging
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


def blijf_draaien(doe: Callable[[], object], *, doorgaan: Callable[[], bool] = lambda: True,
                  pauze: float = 1.0, slaap: Callable[[float], None] | None = None) -> object:
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
