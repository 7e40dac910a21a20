"""Page latency under load: the login page, every role's dashboard and each role's main
working pages (inbox, signal case file, zelfscan step, figures pages with charts, kennisbank
search, monitor overview, audit search, zorg caseload), beside a bare Django view measured in
the same run, at N concurrent clients for D seconds each.

The demo is filled to realistic volumes first (``vullen``): 30,000 signals over all gemeenten
(about 90 in the demo gemeente), 300 more kennisbank articles, 100,000 audit rows of the demo
gemeente and 200 zorg trajecten of the demo zorgcoördinatie.

    .venv/bin/python bench/pages.py                       # SQLite and PostgreSQL, 10 clients, 20 s
    .venv/bin/python bench/pages.py --db sqlite --duration 5
    .venv/bin/python bench/pages.py --db sqlite --hergebruik --alleen inbox --alleen "signal case"

Runs gunicorn (2 workers × 5 threads, production-like settings in bench/settings.py) on a
free port on 127.0.0.1 and prints median and p95 per page and the ratio to the bare view.
Each page gets a short unmeasured warm-up first, so the figures are steady state.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BARE = "/bench/bare/"
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db: str) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompas_bench")
    return env


def pg_name(env: dict[str, str]) -> str:
    return env["DATABASE_URL"].rsplit("/", 1)[1]


def prepare(db: str, env: dict[str, str]) -> dict[str, str]:
    """A fresh database with the demo filled to realistic volumes; returns the paths of the
    working pages (they hold primary keys of the filled data)."""
    if db == "postgres":
        name = pg_name(env)
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            (ROOT / "var" / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    for args in (["migrate", "-v0"], ["regio", "laad"], ["demo", "--stil"]):
        subprocess.run([str(BIN / "kompas"), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [sys.executable, __file__, "--_vullen"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def vullen() -> dict[str, str]:
    """Realistic volumes on top of the demo (run in a child process against its database)."""
    import random
    from datetime import timedelta

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench.meldroute import _insert, generate
    from kompas.accounts.models import Organisatie, User
    from kompas.audit.models import Actie
    from kompas.core.schrijven import SYSTEEM
    from kompas.kennisbank.models import Artikel
    from kompas.kennisbank.services import opslaan
    from kompas.zorg.constants import Fase
    from kompas.zorg.models import Traject

    rng = random.Random(14)  # noqa: S311 - invented data
    generate(30_000)
    bron = list(Artikel.objects.all())
    for i in range(300):
        a, b = rng.sample(bron, 2)
        opslaan(
            artikel=Artikel(
                slug=f"synthetisch-{i}",
                titel=f"{a.titel} en {b.onderwerp.lower()} ({i})",
                samenvatting=a.samenvatting,
                bouwsteen=b.bouwsteen,
                onderwerp=b.onderwerp,
                bronnen=a.bronnen,
                rollen=a.rollen,
                inhoud=f"{a.inhoud}\n\n{b.inhoud}",
            ),
            publiceren=True,
            actor=SYSTEEM,
        )
    hoorn = Organisatie.objects.get(cbs_code="GM0405")
    leden = list(User.objects.filter(lidmaatschappen__organisatie=hoorn).values_list("id", "username"))
    now = timezone.now()
    acties = Actie.values
    rows = []
    for i in range(100_000):
        uid, naam = leden[rng.randrange(len(leden))]
        rows.append(
            [
                now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                uid,
                naam,
                hoorn.pk,
                hoorn.naam,
                rng.choice(acties),
                "meldroute.signaal",
                str(rng.randrange(1, 5000)),
                f"signaal {i}",
                "",
                None,
                "{}",
            ]
        )
    _insert(
        "audit_auditentry",
        [
            "tijdstip",
            "user_id",
            "user_repr",
            "organisatie_id",
            "organisatie_repr",
            "actie",
            "object_type",
            "object_id",
            "object_repr",
            "doel",
            "ip_adres",
            "details",
        ],
        rows,
    )
    zvh = Organisatie.objects.get(naam="Zorg- en Veiligheidshuis Noord-Holland Noord")
    fasen = Fase.values
    Traject.objects.bulk_create(
        [
            Traject(
                zorgorganisatie=zvh,
                clientcode=f"B-{i:05d}",
                fase=rng.choice(fasen),
                fase_sinds=now - timedelta(days=rng.randrange(400)),
                acuut=rng.random() < 0.05,
                gemeente_code="GM0405",
                aangemaakt_op=now - timedelta(days=rng.randrange(400, 800)),
            )
            for i in range(200)
        ]
    )
    # zelfscans: every gemeente of the region scanned twice, Hoorn with a third scan open
    from kompas.accounts.models import Organisatie
    from kompas.regio.models import Regio
    from kompas.regio.selectors import gemeenten_in_regio
    from kompas.zelfscan.definitie import ITEMS
    from kompas.zelfscan.models import Zelfscan
    from kompas.zelfscan.services import GELDIG

    # filled as rows (the services act for one gemeente's user each; the bench fills them all)
    keuzes = sorted(GELDIG)
    orgs = {o.cbs_code: o for o in Organisatie.objects.exclude(cbs_code="")}
    for code, naam in gemeenten_in_regio(Regio.objects.get(code="ZVH-NHN")).values_list("cbs_code", "naam"):
        for _ in range(2):
            Zelfscan.objects.create(
                organisatie=orgs.get(code),
                cbs_code=code,
                gemeente_naam=naam,
                antwoorden={i.code: rng.choice(keuzes) for i in ITEMS},
                status=Zelfscan.Status.AFGEROND,
                afgerond_op=timezone.now(),
            )
    Zelfscan.objects.create(organisatie=orgs.get("GM0405"), cbs_code="GM0405", gemeente_naam="Hoorn")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return paden()


def paden() -> dict[str, str]:
    """The paths of the working pages in the filled database (they hold primary keys)."""
    from kompas.accounts.models import Organisatie
    from kompas.core.bouwstenen import Bouwsteen
    from kompas.meldroute.models import Signaal
    from kompas.monitor.models import Meting
    from kompas.zelfscan.models import Zelfscan

    hoorn = Organisatie.objects.get(cbs_code="GM0405")
    signaal = (
        Signaal.objects.filter(gemeente=hoorn).exclude(melder=None).order_by("-id").first()
        or Signaal.objects.filter(gemeente=hoorn).first()
    )
    scan = Zelfscan.objects.filter(cbs_code="GM0405", status=Zelfscan.Status.CONCEPT).order_by("-id").first()
    afgerond = Zelfscan.objects.filter(cbs_code="GM0405", status=Zelfscan.Status.AFGEROND).order_by("-id").first()
    meting = Meting.objects.order_by("jaar").first()
    return {
        "signaal": f"/meldroute/signalen/{signaal.pk}/",
        "stap": f"/zelfscan/{scan.pk}/stap/{Bouwsteen.values[2]}/",
        "resultaat": f"/zelfscan/{(afgerond or scan).pk}/resultaat/",
        "meting": f"/monitor/{meting.code}/",
        "mijn_meting": f"/monitor/onze-resultaten/{meting.code}/",
    }


def werkpaginas(paden: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, demo user, path) of each role's main working pages."""
    return [
        ("inbox", "aandachtsfunctionaris", "/meldroute/signalen/"),
        ("signal case file", "aandachtsfunctionaris", paden["signaal"]),
        ("meldroute figures (gemeente)", "aandachtsfunctionaris", "/meldroute/cijfers/"),
        ("melden (form)", "medewerker", "/meldroute/melden/"),
        ("zelfscan step", "beleidsadviseur", paden["stap"]),
        ("zelfscan result (charts)", "beleidsadviseur", paden["resultaat"]),
        ("kennisbank search", "beleidsadviseur", "/kennisbank/?q=loverboy"),
        ("monitor onze resultaten (charts)", "beleidsadviseur", paden["mijn_meting"]),
        ("audit search", "privacy", "/audit/?actie=view"),
        ("zorg caseload", "zorgcoordinator", "/zorg/"),
        ("meldroute figures (regio)", "ketenregisseur", "/meldroute/cijfers/"),
        ("zelfscan regio", "ketenregisseur", "/zelfscan/regio/"),
        ("monitor regio", "ketenregisseur", "/monitor/regio/"),
        ("monitor overview", "analist", "/monitor/"),
        ("monitor wave", "analist", paden["meting"]),
        ("meldroute figures (national)", "analist", "/meldroute/cijfers/"),
        ("kennisbank redactie", "redacteur", "/kennisbank/redactie/"),
    ]


