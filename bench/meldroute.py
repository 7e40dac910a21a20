"""Meldroute at scale: generate signals over all gemeenten, then time a gemeente's inbox
and the national figures page.

    .venv/bin/python bench/meldroute.py                    # PostgreSQL 1,000,000 and SQLite 100,000
    .venv/bin/python bench/meldroute.py --db sqlite --aantal 20000
    .venv/bin/python bench/meldroute.py --db postgres --alleen-vullen   # fill once (may take minutes)
    .venv/bin/python bench/meldroute.py --db postgres --hergebruik      # then only measure

Targets (issue 11): inbox p95 < 50 ms, national figures computed with the cache emptied
p95 < 300 ms. ``--hergebruik`` keeps a database filled by an earlier run (only migrating it),
so that filling and measuring can run as separate calls. Pages are rendered in-process
through Django's full request cycle (middleware, session, 2FA, template) with
production-like settings (bench/settings.py), so the figures are server time.
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


DOEL_INBOX_MS, DOEL_LANDELIJK_MS = 50, 300


def prepare(db: str, hergebruik: bool = False) -> tuple[dict[str, str], bool]:
    """Create the database afresh, or with ``hergebruik`` keep one an earlier run filled.
    Returns the environment and whether the database still needs filling."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    if db == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompas_bench_meldroute")
        name = url.rsplit("/", 1)[1]
        if hergebruik:
            found = subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-tAc",
                    f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if found:
                env["DATABASE_URL"] = url
                subprocess.run([str(BIN / "kompas"), "migrate", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
                return env, False
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        path = ROOT / "var" / "bench-meldroute.sqlite3"
        if hergebruik and path.exists():
            env["DATABASE_URL"] = f"sqlite:///{path}"
            subprocess.run([str(BIN / "kompas"), "migrate", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
            return env, False
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    env["DATABASE_URL"] = url
    for args in (["migrate", "-v0"], ["regio", "laad"], ["demo", "--stil"]):
        subprocess.run([str(BIN / "kompas"), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return env, True


def generate(aantal: int) -> float:
    """Insert ``aantal`` signals and their statistics rows, spread over all gemeenten."""
    from django.db import connection
    from django.utils import timezone

    from kompas.accounts.constants import OrganisatieType
    from kompas.accounts.models import Organisatie
    from kompas.meldroute.constants import STAP, Herkomst, Sector, Status, Uitkomst
    from kompas.meldroute.models import tellingen_herbouwen
    from kompas.regio.models import Gemeente

    t0 = time.perf_counter()
    existing = set(Organisatie.objects.values_list("cbs_code", flat=True))
    Organisatie.objects.bulk_create(
        [
            Organisatie(naam=f"Gemeente {g.naam}", type=OrganisatieType.GEMEENTE, cbs_code=g.cbs_code)
            for g in Gemeente.objects.filter(jaar=2026)
            if g.cbs_code not in existing
        ],
        ignore_conflicts=True,
    )
    gemeenten = list(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).values_list("id", "cbs_code"))
    rng = random.Random(42)
    now = timezone.now()
    statuses = Status.values
    sectors, herkomsten, uitkomsten = Sector.values, Herkomst.values, Uitkomst.values
    sig_cols = [
        "referentie",
        "gemeente_id",
        "melder_id",
        "wat",
        "waar",
        "wanneer",
        "vorm_seksueel",
        "vorm_arbeid",
        "vorm_crimineel",
        "vorm_orgaan",
        "vorm_onbekend",
        "sector",
        "herkomst",
        "acuut",
        "indicatoren",
        "status",
        "status_sinds",
        "hoogste_stap",
        "overleg",
        "uitkomst",
        "ander_fenomeen",
        "terugkoppeling",
        "terugkoppeling_op",
        "aangemaakt_op",
        "afgesloten_op",
    ]
    stat_cols = [
        "signaal_id",
        "gemeente_code",
        "maand",
        "vorm_seksueel",
        "vorm_arbeid",
        "vorm_crimineel",
        "vorm_orgaan",
        "vorm_onbekend",
        "sector",
        "herkomst",
        "acuut",
        "hoogste_stap",
        "uitkomst",
        "doorlooptijd_dagen",
        "verwijderd_op",
    ]
    with connection.cursor() as c:
        c.execute("SELECT COALESCE(MAX(id), 0) FROM meldroute_signaal")
        start_id = c.fetchone()[0] + 1
    sig_rows, stat_rows = [], []
    for i in range(aantal):
        pk = start_id + i
        gid, code = gemeenten[rng.randrange(len(gemeenten))]
        created = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        status = rng.choice(statuses)
        vormen = [rng.random() < p for p in (0.3, 0.5, 0.2, 0.01, 0.1)]
        sector, herkomst, acuut = rng.choice(sectors), rng.choice(herkomsten), rng.random() < 0.05
        closed = created + timedelta(days=rng.randrange(1, 200)) if status == Status.AFGESLOTEN else None
        uitkomst = rng.choice(uitkomsten) if closed else ""
        stap = STAP[status]
        sig_rows.append(
            [
                f"MH-B-{pk:08d}",
                gid,
                None,
                "Synthetisch signaal voor de benchmark.",
                "",
                created.date(),
                *vormen,
                sector,
                herkomst,
                acuut,
                "[]",
                status,
                created,
                stap,
                "",
                uitkomst,
                "",
                "",
                None,
                created,
                closed,
            ]
        )
        stat_rows.append(
            [
                pk,
                code,
                created.date().replace(day=1),
                *vormen,
                sector,
                herkomst,
                acuut,
                stap,
                uitkomst,
                (closed - created).days if closed else None,
                None,
            ]
        )
    _insert("meldroute_signaal", ["id", *sig_cols], [[start_id + i, *r] for i, r in enumerate(sig_rows)])
    _insert("meldroute_signaalstatistiek", stat_cols, stat_rows)
    # COPY passes the models by, so the counts the figures read are rebuilt from the rows
    tellingen_herbouwen()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT setval(pg_get_serial_sequence('meldroute_signaal', 'id'), "
                "(SELECT MAX(id) FROM meldroute_signaal))"
            )
            c.execute("ANALYZE meldroute_signaal")
            c.execute("ANALYZE meldroute_signaalstatistiek")
            c.execute("ANALYZE meldroute_signaaltelling")
        else:
            c.execute("ANALYZE")
    return time.perf_counter() - t0


def _insert(table: str, cols: list[str], rows: list[list]) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        raw = connection.connection  # psycopg 3: COPY is the fast path for bulk loads
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(cols))
    with connection.cursor() as c:
        for start in range(0, len(rows), 5000):
            c.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({placeholders})", rows[start : start + 5000]
            )


def measure(label: str, client, path: str, repeat: int, cold: bool = False) -> tuple[float, float]:
    from django.core.cache import cache

    for _ in range(3):
        client.get(path)  # warm-up
    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()  # recompute every time (sessions fall back to the database)
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"  {label:44} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={repeat})")
    return statistics.median(times), p95


def logged_in(username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from kompas.accounts.models import User

    user = User.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client


def run(db: str, aantal: int, hergebruik: bool = False, alleen_vullen: bool = False) -> None:
    env, leeg = prepare(db, hergebruik)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")})
    import django

    django.setup()
    from django.db import connection

    from kompas.accounts.models import Organisatie
    from kompas.meldroute.models import Signaal, SignaalTelling, tellingen_controleren

    hoorn = Organisatie.objects.get(cbs_code="GM0405")
    if leeg:
        seconds = generate(aantal)
        print(
            f"\n{db}: {Signaal.objects.count():,} signals generated in {seconds:.0f} s; "
            f"Hoorn has {Signaal.objects.filter(gemeente=hoorn).count():,}"
        )
    else:
        print(
            f"\n{db}: reusing the database filled earlier: {Signaal.objects.count():,} signals; "
            f"Hoorn has {Signaal.objects.filter(gemeente=hoorn).count():,}"
        )
    t0 = time.perf_counter()
    verschil = tellingen_controleren()
    print(
        f"  maintained counts (SignaalTelling, {SignaalTelling.objects.count():,} rows) against a fresh computation: "
        f"{len(verschil)} differences ({time.perf_counter() - t0:.1f} s)"
    )
    assert not verschil, list(verschil.items())[:5]
    if alleen_vullen:
        connection.close()
        return
    af, analist = logged_in("aandachtsfunctionaris"), logged_in("analist")
    inbox = measure("inbox of one gemeente (page 1, 50 rows)", af, "/meldroute/signalen/", 50)
    measure("inbox filtered (vorm=arbeid, te laat)", af, "/meldroute/signalen/?vorm=arbeid&te_laat=on", 30)
    measure("figures of one gemeente", af, "/meldroute/cijfers/", 30)
    national = measure("national figures page, computed (cache emptied)", analist, "/meldroute/cijfers/", 20, cold=True)
    measure("national figures page, cached (5 min)", analist, "/meldroute/cijfers/", 20)
    print(
        f"  targets: inbox p95 < {DOEL_INBOX_MS} ms ({'met' if inbox[1] < DOEL_INBOX_MS else 'NOT met'}), "
        f"national figures computed p95 < {DOEL_LANDELIJK_MS} ms "
        f"({'met' if national[1] < DOEL_LANDELIJK_MS else 'NOT met'})"
    )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--aantal", type=int, help="number of signals (default: 1,000,000 PostgreSQL, 100,000 SQLite)")
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="keep the database an earlier run filled (only migrate it) and measure",
    )
    parser.add_argument(
        "--alleen-vullen", action="store_true", help="fill the database and stop (measure later with --hergebruik)"
    )
    args = parser.parse_args()
    targets = ["postgres", "sqlite"] if args.db == "both" else [args.db]
    if len(targets) > 1:  # Django's settings are process-wide: one database per process
        for db in targets:
            cmd = [sys.executable, __file__, "--db", db] + (["--aantal", str(args.aantal)] if args.aantal else [])
            cmd += ["--hergebruik"] * args.hergebruik + ["--alleen-vullen"] * args.alleen_vullen
            subprocess.run(cmd, check=True)
        return
    db = targets[0]
    run(db, args.aantal or (1_000_000 if db == "postgres" else 100_000), args.hergebruik, args.alleen_vullen)


if __name__ == "__main__":
    main()
