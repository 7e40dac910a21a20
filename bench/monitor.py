"""Monitor analysis at scale: the full analysis of one wave (every question, the response
tables, both breakdowns, the codebook and the cleaning replay) for 372 organisations
(342 gemeenten + 30 zorg- en veiligheidshuizen) and for a synthetic wave 100× that size,
each beside a NumPy group-by over the same answers in the same run.

    .venv/bin/python bench/monitor.py              # both sizes, SQLite, 5 repeats
    .venv/bin/python bench/monitor.py --factor 10 --repeat 3

Targets: < 1 s (372), < 10 s (100×), and within 5× of the NumPy group-by.

    .venv/bin/python bench/monitor.py --import-rijen 100000    # the background import only

The import benchmark writes a synthetic export of N rows as CSV and as XLSX and reads each
the way the web import does: stored as an upload, then the task the worker runs
(``kompas.monitor.jobs.inzendingen_inlezen``), in a fresh process whose time, progress
reports and peak memory (RSS) are printed. Target: 100,000 rows in < 60 s below 300 MB.

Beside the analysis of the real-size wave it times two pages through the Django test client, logged in: the
gemeente's "onze resultaten" page of the wave and the analyst's report page, p95 of
``--pages`` requests each, before the cache (the whole cache emptied before every request —
the cleaned data set, the analyses and the reference tables cached per version — so every
view reads, replays the cleaning and analyses as it used to) and after (everything of the
current version read from the cache).

The NumPy baseline is what one would write without Kompas: read the same answers and the
organisations' size class and region from the database, encode each closed question as
integers, then one bincount per question nationally and per breakdown. It prints the
counting part separately. The analysis does all that plus what a report needs: the cleaning
replay, visibility rules, N and percentages, suppression of small cells, response tables
per province, size class and region, and the codebook counts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def setup(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regio", "laad", verbosity=0)


def _wereld(factor: int, rng: random.Random) -> tuple[int, list[str], list[str]]:
    """The organisations of the wave: the real 2026 gemeenten (factor 1) or synthetic ones
    in a year of their own, with sizes, provinces and ZVH regions."""
    from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap

    if factor == 1:
        jaar = 2026
        zvh = [f"ZVH{i:02d}" for i in range(1, 31)]
        regios = [
            Regio.objects.get_or_create(
                indeling=Indeling.ZVH, code=c, defaults={"naam": f"Zorg- en Veiligheidshuis {c}"}
            )[0]
            for c in zvh
        ]
        gemeenten = list(Gemeente.objects.filter(jaar=jaar))
        RegioLidmaatschap.objects.filter(gemeente__jaar=jaar, indeling=Indeling.ZVH).delete()
        RegioLidmaatschap.objects.bulk_create(
            [
                RegioLidmaatschap(gemeente=g, regio=regios[i % 30], indeling=Indeling.ZVH)
                for i, g in enumerate(gemeenten)
            ]
        )
        return jaar, [g.cbs_code for g in gemeenten], zvh
    jaar = 2900 + factor
    provincies = [
        "Drenthe",
        "Flevoland",
        "Fryslân",
        "Gelderland",
        "Groningen",
        "Limburg",
        "Noord-Brabant",
        "Noord-Holland",
        "Overijssel",
        "Utrecht",
        "Zeeland",
        "Zuid-Holland",
    ]
    n_zvh = 30 * factor
    zvh = [f"Z{i:05d}" for i in range(n_zvh)]
    regios = Regio.objects.bulk_create([Regio(indeling=Indeling.ZVH, code=c, naam=f"ZVH {c}") for c in zvh])
    gemeenten = Gemeente.objects.bulk_create(
        [
            Gemeente(
                jaar=jaar,
                cbs_code=f"G{i:05d}",
                naam=f"Gemeente {i}",
                provincie=rng.choice(provincies),
                inwoners=int(rng.lognormvariate(10.3, 0.8)),
            )
            for i in range(342 * factor)
        ]
    )
    gemeenten = list(Gemeente.objects.filter(jaar=jaar))
    RegioLidmaatschap.objects.bulk_create(
        [RegioLidmaatschap(gemeente=g, regio=regios[i % n_zvh], indeling=Indeling.ZVH) for i, g in enumerate(gemeenten)]
    )
    return jaar, [g.cbs_code for g in gemeenten], zvh


def maak_meting(factor: int, seed: int = 1):
    """A wave with answers of about 63% of gemeenten and 90% of ZVH, 3% incomplete duplicates,
    1% pairs of complete duplicates, and the open answers coded."""
    from kompas.core.schrijven import SYSTEEM
    from kompas.monitor import deelnemers
    from kompas.monitor.models import Inzending, Meting, Vragenlijst
    from kompas.monitor.opschoning import regels_toepassen
    from kompas.monitor.synthetisch import _antwoord, demo_coderen

    rng = random.Random(seed)  # noqa: S311 - invented data
    jaar, gemeenten, zvh = _wereld(factor, rng)
    meting = Meting.objects.create(code=f"bench-{factor}", naam=f"Bench ×{factor}", jaar=jaar)
    lijsten = {v.doelgroep: v for v in Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"])}
    meting.vragenlijsten.set(lijsten.values())
    rijen = []
    for doelgroep, orgs, respons in (("gemeente", gemeenten, 0.63), ("zvh", zvh, 0.9)):
        lijst = lijsten[doelgroep]
        vragen = list(lijst.vragen.prefetch_related("opties"))
        for org in orgs:
            if rng.random() > respons:
                continue
            kopieen = 1 + (rng.random() < 0.03)
            for k in range(kopieen):
                antwoorden = {}
                for vraag in vragen if k == 0 else vragen[:5]:
                    waarde, anders = _antwoord(vraag, rng)
                    if waarde:
                        antwoorden[vraag.code] = waarde
                    if anders:
                        antwoorden[f"{vraag.code}_anders"] = anders
                rijen.append(
                    Inzending(
                        meting=meting,
                        vragenlijst=lijst,
                        vragenlijst_versie=1,
                        bron_id=f"{org}-{k}",
                        organisaties=[org],
                        volledig=k == 0,
                        antwoorden=antwoorden,
                    )
                )
    deelnemers.zetten(Inzending.objects.bulk_create(rijen, batch_size=2000), meting.jaar, nieuw=True)
    regels_toepassen(meting=meting, actor=SYSTEEM)
    demo_coderen(meting)
    return meting, len(rijen)


def numpy_groupby(meting) -> tuple[float, float]:
    """The plain NumPy way over the same answers: read them and the organisations' groups from
    the database, encode each closed question as integers, bincount nationally and per size
    class and region. Returns (total, counting only) in seconds."""
    import json

    import numpy as np

    from kompas.monitor.analyse import grootteklasse
    from kompas.monitor.models import Inzending, Vraag
    from kompas.regio.models import Gemeente, Indeling, RegioLidmaatschap

    t0 = time.perf_counter()
    rijen = list(Inzending.objects.filter(meting=meting).values_list("vragenlijst_id", "organisaties", "antwoorden"))
    grootte = {
        c: grootteklasse(n) for c, n in Gemeente.objects.filter(jaar=meting.jaar).values_list("cbs_code", "inwoners")
    }
    regio = dict(
        RegioLidmaatschap.objects.filter(gemeente__jaar=meting.jaar, indeling=Indeling.ZVH).values_list(
            "gemeente__cbs_code", "regio__naam"
        )
    )
    vragen = list(Vraag.objects.filter(vragenlijst__metingen=meting).exclude(type="open").prefetch_related("opties"))
    rijen = [(lijst, orgs, a if isinstance(a, dict) else json.loads(a)) for lijst, orgs, a in rijen]
    t1 = time.perf_counter()
    per_lijst: dict[int, list] = {}
    for lijst, orgs, a in rijen:
        per_lijst.setdefault(lijst, []).append((orgs[0], a))
    for lijst_id, rs in per_lijst.items():
        groepen = []
        for attr in (grootte, regio):
            labels = {}
            groepen.append(
                np.fromiter(
                    (labels.setdefault(attr.get(org, "?"), len(labels)) for org, _a in rs),
                    dtype=np.int64,
                    count=len(rs),
                )
            )
        for v in (v for v in vragen if v.vragenlijst_id == lijst_id):
            idx = {o.code: i for i, o in enumerate(v.opties.all())}
            k = len(idx)
            if v.type == "enkel":
                col = np.fromiter((idx.get(a.get(v.code), -1) for _o, a in rs), dtype=np.int64, count=len(rs))
                ok = col >= 0
                np.bincount(col[ok], minlength=k)
                for g in groepen:
                    np.bincount(g[ok] * k + col[ok], minlength=(g.max() + 1) * k if len(g) else k)
            else:
                mat = np.zeros((len(rs), k), dtype=np.int64)
                for i, (_o, a) in enumerate(rs):
                    for w in a.get(v.code) or ():
                        if w in idx:
                            mat[i, idx[w]] = 1
                ok = mat.any(axis=1)
                mat.sum(axis=0)
                for g in groepen:
                    for j in range(k):
                        np.bincount(g[ok], weights=mat[ok, j], minlength=(g.max() + 1) if len(g) else 1)
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1


def _export_bestanden(rijen: int, map_: Path) -> tuple[Path, Path]:
    """A synthetic export of the 2021 gemeente questionnaire with ``rijen`` rows, as CSV (;) and XLSX."""
    from openpyxl import Workbook

    from kompas.core.tabular import csv_writer
    from kompas.monitor.models import Meting, Vragenlijst
    from kompas.monitor.services import kolommen
    from kompas.monitor.synthetisch import _rij
    from kompas.regio.models import Gemeente

    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    for soort in ("csv", "xlsx"):  # a wave per file, so each import starts empty
        Meting.objects.create(code=f"bench-import-{soort}", naam=f"Bench import {soort}", jaar=2026).vragenlijsten.set(
            [lijst]
        )
    codes = list(Gemeente.objects.filter(jaar=2026).values_list("cbs_code", flat=True))
    vragen = list(lijst.vragen.prefetch_related("opties"))
    kop = kolommen(lijst)
    rng = random.Random(7)  # noqa: S311 - invented data
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2026, 9, 20, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    csv_pad, xlsx_pad = map_ / f"import-{rijen}.csv", map_ / f"import-{rijen}.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(kop)
    with csv_pad.open("w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(kop)
        for i in range(rijen):
            rij = _rij(vragen, f"r{i}", [codes[i % len(codes)]], rng, start)
            waarden = [rij.get(k, "") for k in kop]
            waarden = ["|".join(v) if isinstance(v, list) else v for v in waarden]
            w.writerow(waarden)
            ws.append(waarden)
    wb.save(xlsx_pad)
    return csv_pad, xlsx_pad


def _piek_mb() -> float:
    """This process's peak resident memory: VmHWM (Linux, starts anew at exec, unlike
    ru_maxrss, which a child inherits from its parent), else ru_maxrss."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_meten(pk: int) -> None:
    """In this fresh process, as the task worker: run the task that reads a stored upload."""
    from kompas.monitor.jobs import inzendingen_inlezen
    from kompas.monitor.models import Inlezing

    basis = _piek_mb()
    t0 = time.perf_counter()
    inzendingen_inlezen.call(pk)
    duur = time.perf_counter() - t0
    inl = Inlezing.objects.get(pk=pk)
    piek = _piek_mb()
    print(
        f"  {inl.bestandsnaam.rsplit('.', 1)[1].upper():4}: {inl.verslag.get('ingelezen', 0):,} rows read in "
        f"{duur:5.1f} s, "
        f"status {inl.status}, progress at line {inl.gelezen:,} of {inl.totaal:,}; peak RSS {piek:.0f} MB "
        f"(Django alone {basis:.0f} MB) — target < 60 s and < 300 MB: "
        f"{'met' if duur < 60 and piek < 300 else 'NOT met'}"
    )


