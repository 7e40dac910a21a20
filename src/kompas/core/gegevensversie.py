"""The version of the domain data: a number that changes whenever any domain table changes.

A page cached under this version (:mod:`kompas.core.paginacache`) can tell at once that
something it shows may have changed, without knowing what it shows. The database keeps the
version itself, by triggers on every table of the domain apps, so no write escapes it: the
ORM's ``save`` and ``delete``, a queryset's ``update`` or ``bulk_create``, raw SQL, a
migration, a task. It is read with one small query.

- **SQLite**: each insert, update and delete raises ``core_gegevensversie.teller``. SQLite
  has one writer at a time, so the new number becomes visible together with the data.
- **PostgreSQL**: a shared counter would be a row every writing transaction locks until it
  commits (concurrent reports would queue on it, and could deadlock with the rows they lock
  themselves). Instead each writing statement inserts a row of its own into
  ``core_gegevenswijziging`` (inserts never wait on each other). The version is
  (``teller``, the number of rows): rows are only ever added, so an equal count means an equal
  set of changes, whichever transaction committed first. A row becomes visible at its
  transaction's commit, together with the data. :func:`opschonen` empties the table and raises
  ``teller`` in one transaction, so a version is never seen twice; it runs nightly and when
  a read finds more than :data:`OPSCHONEN_VANAF` rows (counting them stays cheap).

The domain apps are :data:`DOMEIN_APPS`; the audit log (written on every read), sessions,
the task queue and the planner's bookkeeping are not domain data and change no version.
Triggers are (re)installed after every ``migrate`` (``post_migrate``), so a table a later
migration adds is covered too; ``tests/test_gegevensversie.py`` checks that every domain
table has them.

Reading the version first and the data after it is always safe: a change that commits in
between is in the data already, and gives a new version for the next reader.
"""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from kompas.core.verzoekgeheugen import onthouden, opvragen, vastleggen

#: the apps whose tables make up what pages show (reference data, accounts, the domains)
DOMEIN_APPS = ("accounts", "regio", "meldroute", "zorg", "monitor", "zelfscan", "kennisbank", "otp_totp")

_TELLER = "core_gegevensversie"
#: PostgreSQL: a read that counts this many changes empties the log first
OPSCHONEN_VANAF = 2000
_OPHOGEN = "UPDATE core_gegevensversie SET teller = teller + 1 WHERE id = 1"


def domeintabellen() -> list[str]:
    """The tables of the domain apps (with the many-to-many tables Django makes)."""
    tabellen = set()
    for label in DOMEIN_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tabellen.add(model._meta.db_table)
    return sorted(tabellen)


def _trigger_sqlite(tabel: str, handeling: str) -> str:
    return f"kompas_v_{tabel}_{handeling.lower()}"


def _aantal_triggers(connection, c) -> int:
    if connection.vendor == "postgresql":
        c.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'kompas_gegevensversie' AND NOT tgisinternal")
        return c.fetchone()[0]
    c.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kompas_v_%'")
    return c.fetchone()[0] // 3


