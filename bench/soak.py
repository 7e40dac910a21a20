"""Soak test: Kompas as it runs in production — PostgreSQL, gunicorn (3 workers × 4 threads),
the task worker and the planner, all started here on 127.0.0.1 — under N virtual users with
real logins (password and TOTP) doing mixed journeys for a given time, then a consistency check.

    .venv/bin/python bench/soak.py --duration 60 --users 10                  # a short run
    .venv/bin/python bench/soak.py --duration 480 --users 50 --kill-worker --terminate-backends

Journeys (each virtual user one role, in a loop until the time is up):
- melder (medewerker of a demo gemeente): report through the form or the API (alternately),
  then read the own signal's status (page or API);
- aandachtsfunctionaris: the inbox with a filter (the search of the inbox), then the next step
  of one signal it took from its gemeente's reports: read it (audited), add an enrichment and
  take it through verrijken → riec_inbrengen → terugkoppelen → afsluiten, alternately through
  the form and the API; every signal is handled by exactly one of them, so no step is refused
  for a good reason;
- beleidsadviseur: the zelfscan (start or resume, open a step, save the step's statements),
  the figures page and a search of the kennisbank;
- respondent (no account): the monitor survey on a public link, two colleagues per link, each
  saving their own pages;
- analist: the monitor pages (waves, a wave, cleaning, report, invitations, import).

Faults (once each, with --kill-worker / --terminate-backends): SIGKILL of one gunicorn worker
at a third of the run, pg_terminate_backend of every backend of the database at two thirds.

Then the consistency check against the database: every report the server confirmed is stored
exactly once, no two signals share a reference, every confirmed step is in the signal's
history, every confirmed read of a signal is in the audit log, every confirmed survey answer is
stored. Printed: requests, errors by status, valid input refused, lost, p50/p95/p99 per step.
Target: 0 responses >= 500, 0 valid input refused, 0 lost. Bounded: --duration and
--max-requests; it stops by itself and stops what it started.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

GEMEENTEN = [
    ("GM0405", "Gemeente Hoorn"),
    ("GM0388", "Gemeente Enkhuizen"),
    ("GM0420", "Gemeente Medemblik"),
    ("GM0361", "Gemeente Alkmaar"),
]
ZOEKTERMEN = ["arbeidsuitbuiting", "signalen", "zorgcoördinatie", "aandachtsfunctionaris", "prostitutie", "RIEC"]


# --- the server side: database, gunicorn, worker, planner ----------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db: str) -> dict[str, str]:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=f"{ROOT}:{ROOT / 'src'}",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        # the mails are sent by the worker as usual, into memory: no mail server here
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAtc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(db: str, env: dict[str, str]) -> None:
    psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(f"CREATE DATABASE {db}")
    for args in (["migrate", "-v0"], ["regio", "laad"], ["kennisbank", "laad"], ["demo", "--stil"]):
        subprocess.run([str(BIN / "kompas"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def users_and_links(n_users: int) -> dict:
    """The soak's own users (one per virtual user, like the demo users: password and the demo
    TOTP key, in the demo organisations), the survey links and who plays what."""
    from django.db import connections

    from kompas.accounts import services
    from kompas.accounts.constants import Rol
    from kompas.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
    from kompas.accounts.models import Organisatie
    from kompas.core.schrijven import SYSTEEM
    from kompas.monitor.models import Meting, Uitnodiging

    orgs = {o.naam: o for o in Organisatie.objects.all()}
    verdeling = [("melder", 0.32), ("af", 0.24), ("beleid", 0.16), ("respondent", 0.16), ("analist", 0.12)]
    rollen: list[str] = []
    for rol, deel in verdeling:
        rollen += [rol] * max(1, round(n_users * deel))
    rollen = (rollen * 2)[:n_users] if len(rollen) < n_users else rollen[:n_users]
    plan = []
    tellers = collections.Counter()
    huidig = Meting.objects.filter(open_tot__isnull=False).order_by("-jaar").first()
    tokens = [
        u.token
        for u in Uitnodiging.objects.filter(meting=huidig, vragenlijst__doelgroep="gemeente").order_by(
            "organisatie_code"
        )
    ]
    for i, rol in enumerate(rollen):
        tellers[rol] += 1
        nr = tellers[rol]
        if rol == "respondent":
            # two colleagues per link: the odd pages for one, the even pages for the other
            plan.append({"rol": rol, "token": tokens[(nr - 1) // 2], "pariteit": (nr - 1) % 2})
            continue
        code, naam = GEMEENTEN[(nr - 1) % len(GEMEENTEN)]
        rolwaarde, org = {
            "melder": (Rol.MEDEWERKER, naam),
            "af": (Rol.AANDACHTSFUNCTIONARIS, naam),
            "beleid": (Rol.BELEIDSADVISEUR, naam),
            "analist": (Rol.ANALIST, "VNG"),
        }[rol]
        username = f"soak-{rol}-{nr:02d}"
        services.demo_gebruiker_inrichten(
            actor=SYSTEEM,
            username=username,
            email=f"{username}@demo.kompas.example",
            first_name=rol,
            rol=rolwaarde,
            organisatie=orgs[org],
            password=DEMO_PASSWORD,
            totp_key=DEMO_TOTP_KEY_HEX,
        )
        plan.append({"rol": rol, "username": username, "gemeente": code, "index": i})
    # each aandachtsfunctionaris of a gemeente handles its share of that gemeente's signals
    per_gemeente = collections.defaultdict(list)
    for p in plan:
        if p["rol"] == "af":
            per_gemeente[p["gemeente"]].append(p)
    for afs in per_gemeente.values():
        for j, p in enumerate(afs):
            p["deel"], p["delen"] = j, len(afs)
    connections.close_all()
    return {"plan": plan, "meting": huidig.code if huidig else ""}


class Server:
    """gunicorn, the task worker and the planner as docs/deploy.md runs them."""

    def __init__(self, env: dict[str, str], port: int, logdir: Path):
        self.env, self.port, self.logdir = env, port, logdir
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        self.logdir.mkdir(parents=True, exist_ok=True)
        cmds = {
            "gunicorn": [
                str(BIN / "gunicorn"),
                "kompas.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "3",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            "werker": [str(BIN / "kompas"), "werker", "--interval", "1"],
            "planner": [str(BIN / "kompas"), "planner", "--interval", "30"],
        }
        for naam, cmd in cmds.items():
            log = open(self.logdir / f"{naam}.log", "w")  # noqa: SIM115 - closed with the process
            self.procs[naam] = subprocess.Popen(
                cmd, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/inloggen/", timeout=5)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see " + str(self.logdir / "gunicorn.log"))

    def gunicorn_workers(self) -> list[int]:
        master = self.procs["gunicorn"].pid
        uit = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
        return [int(p) for p in uit.split()]

    def kill_one_worker(self) -> int:
        pid = random.choice(self.gunicorn_workers())
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


# --- the client side ---------------------------------------------------------------------


class Formulier(HTMLParser):
    """The forms of a page: action, method and fields (name → list of (type, value, checked))."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(), "velden": []}
            )
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self.forms[-1]["velden"].append((a["name"], a.get("type", "text"), a.get("value", ""), "checked" in a))
        elif tag == "textarea" and a.get("name"):
            self.forms[-1]["velden"].append((a["name"], "textarea", "", False))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self.forms[-1]["velden"].append((self._select, "option", a["value"], False))
            self._select = None  # the first real option is enough

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def formulieren(html: str) -> list[dict]:
    p = Formulier()
    p.feed(html)
    return p.forms


