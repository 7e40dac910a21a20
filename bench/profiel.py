"""Where a working page spends its time: each page of ``bench/pages.py`` requested in this
process (no server, no other load), with its median time, its number of queries and its size;
``--profiel`` adds the functions that cost most; ``--bouwen`` turns the page cache off, so
every request builds its page (a first view, or one after any change to the data). Runs on
the database ``bench/pages.py`` filled (run that once first); a quick check while making a
page faster, not the measurement itself (that is ``bench/pages.py``).

    .venv/bin/python bench/profiel.py                      # every page, SQLite
    .venv/bin/python bench/profiel.py --alleen inbox --profiel
    .venv/bin/python bench/profiel.py --alleen caseload --queries
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompas_bench .venv/bin/python bench/profiel.py
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alleen", action="append", metavar="TEKST", help="only pages whose label contains TEKST")
    parser.add_argument("--keer", type=int, default=20, help="requests measured per page")
    parser.add_argument("--profiel", action="store_true", help="print the costliest functions per page")
    parser.add_argument("--queries", action="store_true", help="print the queries of one request per page")
    parser.add_argument(
        "--bouwen", action="store_true", help="build every page (page cache off): what a first view or a miss costs"
    )
    args = parser.parse_args()

    import django

    django.setup()
    if args.bouwen:
        from kompas.core import paginacache

        paginacache.sleutel = lambda view, request: None
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.pages import BARE, paden, werkpaginas
    from kompas.accounts.demo import DEMO_USERS
    from kompas.accounts.models import User

    clients: dict[str, Client] = {}

    def client(username: str | None) -> Client:
        if username not in clients:
            c = Client(HTTP_HOST="127.0.0.1")
            if username:
                user = User.objects.get(username=username)
                c.force_login(user)
                session = c.session
                session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user).first().persistent_id
                session.save()
            clients[username] = c
        return clients[username]

    targets = [("bare view", None, BARE)]
    targets += [(f"dashboard {rol.value}", username, "/overzicht/") for rol, (username, _o) in DEMO_USERS.items()]
    targets += [(f"{label} ({username})", username, path) for label, username, path in werkpaginas(paden())]
    if args.alleen:
        targets = [t for t in targets if any(a in t[0] for a in args.alleen)]
    print(f"{'page':56} {'median ms':>9} {'queries':>7} {'KB':>5}")
    for label, username, path in targets:
        c = client(username)
        for _ in range(3):  # warm: template cache, the app's caches
            response = c.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} for {path}")
        with CaptureQueriesContext(connection) as q:
            c.get(path)
        queries = list(q.captured_queries)  # the next request's start empties the log
        tijden = []
        for _ in range(args.keer):
            t0 = time.perf_counter()
            c.get(path)
            tijden.append((time.perf_counter() - t0) * 1000)
        kb = len(response.content) // 1024
        print(f"{label:56} {statistics.median(tijden):9.1f} {len(queries):7d} {kb:5d}", flush=True)
        if args.queries:
            for query in queries:
                print(f"    {query['sql'][:220]}")
        if args.profiel:
            profiel = cProfile.Profile()
            profiel.enable()
            for _ in range(10):
                c.get(path)
            profiel.disable()
            pstats.Stats(profiel).sort_stats(os.environ.get("SORT", "tottime")).print_stats(
                int(os.environ.get("N", "25"))
            )


if __name__ == "__main__":
    main()
