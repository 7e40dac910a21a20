"""Zorgcoördinatie at scale (issue 10): 50,000 trajecten with 20 zorgacties each over 25
zorgorganisaties on PostgreSQL; times the zorgcoördinator's caseload, the national CoMensha
export and the yearly verantwoording to the centrumgemeente.

    .venv/bin/python bench/zorg.py                 # fill (about a minute) and measure
    .venv/bin/python bench/zorg.py --hergebruik    # measure again on the filled database

Targets: caseload p95 < 100 ms, national CoMensha export < 10 s, yearly verantwoording < 2 s.
Pages run in-process through Django's full request cycle (middleware, session, 2FA,
template) with production-like settings (bench/settings.py), so the figures are server time.
The database is ``BENCH_DATABASE_URL`` (default kompas_bench_zorg_verantwoording).
"""

from __future__ import annotations

import argparse
import json
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
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompas_bench_zorg_verantwoording")
JAREN = 8  # trajecten start over the last eight years
OPEN_AANDEEL = 0.12  # most trajecten of eight years are closed


def _psql(sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def prepare(hergebruik: bool, aantal: int) -> tuple[dict[str, str], bool]:
    """The environment, and whether the database still has to be filled."""
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="bench.settings", PYTHONPATH=f"{ROOT}:{ROOT / 'src'}", DATABASE_URL=URL
    )
    name = URL.rsplit("/", 1)[1]
    if hergebruik and _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1":
        n = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-tAqc", "SELECT count(*) FROM zorg_traject"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if n.isdigit() and int(n) >= aantal:
            return env, False
    _psql(f"DROP DATABASE IF EXISTS {name}")
    _psql(f"CREATE DATABASE {name}")
    for args in (["migrate", "-v0"], ["regio", "laad"], ["demo", "--stil"]):
        subprocess.run([str(BIN / "kompas"), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return env, True


def _copy(model, rows: list[dict]) -> None:
    """COPY rows (dicts by attname; missing fields get their default) into the model's table."""
    from django.db import connection
    from django.db.models import JSONField

    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}  # "" for a text column, None where NULL is allowed
    with (
        connection.connection.cursor() as cur,
        cur.copy(f"COPY {model._meta.db_table} ({', '.join(f.column for f in fields)}) FROM STDIN") as copy,
    ):
        for r in rows:
            values = []
            for f in fields:
                v = r.get(f.attname, defaults[f.attname])
                values.append(json.dumps(v) if isinstance(f, JSONField) else v)
            copy.write_row(values)
    with connection.cursor() as c:
        c.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT MAX(id) FROM {model._meta.db_table}))"
        )


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def generate(aantal: int, acties: int, organisaties: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from kompas.accounts.constants import OrganisatieType
    from kompas.accounts.models import Organisatie
    from kompas.regio.models import Regio
    from kompas.regio.selectors import gemeenten_in_regio
    from kompas.zorg.constants import (
        AanmeldingBron,
        ActieStand,
        Afsluitreden,
        ConsultatieOrganisatie,
        Domein,
        Fase,
        Gender,
        Leeftijdsgroep,
        Verblijfsstatus,
        Vorm,
    )
    from kompas.zorg.demo import ZVH
    from kompas.zorg.models import (
        Aanmelding,
        Clientgegevens,
        Consultatie,
        FaseWijziging,
        Toestemming,
        Traject,
        Werkgebied,
        Zorgactie,
    )

    t0 = time.perf_counter()
    rng = random.Random(10)
    now = timezone.now()
    # 25 zorgorganisaties, each with the werkgebied of one zorg- en veiligheidshuisregio; the
    # demo ZVH (whose zorgcoördinator the caseload is measured for) is the first
    regios = list(Regio.objects.filter(indeling="zvh").order_by("code"))
    orgs = [Organisatie.objects.get(naam=ZVH)]
    for i in range(1, organisaties):
        orgs.append(
            Organisatie.objects.create(
                naam=f"Zorgcoördinatie bench {i:02d}",
                type=OrganisatieType.ZVH if i % 2 else OrganisatieType.ZORGAANBIEDER,
                cbs_code="",
            )
        )
    for i, org in enumerate(orgs[1:], start=1):
        regio = regios[i % len(regios)]
        codes = sorted(gemeenten_in_regio(regio).values_list("cbs_code", flat=True))
        Werkgebied.objects.update_or_create(
            zorgorganisatie=org, defaults={"regio": regio, "centrumgemeente_code": codes[0] if codes else "", "fte": 2}
        )
    partner = orgs[1]
    codes_per_org = {
        org.pk: sorted(
            gemeenten_in_regio(Werkgebied.objects.get(zorgorganisatie=org).regio).values_list("cbs_code", flat=True)
        )
        if Werkgebied.objects.get(zorgorganisatie=org).regio_id
        else ["GM0405"]
        for org in orgs
    }
    # the demo zorgcoördinator handles about a third of the demo ZVH's trajecten, a third is not
    # assigned, and the rest goes to a second coordinator of the demo ZVH
    from kompas.accounts.constants import Rol
    from kompas.accounts.models import Lidmaatschap, User

    zc = User.objects.get(username="zorgcoordinator")
    collega, made = User.objects.get_or_create(
        username="bench-zorgcoordinator-2",
        defaults={"first_name": "Collega", "email": "bench-zorgcoordinator-2@example.invalid"},
    )
    if made:
        Lidmaatschap.objects.create(user=collega, organisatie=orgs[0], rol=Rol.ZORGCOORDINATOR)
    a_id, t_id, f_id, z_id = _next_id(Aanmelding), _next_id(Traject), _next_id(FaseWijziging), _next_id(Zorgactie)
    aanmeldingen, trajecten, fasen, zorgacties, gegevens, toestemmingen = [], [], [], [], [], []
    closing = Afsluitreden.values
    for i in range(aantal):
        org = orgs[i % len(orgs)]
        gestart = now - timedelta(minutes=rng.randrange(JAREN * 365 * 24 * 60))
        open_ = rng.random() < OPEN_AANDEEL
        aanmeldingen.append(
            {
                "id": a_id + i,
                "zorgorganisatie_id": org.pk,
                "bron": rng.choice(AanmeldingBron.values),
                "stand": "geaccepteerd",
                "acuut": rng.random() < 0.05,
                "toelichting": "Synthetische aanmelding (bench).",
                "afwijsreden": "",
                "tijdstip": gestart - timedelta(days=rng.randrange(0, 5)),
                "beoordeeld_op": gestart,
            }
        )
        # the phases the traject went through, each stay 5–120 days
        route = ["intake", "hulpverlening", "afronding", "afgesloten"]
        eind = rng.randrange(0, 3) if open_ else 3
        tijd, van = gestart, ""
        stappen = []
        for fase in route[: eind + 1]:
            stappen.append((van, fase, tijd))
            van, tijd = fase, tijd + timedelta(days=rng.randrange(5, 120))
        stappen = [s for s in stappen if s[2] <= now]  # nothing happens in the future
        fase = stappen[-1][1]
        afgesloten = stappen[-1][2] if fase == Fase.AFGESLOTEN else None
        tid = t_id + i
        trajecten.append(
            {
                "id": tid,
                "zorgorganisatie_id": org.pk,
                "aanmelding_id": a_id + i,
                "clientcode": f"ZC-B-{tid:07d}",
                "fase": fase,
                "fase_sinds": stappen[-1][2],
                "acuut": rng.random() < 0.05,
                "vormen": rng.sample(Vorm.values, rng.choice((1, 1, 1, 2))),
                "leeftijdsgroep": rng.choice(Leeftijdsgroep.values),
                "gender": rng.choice(Gender.values),
                "nationaliteit": rng.choice(["NL", "RO", "PL", "NG", "PH", "BG"]),
                "verblijfsstatus": rng.choice(Verblijfsstatus.values),
                "gemeente_code": rng.choice(codes_per_org[org.pk]),
                "b8_einddatum": (now + timedelta(days=rng.randrange(-30, 90))).date() if rng.random() < 0.1 else None,
                "afsluitreden": rng.choice(closing) if afgesloten else "",
                "afsluitvoorwaarden": [],
                "aangemaakt_op": gestart,
                "afgesloten_op": afgesloten,
                "geboortejaar": rng.randrange(1960, 2008),
                "behandelaar_id": rng.choice((zc.pk, collega.pk, None)) if org == orgs[0] else None,
            }
        )
        for k, (v, n, tijdstip) in enumerate(stappen):
            fasen.append(
                {
                    "id": f_id + len(fasen),
                    "traject_id": tid,
                    "van": v,
                    "naar": n,
                    "transitie": "start" if k == 0 else "bench",
                    "door_repr": "bench",
                    "tijdstip": tijdstip,
                    "reden": "bench",
                }
            )
        for _k in range(acties):
            aangemaakt = gestart + timedelta(days=rng.randrange(0, 200))
            zorgacties.append(
                {
                    "id": z_id + len(zorgacties),
                    "traject_id": tid,
                    "domein": rng.choice(Domein.values),
                    "hulpvraag": "Hulpvraag (bench)",
                    "partner_id": partner.pk,
                    "overdracht": "",
                    "deadline": (aangemaakt + timedelta(days=30)).date(),
                    "stand": rng.choice(ActieStand.values),
                    "aangemaakt_op": aangemaakt,
                    "bijgewerkt_op": aangemaakt,
                }
            )
        gegevens.append(Clientgegevens(traject_id=tid))  # empty, as most are at first
        if rng.random() < 0.2:
            toestemmingen.append(
                {
                    "traject_id": tid,
                    "doel": "comensha_identificerend",
                    "gegeven": True,
                    "datum": gestart.date(),
                    "reikwijdte": "",
                    "door_repr": "bench",
                    "tijdstip": gestart,
                }
            )
    _copy(Aanmelding, aanmeldingen)
    _copy(Traject, trajecten)
    _copy(FaseWijziging, fasen)
    for start in range(0, len(zorgacties), 200_000):
        _copy(Zorgactie, zorgacties[start : start + 200_000])
    Clientgegevens.objects.bulk_create(gegevens, batch_size=5000)
    t_ids = _next_id(Toestemming)
    _copy(Toestemming, [{"id": t_ids + k, **r} for k, r in enumerate(toestemmingen)])
    c_id = _next_id(Consultatie)
    _copy(
        Consultatie,
        [
            {
                "id": c_id + k,
                "zorgorganisatie_id": orgs[k % len(orgs)].pk,
                "datum": (now - timedelta(days=rng.randrange(JAREN * 365))).date(),
                "organisatie_type": rng.choice(ConsultatieOrganisatie.values),
                "onderwerp": "Advies (bench)",
                "minuten": rng.randrange(10, 90),
            }
            for k in range(200 * len(orgs))
        ],
    )
    with connection.cursor() as c:
        for table in (
            "zorg_aanmelding",
            "zorg_traject",
            "zorg_fasewijziging",
            "zorg_zorgactie",
            "zorg_clientgegevens",
            "zorg_toestemming",
            "zorg_consultatie",
        ):
            c.execute(f"ANALYZE {table}")
    return time.perf_counter() - t0


def logged_in(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(label: str, fn, repeat: int, warm: int = 2) -> tuple[float, float]:
    for _ in range(warm):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    print(
        f"  {label:58} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   max {max(times):8.1f} ms   "
        f"(n={repeat})"
    )
    return statistics.median(times), p95


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


def run(hergebruik: bool, aantal: int, acties: int, organisaties: int) -> None:
    env, vullen = prepare(hergebruik, aantal)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")})
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from kompas.accounts.constants import OrganisatieType, Rol
    from kompas.accounts.models import Lidmaatschap, Organisatie, User
    from kompas.zorg.constants import OPEN_FASEN
    from kompas.zorg.demo import ZVH
    from kompas.zorg.models import Traject, Werkgebied, Zorgactie

    if vullen:
        seconds = generate(aantal, acties, organisaties)
        print(f"\nfilled in {seconds:.0f} s")
    else:
        print("\nreusing the filled database (--hergebruik)")
    zvh = Organisatie.objects.get(naam=ZVH)
    print(
        f"postgresql: {Traject.objects.count():,} trajecten, {Zorgactie.objects.count():,} zorgacties, "
        f"{Werkgebied.objects.count()} zorgorganisaties; the demo ZVH has "
        f"{Traject.objects.filter(zorgorganisatie=zvh).count():,} trajecten, "
        f"{Traject.objects.filter(zorgorganisatie=zvh, fase__in=OPEN_FASEN).count():,} open"
    )
    comensha, _ = Organisatie.objects.get_or_create(
        naam="CoMensha (bench)", defaults={"type": OrganisatieType.COMENSHA, "cbs_code": ""}
    )
    analist, made = User.objects.get_or_create(username="bench-comensha-analist")
    if made:
        Lidmaatschap.objects.create(user=analist, organisatie=comensha, rol=Rol.ANALIST)
    zc = logged_in(User.objects.get(username="zorgcoordinator"))
    cm = logged_in(analist)
    jaar = timezone.localdate().year - 1
    caseload = timed(
        "caseload, every open traject of the ZVH (/zorg/?behandelaar=alle)",
        lambda: _ok(zc.get("/zorg/?behandelaar=alle")),
        50,
        warm=3,
    )
    timed("caseload as it opens: mijn trajecten (/zorg/)", lambda: _ok(zc.get("/zorg/")), 30, warm=2)
    timed(
        "caseload: one phase, first page (/zorg/?behandelaar=alle&fase=hulpverlening)",
        lambda: _ok(zc.get("/zorg/?behandelaar=alle&fase=hulpverlening")),
        30,
        warm=2,
    )
    timed(
        "caseload: niet toegewezen (/zorg/?behandelaar=geen)",
        lambda: _ok(zc.get("/zorg/?behandelaar=geen")),
        30,
        warm=2,
    )
    timed(
        "caseload filtered on gemeente and vorm (/zorg/?behandelaar=alle&gemeente=GM0405&vorm=arbeid)",
        lambda: _ok(zc.get("/zorg/?behandelaar=alle&gemeente=GM0405&vorm=arbeid")),
        30,
        warm=2,
    )
    timed(
        "caseload: closed trajecten, newest first, page 1 (/zorg/?behandelaar=alle&fase=afgesloten)",
        lambda: _ok(zc.get("/zorg/?behandelaar=alle&fase=afgesloten")),
        30,
        warm=2,
    )
    timed(
        "caseload: search on the cliëntcode, mijn, stil (/zorg/?zoek=0001&mijn=on&stil=on)",
        lambda: _ok(zc.get("/zorg/?zoek=0001&mijn=on&stil=on")),
        30,
        warm=2,
    )
    verantw = timed(
        f"yearly verantwoording {jaar}, page", lambda: _ok(zc.get(f"/zorg/verantwoording/?jaar={jaar}")), 10
    )
    timed(
        f"quarterly verantwoording {jaar} K2, page",
        lambda: _ok(zc.get(f"/zorg/verantwoording/?jaar={jaar}&kwartaal=2")),
        10,
    )
    timed(
        f"yearly verantwoording {jaar}, XLSX", lambda: _ok(zc.get(f"/zorg/verantwoording/?jaar={jaar}&formaat=xlsx")), 5
    )
    timed(
        f"yearly verantwoording {jaar}, PDF",
        lambda: _ok(zc.get(f"/zorg/verantwoording/?jaar={jaar}&formaat=pdf")),
        3,
        warm=1,
    )
    export = timed(
        "national CoMensha export, CSV (POST /zorg/comensha/)",
        lambda: _ok(cm.post("/zorg/comensha/", {"doel": "Benchmark", "formaat": "csv"})),
        3,
        warm=1,
    )
    timed(
        "national CoMensha export, API (/api/v1/zorg/comensha/)",
        lambda: _ok(cm.get("/api/v1/zorg/comensha/?doel=Benchmark")),
        3,
        warm=1,
    )
    rows = cm.post("/zorg/comensha/", {"doel": "Benchmark", "formaat": "csv"}).content.count(b"\n") - 1
    print(f"  the national export has {rows:,} rows")
    print(
        f"  targets: caseload p95 < 100 ms ({'met' if caseload[1] < 100 else 'NOT met'}), "
        f"national CoMensha export < 10 s ({'met' if export[1] < 10_000 else 'NOT met'}), "
        f"yearly verantwoording < 2 s ({'met' if verantw[1] < 2000 else 'NOT met'})"
    )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=50_000, help="trajecten (default 50,000)")
    parser.add_argument("--acties", type=int, default=20, help="zorgacties per traject (default 20)")
    parser.add_argument("--organisaties", type=int, default=25, help="zorgorganisaties (default 25)")
    parser.add_argument("--hergebruik", action="store_true", help="measure on the database a previous run filled")
    args = parser.parse_args()
    run(args.hergebruik, args.aantal, args.acties, args.organisaties)


if __name__ == "__main__":
    main()