def csrf_uit(html: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return m.group(1) if m else ""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.tijden: dict[str, list[float]] = collections.defaultdict(list)
        self.status = collections.Counter()
        self.fouten: list[str] = []
        self.geweigerd: list[str] = []
        self.aantal = 0
        # what the server confirmed, for the consistency check
        self.signalen: list[tuple[int, str]] = []  # (pk, how)
        self.transities: list[tuple[int, str]] = []  # (signal pk, transition)
        self.verrijkingen: list[int] = []
        self.gelezen: collections.Counter = collections.Counter()  # (username, signal pk) → confirmed reads
        self.antwoorden: list[tuple[str, str, object]] = []  # (token, field, value)
        self.fouten_voorbeelden: dict[int, list[str]] = collections.defaultdict(list)
        self.begin = time.monotonic()

    def noteer(self, stap: str, status: int, duur: float, url: str, tekst: str = "") -> None:
        with self.lock:
            self.aantal += 1
            self.tijden[stap].append(duur)
            self.status[status] += 1
            if status >= 500 or status == 0:  # when, to tell the faults' errors from others
                self.fouten_voorbeelden[status].append(
                    f"{time.monotonic() - self.begin:6.1f} s {stap} {url} {tekst[:200]}"
                )

    def weiger(self, wat: str) -> None:
        with self.lock:
            self.geweigerd.append(wat)


class Gebruiker:
    """One virtual user: an httpx session, a login with password and TOTP, and a journey."""

    def __init__(self, base: str, plan: dict, stats: Stats, shared: dict, stop: threading.Event, rng: random.Random):
        self.base, self.plan, self.stats, self.shared, self.stop, self.rng = base, plan, stats, shared, stop, rng
        self.c = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        self.bezig: list[dict] = []  # an aandachtsfunctionaris's signals in progress
        self.n = 0

    # one request, measured; 0 is a transport error (connection reset, timeout)
    def req(self, stap: str, method: str, url: str, **kw) -> httpx.Response | None:
        if self.stats.aantal >= self.shared["max_requests"] or self.stop.is_set():
            self.stop.set()
            return None
        t0 = time.perf_counter()
        try:
            r = self.c.request(method, url, **kw)
        except httpx.TransportError as exc:
            self.stats.noteer(stap, 0, time.perf_counter() - t0, url, repr(exc))
            return None
        self.stats.noteer(stap, r.status_code, time.perf_counter() - t0, url, r.text if r.status_code >= 500 else "")
        return r

    def get_html(self, stap: str, url: str) -> str:
        r = self.req(stap, "GET", url)
        return r.text if r is not None and r.status_code == 200 else ""

    def post_form(self, stap: str, url: str, data: dict, pagina: str | None = None, **kw) -> httpx.Response | None:
        token = csrf_uit(pagina) if pagina else self.c.cookies.get("csrftoken", "")
        return self.req(
            stap, "POST", url, data={**data, "csrfmiddlewaretoken": token}, headers={"Referer": self.base + url}, **kw
        )

    def api(self, stap: str, method: str, url: str, body: dict | None = None) -> httpx.Response | None:
        headers = {
            "X-CSRFToken": self.c.cookies.get("csrftoken", ""),
            "Referer": self.base + url,
            "Accept": "application/json",
        }
        return (
            self.req(stap, method, url, json=body, headers=headers)
            if body is not None
            else self.req(stap, method, url, headers=headers)
        )

    def login(self) -> bool:
        from django_otp.oath import totp

        from kompas.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX

        self.c.cookies.clear()
        pagina = self.get_html("login", "/inloggen/")
        r = self.post_form(
            "login", "/inloggen/", {"username": self.plan["username"], "password": DEMO_PASSWORD}, pagina
        )
        if r is None or r.status_code != 302 or "verificatie" not in r.headers.get("location", ""):
            return False
        pagina = self.get_html("login", "/inloggen/verificatie/")
        r = self.post_form(
            "login", "/inloggen/verificatie/", {"token": f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}"}, pagina
        )
        return r is not None and r.status_code == 302 and "inloggen" not in r.headers.get("location", "")

    def draai(self) -> None:
        rol = self.plan["rol"]
        try:
            if rol != "respondent":
                for _ in range(5):
                    if self.login():
                        break
                    time.sleep(self.rng.uniform(1, 3))
                else:
                    self.stats.weiger(f"login {self.plan['username']} mislukt")
                    return
            reis = getattr(self, f"reis_{rol}")
            while not self.stop.is_set():
                self.n += 1
                reis()
                self.stop.wait(self.rng.uniform(0.2, 1.0))  # think time
        finally:
            self.c.close()

    # -- melder: report through the form or the API, then read its status
    def reis_melder(self) -> None:
        from django.utils import timezone

        vandaag = timezone.localdate()
        data = {
            "wat": f"Soak {self.plan['username']} ronde {self.n}: busje haalt elke ochtend mensen op.",
            "waar": "Industrieterrein",
            "vormen": self.rng.sample(["arbeid", "seksueel", "crimineel"], 1),
            "sector": self.rng.choice(["agrarisch", "bouw", "horeca"]),
            "herkomst": "balie",
        }
        if self.n % 2:
            pagina = self.get_html("melden: formulier", "/meldroute/melden/")
            if not pagina:
                return
            r = self.post_form(
                "melden: versturen (formulier)",
                "/meldroute/melden/",
                {**data, "wanneer": vandaag.strftime("%d-%m-%Y")},
                pagina,
            )
            if r is None or r.status_code >= 500:
                return
            m = re.search(r"/meldroute/mijn/(\d+)/", r.headers.get("location", ""))
            if r.status_code != 302 or not m:
                self.stats.weiger(f"melden (formulier) {r.status_code}: {_fout(r.text)}")
                return
            pk = int(m.group(1))
            self.bevestigd(pk, "formulier")
            if self.get_html("melden: status lezen (pagina)", f"/meldroute/mijn/{pk}/"):
                self.stats.gelezen[("melder-" + self.plan["username"], pk)] += 1
        else:
            if not self.c.cookies.get("csrftoken"):
                self.get_html("melden: formulier", "/meldroute/melden/")
            r = self.api(
                "melden: versturen (API)", "POST", "/api/v1/signalen/", {**data, "wanneer": vandaag.isoformat()}
            )
            if r is None or r.status_code >= 500:
                return
            if r.status_code != 201:
                self.stats.weiger(f"melden (API) {r.status_code}: {r.text[:200]}")
                return
            pk = r.json()["id"]
            self.bevestigd(pk, "api")
            r = self.api("melden: status lezen (API)", "GET", f"/api/v1/mijn-signalen/{pk}/")
            if r is not None and r.status_code == 200:
                self.stats.gelezen[("melder-" + self.plan["username"], pk)] += 1

    def bevestigd(self, pk: int, hoe: str) -> None:
        with self.stats.lock:
            self.stats.signalen.append((pk, hoe))
        self.shared["wachtrij"][self.plan["gemeente"]].append(pk)

    # -- aandachtsfunctionaris: inbox (search), read, enrich, the route
    def reis_af(self) -> None:
        filt = self.rng.choice(
            ["", "?status=ontvangen", "?vorm=arbeid", "?sector=bouw", "?te_laat=on", "?status=verrijkt&sector=horeca"]
        )
        self.get_html("inbox (zoeken en filteren)", f"/meldroute/signalen/{filt}")
        if not self.bezig:
            rij = self.shared["wachtrij"][self.plan["gemeente"]]
            mijn = [pk for pk in list(rij) if pk % self.plan["delen"] == self.plan["deel"]]
            for pk in mijn[:2]:
                try:
                    rij.remove(pk)
                except ValueError:
                    continue
                self.bezig.append({"pk": pk, "stap": 0})
        if not self.bezig:
            return
        s = self.bezig[0]
        pk = s["pk"]
        via_api = (pk + s["stap"]) % 2 == 0
        if via_api:
            r = self.api("dossier lezen (API)", "GET", f"/api/v1/signalen/{pk}/")
            gelezen = r is not None and r.status_code == 200
        else:
            gelezen = bool(self.get_html("dossier lezen (pagina)", f"/meldroute/signalen/{pk}/"))
        if not gelezen:
            return
        self.stats.gelezen[(self.plan["username"], pk)] += 1
        route = [
            ("verrijking", {"bron": "kvk", "grondslag": "Handelsregisterwet", "tekst": "Uitzendbureau sinds 2025"}),
            ("verrijken", {"reden": "KvK bekeken"}),
            ("riec_inbrengen", {"reden": "Vermoeden mensenhandel"}),
            ("terugkoppelen", {"reden": "RIEC pakt op", "terugkoppeling": "Opgepakt door partners."}),
            ("afsluiten", {"reden": "klaar", "uitkomst": "doorgezet"}),
        ]
        naam, data = route[s["stap"]]
        if naam == "verrijking":
            r = self.post_form("verrijken (formulier)", f"/meldroute/signalen/{pk}/verrijken/", data)
            ok = r is not None and r.status_code == 302
            if ok:
                with self.stats.lock:
                    self.stats.verrijkingen.append(pk)
        elif via_api:
            r = self.api(
                f"stap {naam} (API)", "POST", f"/api/v1/signalen/{pk}/transities/", {"transitie": naam, **data}
            )
            ok = r is not None and r.status_code == 200
        else:
            r = self.post_form(
                f"stap {naam} (formulier)", f"/meldroute/signalen/{pk}/stap/", {"transitie": naam, **data}
            )
            ok = (
                r is not None and r.status_code == 302 and f"/meldroute/signalen/{pk}/" in r.headers.get("location", "")
            )
        if r is None or r.status_code >= 500:
            return  # counted as an error; tried again next round
        if not ok:
            self.stats.weiger(f"{naam} op signaal {pk} {r.status_code}: {_fout(r.text)}")
            self.bezig.pop(0)
            return
        if naam != "verrijking":
            with self.stats.lock:
                self.stats.transities.append((pk, naam))
        s["stap"] += 1
        if s["stap"] == len(route):
            self.bezig.pop(0)

    # -- beleidsadviseur: zelfscan, figures, kennisbank search
    def reis_beleid(self) -> None:
        keuze = self.n % 3
        if keuze == 0:
            pagina = self.get_html("zelfscan: overzicht", "/zelfscan/")
            if not pagina:
                return
            r = self.post_form("zelfscan: starten of verder", "/zelfscan/", {}, pagina)
            if r is None or r.status_code != 302:
                return
            r = self.req("zelfscan: verder", "GET", r.headers["location"])
            if r is None or r.status_code != 302:
                return
            url = r.headers["location"]
            if "/stap/" not in url:
                return
            pagina = self.get_html("zelfscan: stap", url)
            form = next(
                (f for f in formulieren(pagina) if f["method"] == "post" and any(v[1] == "radio" for v in f["velden"])),
                None,
            )
            if not form:
                return
            data = {}
            for naam, soort, waarde, _c in form["velden"]:
                if soort == "radio" and naam not in data and self.rng.random() < 0.7:
                    data[naam] = waarde
            data["naar"] = "opslaan"
            r = self.post_form("zelfscan: stap opslaan", url, data, pagina)
            if r is not None and r.status_code < 500 and r.status_code != 302:
                self.stats.weiger(f"zelfscan stap {r.status_code}: {_fout(r.text)}")
        elif keuze == 1:
            self.get_html("cijfers", "/meldroute/cijfers/")
        else:
            self.get_html("kennisbank zoeken", f"/kennisbank/?q={self.rng.choice(ZOEKTERMEN)}")

    # -- respondent: the survey on its public link, its own pages
    def reis_respondent(self) -> None:
        token = self.plan["token"]
        if not self.get_html("vragenlijst: start", f"/monitor/invullen/{token}/"):
            return
        if not hasattr(self, "paginas"):  # how many pages: "Voortgang: x van N onderdelen"
            m = re.search(
                r"van (\d+) onderdelen", self.get_html("vragenlijst: pagina", f"/monitor/invullen/{token}/stap/1/")
            )
            self.paginas = int(m.group(1)) if m else 1
        eigen = [n for n in range(1, self.paginas + 1) if n % 2 == self.plan["pariteit"]] or [1]
        nummer = eigen[self.n % len(eigen)]
        url = f"/monitor/invullen/{token}/stap/{nummer}/"
        pagina = self.get_html("vragenlijst: pagina", url)
        form = next((f for f in formulieren(pagina) if f["method"] == "post"), None)
        if not form:
            return
        data: dict = {}
        gekozen = []
        for naam, soort, waarde, _c in form["velden"]:
            if naam in data or naam == "csrfmiddlewaretoken":
                continue
            if soort == "radio":
                data[naam] = waarde
                gekozen.append((naam, waarde))
            elif soort == "checkbox":
                data[naam] = [waarde]
                gekozen.append((naam, [waarde]))
        data["actie"] = "opslaan"
        r = self.post_form("vragenlijst: pagina opslaan", url, data, pagina)
        if r is None or r.status_code >= 500:
            return
        if r.status_code != 200 or "opgeslagen" not in r.text.lower():
            self.stats.weiger(f"vragenlijst pagina {nummer} {r.status_code}: {_fout(r.text)}")
            return
        with self.stats.lock:
            self.stats.antwoorden += [(token, naam, waarde) for naam, waarde in gekozen]

    # -- analist: the monitor pages
    def reis_analist(self) -> None:
        meting = self.shared["meting"]
        naam, pad = self.rng.choice(
            [
                ("metingen", ""),
                ("meting", f"{meting}/"),
                ("opschonen", "2021/opschonen/"),
                ("rapport", "2021/rapport/"),
                ("uitnodigingen", f"{meting}/uitnodigingen/"),
                ("inlezen", "2021/inlezen/"),
                ("coderen", "2021/coderen/"),
            ]
        )
        self.get_html(f"monitor: {naam}", f"/monitor/{pad}")


def _fout(html: str) -> str:
    """The first error message of a re-rendered form, for the report."""
    m = re.search(
        r'class="[^"]*(?:utrecht-form-field-error-message|errorlist|utrecht-alert--error)[^"]*"[^>]*>(.*?)</',
        html,
        re.S,
    )
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", m.group(1))).strip()[:200] if m else html[:120].replace("\n", " ")


# --- faults ------------------------------------------------------------------------------


def storingen(server: Server, db: str, duur: float, args, stop: threading.Event, log: list[str]) -> None:
    begin = time.monotonic()
    plan = []
    if args.kill_worker:
        plan.append((duur / 3, "kill"))
    if args.terminate_backends:
        plan.append((2 * duur / 3, "terminate"))
    for moment, wat in plan:
        if stop.wait(max(0.0, moment - (time.monotonic() - begin))):
            return
        if wat == "kill":
            pid = server.kill_one_worker()
            log.append(f"{time.monotonic() - begin:6.1f} s  SIGKILL gunicorn worker {pid}")
        else:
            n = psql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = '{db}' AND pid <> pg_backend_pid()"
            ).strip()
            log.append(f"{time.monotonic() - begin:6.1f} s  pg_terminate_backend: {n} backends of {db}")