def installeren(using: str = DEFAULT_DB_ALIAS, *, alleen_ontbrekend: bool = False) -> int:
    """Install (or refresh) the triggers on every domain table; returns how many tables.
    ``alleen_ontbrekend``: leave them alone when every domain table has them (after a test's
    flush, say); the counter's row is always put back when it is missing."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):  # pragma: no cover - Kompas runs on these two
        return 0
    bestaand = set(connection.introspection.table_names())
    if _TELLER not in bestaand:
        return 0
    tabellen = [t for t in domeintabellen() if t in bestaand]
    qn = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM core_gegevensversie WHERE id = 1")
        if not c.fetchone()[0]:
            c.execute("INSERT INTO core_gegevensversie (id, teller) VALUES (1, 0)")
        if alleen_ontbrekend and _aantal_triggers(connection, c) == len(tabellen):
            return len(tabellen)
        if connection.vendor == "postgresql":
            c.execute(
                "CREATE OR REPLACE FUNCTION kompas_gegevens_gewijzigd() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN INSERT INTO core_gegevenswijziging (transactie) VALUES (txid_current()); "
                "RETURN NULL; END $$"
            )
            for tabel in tabellen:
                c.execute(
                    f"CREATE OR REPLACE TRIGGER kompas_gegevensversie AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {qn(tabel)} FOR EACH STATEMENT EXECUTE FUNCTION kompas_gegevens_gewijzigd()"
                )
        else:
            for tabel in tabellen:
                for handeling in ("INSERT", "UPDATE", "DELETE"):
                    naam = qn(_trigger_sqlite(tabel, handeling))
                    c.execute(f"DROP TRIGGER IF EXISTS {naam}")
                    sql = f"CREATE TRIGGER {naam} AFTER {handeling} ON {qn(tabel)} BEGIN {_OPHOGEN}; END"
                    c.execute(sql)
    return len(tabellen)


def na_migratie(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate``: every domain table, also one a migration just added (or one SQLite
    rebuilt, which drops its triggers), gets its trigger."""
    installeren(using, alleen_ontbrekend=True)


def _kolommen(connection) -> str:
    """The version's two columns, for a query that joins ``core_gegevensversie`` as ``v``."""
    aantal = "(SELECT COUNT(*) FROM core_gegevenswijziging)" if connection.vendor == "postgresql" else "0"
    return f"v.teller, {aantal}"


def huidig(using: str = DEFAULT_DB_ALIAS) -> tuple[int, ...] | None:
    """The current version of the domain data, or None when it cannot be told."""
    connection = connections[using]
    with connection.cursor() as c:
        c.execute(f"SELECT {_kolommen(connection)} FROM core_gegevensversie v WHERE v.id = 1")  # noqa: S608 - fixed SQL
        rij = c.fetchone()
    if rij is None or rij[0] is None:
        return None  # not installed (an emptied test database): nothing may be cached
    if rij[1] >= OPSCHONEN_VANAF and not connection.in_atomic_block:
        opschonen(using)  # the log is long: empty it, so counting stays cheap
        return huidig(using)
    return (int(rij[0]), int(rij[1]))


def met_versie_sql(connection, sql: str) -> str:
    """``sql`` with the version's two columns added (``{versie}`` after the first column list,
    ``{bron}`` after the first table): another query that every request makes reads it along
    (the session's, :mod:`kompas.core.sessies`)."""
    return sql.format(versie=f", {_kolommen(connection)}", bron=" LEFT JOIN core_gegevensversie v ON v.id = 1")


def onthouden_uit(kolommen, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remember the version read along by :func:`met_versie_sql` for this read request."""
    teller, aantal = kolommen
    if teller is not None and aantal < OPSCHONEN_VANAF:  # else the next read cleans up first
        vastleggen(("gegevensversie", using), (int(teller), int(aantal)))


def huidig_in_verzoek(using: str = DEFAULT_DB_ALIAS) -> tuple[int, ...] | None:
    """:func:`huidig`, read once per read request (a page and its cache ask for it twice)."""
    return onthouden(("gegevensversie", using), lambda: huidig(using))


def gelezen_in_verzoek(using: str = DEFAULT_DB_ALIAS) -> tuple[int, ...] | None:
    """The version this read request has read already (along with its session, or by
    :func:`huidig_in_verzoek`), or None; never a query of its own."""
    return opvragen(("gegevensversie", using))


def opschonen(using: str = DEFAULT_DB_ALIAS) -> int:
    """PostgreSQL: empty the change log and raise the counter, in one transaction (the next
    version differs from every earlier one). Returns the number of rows removed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(using=using), connection.cursor() as c:
        c.execute("DELETE FROM core_gegevenswijziging")
        verwijderd = c.rowcount
        c.execute(_OPHOGEN)
    return verwijderd