def totp_code() -> str:
    from django_otp.oath import totp

    from kompas.accounts.demo import DEMO_TOTP_KEY_HEX

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"


def csrf(client: httpx.Client, url: str) -> str:
    html = client.get(url).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def logged_in_cookies(base: str, username: str) -> httpx.Cookies:
    from kompas.accounts.demo import DEMO_PASSWORD

    with httpx.Client(base_url=base, follow_redirects=True) as c:
        token = csrf(c, "/inloggen/")
        r = c.post("/inloggen/", data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
        assert "/inloggen/verificatie/" in str(r.url), f"login {username} failed: {r.url}"
        token = csrf(c, str(r.url))
        r = c.post(str(r.url), data={"token": totp_code(), "csrfmiddlewaretoken": token})
        assert str(r.url).endswith("/overzicht/"), f"TOTP {username} failed: {r.url}"
        return c.cookies


def load(
    base: str, path: str, cookies: httpx.Cookies | None, clients: int, duration: float
) -> tuple[list[float], list[float]]:
    """Closed-loop load: each client alternates a request for ``path`` with one for the bare
    view, so both are measured under exactly the same conditions (the machine is noisy).

    A lean client: one keep-alive connection per client and a fixed Cookie header (none for
    the bare view), so client-side costs are the same for every page."""
    deadline = time.perf_counter() + duration
    host, port = base.removeprefix("http://").split(":")
    page_headers = {"Host": f"{host}:{port}"}
    bare_headers = dict(page_headers)
    if cookies:
        page_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())

    def worker() -> tuple[list[float], list[float]]:
        page_times: list[float] = []
        bare_times: list[float] = []
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            while time.perf_counter() < deadline:
                for target, headers, times in ((path, page_headers, page_times), (BARE, bare_headers, bare_times)):
                    t0 = time.perf_counter()
                    conn.request("GET", target, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    times.append(time.perf_counter() - t0)
                    if response.status != 200:
                        raise RuntimeError(f"{target}: HTTP {response.status}")
        finally:
            conn.close()
        return page_times, bare_times

    with ThreadPoolExecutor(clients) as pool:
        results = [f.result() for f in [pool.submit(worker) for _ in range(clients)]]
    return [t for r in results for t in r[0]], [t for r in results for t in r[1]]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def run(db: str, clients: int, duration: float, *, hergebruik: bool = False, alleen: list[str] | None = None) -> None:
    env = env_for(db)
    if hergebruik:  # the database an earlier run filled: only migrated, its paths read again
        subprocess.run([str(BIN / "kompas"), "migrate", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
        out = subprocess.run(
            [sys.executable, __file__, "--_paden"], env=env, check=True, capture_output=True, text=True
        ).stdout
        paden = json.loads(out.strip().splitlines()[-1])
    else:
        paden = prepare(db, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "kompas.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "5",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}{BARE}")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        from kompas.accounts.demo import DEMO_USERS

        targets: list[tuple[str, str, httpx.Cookies | None]] = [("login page", "/inloggen/", None)]
        cookies = {username: logged_in_cookies(base, username) for username, _org in DEMO_USERS.values()}
        for rol, (username, _org) in DEMO_USERS.items():
            targets.append((f"dashboard {rol.value}", "/overzicht/", cookies[username]))
        for label, username, path in werkpaginas(paden):
            targets.append((f"{label} ({username})", path, cookies[username]))
        if alleen:
            targets = [t for t in targets if any(a in t[0] for a in alleen)]
        print(
            f"\n{db}: {clients} concurrent clients, {duration:.0f} s per page, each page interleaved with the bare view"
        )
        print(
            f"{'page':48} {'requests':>8} {'median ms':>9} {'p95 ms':>7} | {'bare median':>11} {'bare p95':>8} | "
            f"{'ratio p50':>9} {'ratio p95':>9}"
        )
        worst = (0.0, 0.0)
        for label, path, cookies in targets:
            load(base, path, cookies, clients, min(2.0, duration / 4))  # warm-up: connections, caches
            times, bare = load(base, path, cookies, clients, duration)
            med, high = statistics.median(times) * 1000, p95(times) * 1000
            bmed, bhigh = statistics.median(bare) * 1000, p95(bare) * 1000
            ratio = (med / bmed, high / bhigh)
            worst = (max(worst[0], ratio[0]), max(worst[1], ratio[1]))
            print(
                f"{label:48} {len(times):8d} {med:9.1f} {high:7.1f} | {bmed:11.1f} {bhigh:8.1f} | {ratio[0]:9.2f} "
                f"{ratio[1]:9.2f}"
            )
        print(f"worst ratio to the bare view: median {worst[0]:.2f}, p95 {worst[1]:.2f} (target ≤ 3)")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument(
        "--hergebruik", action="store_true", help="measure on the database an earlier run filled (no new fill)"
    )
    parser.add_argument(
        "--alleen", action="append", metavar="TEKST", help="only the pages whose label contains TEKST (repeatable)"
    )
    parser.add_argument("--_vullen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--_paden", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._vullen:
        print(json.dumps(vullen()))
        return
    if args._paden:
        import django

        django.setup()
        print(json.dumps(paden()))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(db, args.clients, args.duration, hergebruik=args.hergebruik, alleen=args.alleen)


if __name__ == "__main__":
    main()