# --- the consistency check ---------------------------------------------------------------


def wacht_op_taken(timeout: float = 90) -> str:
    from django.db import connections
    from django.db.models import Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    connections.close_all()
    eind = time.monotonic() + timeout
    while time.monotonic() < eind:
        nu = timezone.now()
        open_ = (
            DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
            .filter(Q(run_after=get_date_max()) | Q(run_after__lte=nu))
            .count()
        )
        if not open_:
            break
        time.sleep(1)
    stand = collections.Counter(DBTaskResult.objects.values_list("status", flat=True))
    mislukt = collections.Counter(
        DBTaskResult.objects.filter(status="FAILED").values_list("task_path", "exception_class_path")
    )
    connections.close_all()
    return ", ".join(f"{k} {v}" for k, v in sorted(stand.items())) + "".join(
        f"\n    failed: {n} × {pad} ({fout})" for (pad, fout), n in sorted(mislukt.items())
    )


def controle(stats: Stats, begin_pk: int, notities: list[str]) -> list[str]:
    from django.db.models import Count

    from kompas.audit.models import Actie, AuditEntry
    from kompas.meldroute.models import Signaal, StatusWijziging, Verrijking
    from kompas.monitor.models import Inzending, Uitnodiging

    verloren = []
    bevestigd = collections.Counter(pk for pk, _hoe in stats.signalen)
    opgeslagen = set(Signaal.objects.filter(pk__in=bevestigd).values_list("pk", flat=True))
    verloren += [f"signaal {pk} bevestigd maar niet opgeslagen" for pk in bevestigd if pk not in opgeslagen]
    verloren += [f"signaal {pk} {n} keer bevestigd" for pk, n in bevestigd.items() if n > 1]
    nieuw = Signaal.objects.filter(pk__gt=begin_pk).count()
    if nieuw < len(bevestigd):
        verloren.append(f"{nieuw} signalen opgeslagen tijdens de run, {len(bevestigd)} bevestigd")
    elif nieuw > len(bevestigd):  # a request cut off (killed worker) after its commit: stored, never confirmed
        notities.append(f"{nieuw - len(bevestigd)} signalen opgeslagen zonder bevestiging (verzoek afgebroken)")
    dubbel = Signaal.objects.values("referentie").annotate(n=Count("id")).filter(n__gt=1).count()
    if dubbel:
        verloren.append(f"{dubbel} referenties komen meer dan eens voor")
    geschiedenis = collections.Counter(
        StatusWijziging.objects.filter(signaal_id__in=bevestigd).values_list("signaal_id", "transitie")
    )
    for (pk, naam), n in collections.Counter(stats.transities).items():
        if geschiedenis[(pk, naam)] < n:
            verloren.append(f"stap {naam} van signaal {pk} bevestigd maar niet in de geschiedenis")
        elif geschiedenis[(pk, naam)] > n:
            notities.append(
                f"stap {naam} van signaal {pk} staat {geschiedenis[(pk, naam)]} keer in de geschiedenis, {n} keer "
                "bevestigd"
            )
    verrijkt = collections.Counter(
        Verrijking.objects.filter(signaal_id__in=bevestigd).values_list("signaal_id", flat=True)
    )
    for pk, n in collections.Counter(stats.verrijkingen).items():
        if verrijkt[pk] != n:
            (verloren if verrijkt[pk] < n else notities).append(
                f"signaal {pk}: {n} verrijkingen bevestigd, {verrijkt[pk]} opgeslagen"
            )
    gelezen = collections.Counter(
        (u, int(o))
        for u, o in AuditEntry.objects.filter(actie=Actie.VIEW, object_type="meldroute.signaal")
        .exclude(object_id="")
        .values_list("user__username", "object_id")
    )
    for (wie, pk), n in stats.gelezen.items():
        gebruiker = wie.removeprefix("melder-")
        if gelezen[(gebruiker, pk)] < n:
            verloren.append(
                f"{n} keer gelezen door {gebruiker} (signaal {pk}), {gelezen[(gebruiker, pk)]} keer in het auditlog"
            )
    laatste: dict = {}
    for token, naam, waarde in stats.antwoorden:
        laatste[(token, naam)] = waarde
    antwoorden = {}
    for u in Uitnodiging.objects.filter(pk__in={int(t.split(".")[0]) for t, _n in laatste}):
        inz = Inzending.objects.filter(uitnodiging=u).first()
        antwoorden[u.token] = inz.antwoorden if inz else {}
    for (token, naam), waarde in laatste.items():
        if antwoorden.get(token, {}).get(naam) != waarde:
            verloren.append(
                f"antwoord {naam}={waarde} op link …{token[-6:]} bevestigd, opgeslagen: "
                f"{antwoorden.get(token, {}).get(naam)!r}"
            )
    return verloren


