"""The audit log at scale: fill PostgreSQL with a large audit log, then time the privacy
officer's searches (by user, by object, by period) through the real selectors.

    .venv/bin/python bench/audit.py                    # 10,000,000 rows
    .venv/bin/python bench/audit.py --rijen 1000000
    .venv/bin/python bench/audit.py --alleen-vullen     # fill once (10M rows take minutes) ...
    .venv/bin/python bench/audit.py --hergebruik        # ... then only measure, as often as needed

Rows are generated inside PostgreSQL (INSERT ... SELECT over generate_series, in chunks of a
million) with the secondary indexes dropped during the load and rebuilt after it, as a bulk
load is done. Each search is what the list page runs: ``audit_entries_for_actor`` (the
officer's organisation, plus the rows without organisation of its members) narrowed by
``audit_search``, then the page's count and its first 50 rows. Goal: p95 < 200 ms.
The database (``kompas_bench_audit`` unless BENCH_DATABASE_URL says otherwise) is dropped and
created again on every run, except with ``--hergebruik``, which keeps the rows an earlier run
filled (only migrating the schema) so that filling and measuring can run as separate calls.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
BIN = ROOT / ".venv" / "bin"
ORGANISATIES = 40
GEBRUIKERS = 2_000  # spread over the organisations; about 5 % of the rows have no organisation
OBJECTEN = 200_000
CHUNK = 1_000_000
DAGEN = 730  # the rows span two years
DOEL_MS = 200


def prepare(hergebruik: bool = False) -> tuple[dict[str, str], bool]:
    """Create the database afresh, or with ``hergebruik`` keep one an earlier run filled.
    Returns the environment and whether the database still needs filling."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompas_bench_audit")
    if not url.startswith("postgres"):
        raise SystemExit("bench/audit.py meet PostgreSQL; geef een postgres://-adres in BENCH_DATABASE_URL.")
    name = url.rsplit("/", 1)[1]
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    env["DATABASE_URL"] = url
    bestaat = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not (hergebruik and bestaat):
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, stderr=subprocess.DEVNULL)
        subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    subprocess.run([str(BIN / "kompas"), "migrate", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
    return env, not (hergebruik and bestaat)


def people():
    """Organisations, their members and one privacy officer in the first organisation."""
    from kompas.accounts.constants import OrganisatieType, Rol
    from kompas.accounts.models import Lidmaatschap, Organisatie, User

    orgs = Organisatie.objects.bulk_create(
        [
            Organisatie(naam=f"Gemeente Bench {i:03d}", type=OrganisatieType.GEMEENTE, cbs_code=f"GM9{i:03d}")
            for i in range(ORGANISATIES)
        ]
    )
    users = User.objects.bulk_create(
        [User(username=f"bench{i:05d}", email=f"bench{i:05d}@bench.invalid", password="!") for i in range(GEBRUIKERS)]
    )
    Lidmaatschap.objects.bulk_create(
        [Lidmaatschap(user=u, organisatie=orgs[i % ORGANISATIES], rol=Rol.MEDEWERKER) for i, u in enumerate(users)]
    )
    officer = User.objects.create(username="privacy-officer", email="po@bench.invalid", password="!")
    Lidmaatschap.objects.create(user=officer, organisatie=orgs[0], rol=Rol.PRIVACY_OFFICER)
    return orgs, users, officer


def people_found():
    """The organisations, members and privacy officer an earlier run created."""
    from kompas.accounts.models import Organisatie, User

    orgs = list(Organisatie.objects.filter(naam__startswith="Gemeente Bench ").order_by("cbs_code"))
    users = list(User.objects.filter(username__startswith="bench").order_by("username"))
    if len(orgs) != ORGANISATIES or len(users) != GEBRUIKERS:
        raise SystemExit(
            "--hergebruik: deze database is niet door bench/audit.py gevuld; draai eerst zonder --hergebruik."
        )
    return orgs, users, User.objects.get(username="privacy-officer")


def fill(rijen: int, first_user: int, first_org: int) -> float:
    """Insert ``rijen`` audit rows; user i belongs to organisation i % ORGANISATIES."""
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_auditentry' "
            "AND indexname NOT LIKE '%%_pkey'"
        )
        indexes = c.fetchall()
        for name, _definition in indexes:
            c.execute(f'DROP INDEX "{name}"')
        for start in range(1, rijen + 1, CHUNK):
            stop = min(start + CHUNK - 1, rijen)
            c.execute(
                f"""
                INSERT INTO audit_auditentry (tijdstip, user_id, user_repr, organisatie_id, organisatie_repr, actie,
                                              object_type, object_id, object_repr, doel, ip_adres, details)
                SELECT now() - random() * interval '{DAGEN} days',
                       {first_user} + u, 'Medewerker ' || u || ' (bench' || lpad(u::text, 5, '0') || ')',
                       CASE WHEN (g * 31) %% 101 < 5 THEN NULL ELSE {first_org} + u %% {ORGANISATIES} END,
                       CASE WHEN (g * 31) %% 101 < 5 THEN ''
                            ELSE 'Gemeente Bench ' || lpad((u %% {ORGANISATIES})::text, 3, '0') END,
                       (ARRAY['view', 'view', 'view', 'export', 'update', 'create', 'login'])[1 + g %% 7],
                       (ARRAY['meldroute.signaal', 'zorg.traject', 'monitor.inzending', 'accounts.user'])[1 + o %% 4],
                       o::text, 'object ' || o, 'behandeling',
                       ('10.0.' || (g %% 250) || '.' || (g %% 7))::inet, '{{}}'::jsonb
                FROM (SELECT g, (g * 7919) %% {GEBRUIKERS} AS u, (g * 104729) %% {OBJECTEN} AS o
                      FROM generate_series(%s::bigint, %s::bigint) AS g) AS s
                """,  # noqa: S608 - constants of this script only
                [start, stop],
            )
            print(f"  {stop:>12,} rijen ({time.perf_counter() - t0:.0f} s)", flush=True)
        for _name, definition in indexes:
            c.execute(definition)
        # what autovacuum does to an insert-only table after a load (PostgreSQL 13+): statistics,
        # and the visibility map that lets a count be answered from an index alone
        c.execute("VACUUM (ANALYZE) audit_auditentry")
    print(f"  indexen opnieuw opgebouwd ({time.perf_counter() - t0:.0f} s)", flush=True)
    return time.perf_counter() - t0


def measure(label: str, searches, repeat: int) -> tuple[float, float]:
    from django.core.paginator import Paginator

    for kwargs in searches[:3]:  # warm-up
        list(Paginator(kwargs(), 50).get_page(1))
    times, found = [], []
    for i in range(repeat):
        qs = searches[i % len(searches)]()
        t0 = time.perf_counter()
        page = Paginator(qs, 50).get_page(1)  # what the list page runs: a count and 50 rows
        rows = list(page)
        times.append((time.perf_counter() - t0) * 1000)
        found.append(page.paginator.count)
        assert len(rows) == min(50, page.paginator.count)
    p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    print(
        f"  {label:36} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
        f"(n={repeat}, gemiddeld {statistics.mean(found):,.0f} treffers)"
    )
    return p50, p95


def run(rijen: int, repeat: int, hergebruik: bool = False, alleen_vullen: bool = False) -> None:
    env, leeg = prepare(hergebruik)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")})
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from kompas.accounts.actor import actor_for
    from kompas.audit.models import AuditEntry
    from kompas.audit.selectors import audit_entries_for_actor, audit_search

    if leeg:
        orgs, users, officer = people()
        print(f"\nPostgreSQL: {rijen:,} auditregels vullen")
        seconds = fill(rijen, users[0].pk, orgs[0].pk)
        herkomst = f"in {seconds:.0f} s gevuld"
    else:
        orgs, users, officer = people_found()
        herkomst = "eerder gevuld, hergebruikt"
    actor = actor_for(officer, orgs[0].pk)
    scope = audit_entries_for_actor(actor)
    print(
        f"\nPostgreSQL: {AuditEntry.objects.count():,} regels ({herkomst}); de organisatie van de privacy officer "
        f"ziet er {scope.count():,}",
        flush=True,
    )
    if alleen_vullen:
        connection.close()
        return

    rng = random.Random(11)
    members = [u.pk for i, u in enumerate(users) if i % ORGANISATIES == 0]
    with connection.cursor() as c:  # objects this organisation touched, sampled from its rows
        for sample in ("TABLESAMPLE SYSTEM (1)", ""):  # a small log may leave the sample empty
            c.execute(
                f"SELECT DISTINCT object_type, object_id FROM audit_auditentry {sample} "  # noqa: S608
                "WHERE organisatie_id = %s LIMIT 500",
                [orgs[0].pk],
            )
            objects = c.fetchall()
            if objects:
                break
    today = timezone.localdate()

    def by_user(pk):
        return lambda: audit_search(scope, gebruiker=pk)

    def by_object(object_type, object_id):
        return lambda: audit_search(scope, object_type=object_type, object_id=object_id)

    def by_period(start):
        return lambda: audit_search(scope, van=start, tot=start + timedelta(days=6))

    results = [
        measure("zoeken op gebruiker", [by_user(rng.choice(members)) for _ in range(repeat)], repeat),
        measure("zoeken op object", [by_object(*rng.choice(objects)) for _ in range(repeat)], repeat),
        measure(
            "zoeken op periode (een week)",
            [by_period(today - timedelta(days=rng.randrange(7, DAGEN))) for _ in range(repeat)],
            repeat,
        ),
    ]
    worst = max(p95 for _p50, p95 in results)
    print(
        f"  doel: p95 < {DOEL_MS} ms ({'gehaald' if worst < DOEL_MS else 'NIET gehaald'}; hoogste p95 {worst:.1f} ms)"
    )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=10_000_000, help="aantal auditregels (standaard 10.000.000)")
    parser.add_argument("--herhalingen", type=int, default=100, help="zoekvragen per soort (standaard 100)")
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="de database van een eerdere run houden (alleen migreren) en meteen meten",
    )
    parser.add_argument("--alleen-vullen", action="store_true", help="vullen en stoppen (meet daarna met --hergebruik)")
    args = parser.parse_args()
    run(args.rijen, args.herhalingen, args.hergebruik, args.alleen_vullen)


if __name__ == "__main__":
    main()