def import_bench(rijen: int) -> None:
    import subprocess

    from django.db import connections

    from kompas.core.schrijven import SYSTEEM
    from kompas.monitor.models import Meting
    from kompas.monitor.services import inlezing_aanmaken

    map_ = ROOT / "var"
    paden = _export_bestanden(rijen, map_)
    print(
        f"Monitor import in the background (the task the worker runs), {rijen:,} rows, SQLite, each in a fresh process"
    )
    env = dict(os.environ, KOMPAS_MAX_UPLOAD_MB="500")
    for pad in paden:
        from django.test import override_settings

        with override_settings(KOMPAS_MAX_UPLOAD_BYTES=500 * 1024 * 1024):  # stored as the web form does
            pk = inlezing_aanmaken(
                meting=Meting.objects.get(code=f"bench-import-{pad.suffix[1:]}"),
                inhoud=pad.read_bytes(),
                bestandsnaam=pad.name,
                actor=SYSTEEM,
            ).pk
        connections.close_all()
        print(f"  {pad.name}: {pad.stat().st_size / 1e6:.1f} MB")
        subprocess.run([sys.executable, __file__, "--_meet-import", str(pk)], env=env, check=True)


def analyse(meting) -> float:
    """The full analysis as the report needs it, the cleaning replay included (the cache is
    emptied first: the cleaned data set and the reference tables are computed again)."""
    from django.core.cache import cache

    from kompas.monitor.analyse import analyseren

    cache.clear()
    t0 = time.perf_counter()
    analyseren(meting)
    return time.perf_counter() - t0


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def paginas(meting, herhalingen: int) -> dict[str, tuple[float, float]]:
    """p95 in seconds of "onze resultaten" and the report page, (before the cache, after)."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from tests.factories import LidmaatschapFactory, OrganisatieFactory, UserFactory

    from kompas.accounts.constants import OrganisatieType, Rol
    from kompas.monitor import opschoning

    def client(rol, org):
        user = UserFactory(totp=True)
        LidmaatschapFactory(user=user, organisatie=org, rol=rol)
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
        session = c.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        return c

    eigen = sorted(opschoning.responderende_organisaties(meting))[0]
    gemeente = client(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam=f"Bench {meting.code}", cbs_code=eigen))
    analist = client(Rol.ANALIST, OrganisatieFactory(naam=f"VNG {meting.code}", type=OrganisatieType.VNG, cbs_code=""))
    uit = {}
    for naam, c, url in (
        ("onze resultaten", gemeente, reverse("monitor:mijn_meting", args=[meting.code])),
        ("report page", analist, reverse("monitor:rapport", args=[meting.code])),
    ):
        tijden: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(herhalingen):
            for gecachet in (False, True):  # interleaved, so both see the same machine load
                if not gecachet:
                    cache.clear()  # the cleaned set, the analyses and the reference tables
                t0 = time.perf_counter()
                r = c.get(url)
                tijden[gecachet].append(time.perf_counter() - t0)
                assert r.status_code == 200, (url, r.status_code)
        uit[naam] = (_p95(tijden[False]), _p95(tijden[True]))
    return uit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100, help="size of the large wave relative to 372 organisations")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20, help="requests per page and mode for the page p95")
    parser.add_argument(
        "--import-rijen", type=int, default=0, help="only the background import of a file with this many rows"
    )
    parser.add_argument("--_meet-import", dest="meet_import", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    if args.meet_import:  # the child process of the import benchmark: the database is set up
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-monitor.sqlite3'}"
        import django

        django.setup()
        import_meten(int(args.meet_import))
        return
    setup(ROOT / "var" / "bench-monitor.sqlite3")
    if args.import_rijen:
        import_bench(args.import_rijen)
        return
    from kompas.monitor.opschoning import opgeschoonde_responsen

    print(f"Monitor analysis, SQLite, median of {args.repeat} (analysis and NumPy interleaved)")
    for factor, doel in ((1, 1.0), (args.factor, 10.0)):
        t0 = time.perf_counter()
        meting, ruw = maak_meting(factor)
        gemaakt = time.perf_counter() - t0
        n = len(opgeschoonde_responsen(meting))
        a, b, c = [], [], []
        for _ in range(args.repeat):
            a.append(analyse(meting))
            totaal, tellen = numpy_groupby(meting)
            b.append(totaal)
            c.append(tellen)
        ma, mb, mc = statistics.median(a), statistics.median(b), statistics.median(c)
        orgs = 372 * factor
        print(
            f"  {orgs:>6,} organisations, {ruw:,} raw submissions, {n:,} cleaned responses (generated in "
            f"{gemaakt:.1f} s)"
        )
        print(
            f"     full analysis {ma * 1000:9.1f} ms   NumPy group-by {mb * 1000:8.1f} ms (of which counting "
            f"{mc * 1000:.1f} ms)   ratio {ma / mb:5.2f}"
        )
        print(
            f"     targets: < {doel:.0f} s ({'met' if ma < doel else 'NOT met'}), within 5× of NumPy "
            f"({'met' if ma / mb <= 5 else 'NOT met'})"
        )
        if factor != 1:  # the pages are timed for the real-size wave (a 100× report page is a book of tables)
            continue
        for naam, (voor, na) in paginas(meting, args.pages).items():
            print(
                f"     {naam:<16} p95 of {args.pages}: {voor * 1000:8.1f} ms before the cache, {na * 1000:8.1f} ms "
                f"after ({voor / na:4.1f}×)"
            )


if __name__ == "__main__":
    main()