def pct(waarden: list[float], p: float) -> float:
    s = sorted(waarden)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=480, help="seconds of load (default 480)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL one gunicorn worker at a third of the run")
    parser.add_argument(
        "--terminate-backends", action="store_true", help="pg_terminate_backend every backend at two thirds"
    )
    parser.add_argument("--db", default="kompas_soak", help="PostgreSQL database (dropped and created anew)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    env = env_for(args.db)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TASKS_BACKEND")})
    t0 = time.monotonic()
    prepare(args.db, env)
    import django

    django.setup()
    from kompas.meldroute.models import Signaal

    opzet = users_and_links(args.users)
    begin_pk = Signaal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    from django.db import connections

    connections.close_all()  # this process's connection would be terminated with the others
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(env, port, ROOT / "var" / "soak")
    print(
        f"Soak: {args.users} virtual users for {args.duration:.0f} s on PostgreSQL ({args.db}), "
        "gunicorn 3 workers × 4 threads, "
        f"task worker and planner on 127.0.0.1:{port} (set up in {time.monotonic() - t0:.0f} s)"
    )
    print("  roles: " + ", ".join(f"{r} {n}" for r, n in collections.Counter(p["rol"] for p in opzet["plan"]).items()))
    stats = Stats()
    stop = threading.Event()
    shared = {
        "wachtrij": collections.defaultdict(collections.deque),
        "meting": opzet["meting"],
        "max_requests": args.max_requests,
    }
    log: list[str] = []
    server.start()
    try:
        rng = random.Random(args.seed)
        gebruikers = [Gebruiker(base, p, stats, shared, stop, random.Random(rng.random())) for p in opzet["plan"]]
        threads = [threading.Thread(target=g.draai, daemon=True) for g in gebruikers]
        begin = stats.begin = time.monotonic()  # the faults' clock too
        for t in threads:
            t.start()
            time.sleep(0.1)  # staggered logins
        fouten = threading.Thread(target=storingen, args=(server, args.db, args.duration, args, stop, log), daemon=True)
        fouten.start()
        stop.wait(args.duration - (time.monotonic() - begin))
        stop.set()
        for t in threads:
            t.join(60)
        duur = time.monotonic() - begin
        taken = wacht_op_taken()
    finally:
        server.stop()
    notities: list[str] = []
    verloren = controle(stats, begin_pk, notities)

    n5 = sum(n for s, n in stats.status.items() if s >= 500)
    print(
        f"\n{stats.aantal:,} requests in {duur:.0f} s ({stats.aantal / duur:.1f}/s); "
        f"{len(stats.signalen)} reports confirmed ({sum(1 for _p, h in stats.signalen if h == 'api')} via the API), "
        f"{len(stats.transities)} steps, {len(stats.verrijkingen)} enrichments, "
        f"{sum(stats.gelezen.values())} reads of a signal, "
        f"{len(stats.antwoorden)} survey answers"
    )
    for regel in log:
        print("  fault: " + regel)
    print("  status: " + ", ".join(f"{s or 'transport error'}: {n:,}" for s, n in sorted(stats.status.items())))
    print(f"  tasks after the run: {taken}")
    print(f"\n{'step':40} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for stap in sorted(stats.tijden):
        t = stats.tijden[stap]
        print(f"{stap:40} {len(t):8d} {pct(t, 50):8.0f} {pct(t, 95):8.0f} {pct(t, 99):8.0f}")
    print(
        f"\nresponses >= 500: {n5}   transport errors: {stats.status.get(0, 0)}   "
        f"valid input refused: {len(stats.geweigerd)}   lost (consistency check): {len(verloren)}"
    )
    for status, voorbeelden in stats.fouten_voorbeelden.items():
        for v in voorbeelden[:20]:
            print(f"  {status or 'transport'}: {v}")
    for g in stats.geweigerd[:10]:
        print(f"  refused: {g}")
    for v in verloren[:20]:
        print(f"  lost: {v}")
    for v in notities[:10]:
        print(f"  note: {v}")
    doel = n5 == 0 and not stats.geweigerd and not verloren
    print(f"target (0 >= 500, 0 refused, 0 lost): {'met' if doel else 'NOT met'}")
    print(
        json.dumps(
            {
                "requests": stats.aantal,
                "status": dict(stats.status),
                "refused": len(stats.geweigerd),
                "lost": len(verloren),
            }
        )
    )


if __name__ == "__main__":
    main()
