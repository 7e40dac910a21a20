"""The one door through which audit rows may be deleted: explicit maintenance.

The database refuses UPDATE always, and DELETE/TRUNCATE unless the current connection is
in maintenance mode. Maintenance is only entered by code that names its reason: the
``flush`` command (wiping a development or test database) and, later, the purge of audit
rows past their own retention period. Normal application code never enters it.

PostgreSQL reads a per-session setting (``kompas.audit_onderhoud``); SQLite calls a
function that Kompas registers on each of its connections, so any other SQLite client
(which lacks the function) cannot delete either.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections

_state = threading.local()


def in_maintenance() -> int:
    return 1 if getattr(_state, "active", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("kompas_audit_onderhoud", 0, in_maintenance)


@contextmanager
def audit_maintenance(reason: str, using: str = "default"):
    if not reason:
        raise ValueError("Onderhoud aan het auditlog vraagt om een reden.")
    connection = connections[using]
    _state.active = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('kompas.audit_onderhoud', 'aan', false)")
        yield
    finally:
        _state.active = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('kompas.audit_onderhoud', 'uit', false)")
