"""Kennisbank and zelfscan at scale: median search time over a library of 1,000 articles
(the full selector: full-text search, visibility and ordering) on SQLite and PostgreSQL, and
the time to build the beleidsplan (DOCX) and the scan result (PDF).

    .venv/bin/python bench/kennisbank.py              # both databases
    .venv/bin/python bench/kennisbank.py --db sqlite

Target: median search < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
VRAGEN = [
    "loverboy",
    "loverboys",
    "Bibob",
    "bibob-toets",
    "bedenktijd",
    "bedenktijden",
    "zorgcoördinatie fte",
    "aandachtsfunctionaris",
    "meldroute",
    "arbeidsuitbuiting",
    "opvang Wmo",
    "minderjarige slachtoffers",
    "regionale tafel",
    "basisniveau",
    "prostitutie vergunning",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--artikelen", type=int, default=1000)
    args = parser.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        subprocess.run([sys.executable, __file__, "--_run", db, str(args.artikelen)], check=True)


def run(db: str, aantal: int) -> None:
    if db == "postgres":
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompas_bench_kennisbank")
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        path = ROOT / "var" / "bench-kennisbank.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regio", "laad", verbosity=0)
    from kompas.accounts.constants import OrganisatieType, Rol
    from kompas.accounts.models import Lidmaatschap, Organisatie, User
    from kompas.core.schrijven import SYSTEEM
    from kompas.kennisbank import selectors
    from kompas.kennisbank.models import Artikel
    from kompas.kennisbank.services import inhoud_laden, opslaan

    inhoud_laden(actor=SYSTEEM)
    bron = list(Artikel.objects.all())
    rng = random.Random(1000)  # noqa: S311 - invented data
    t0 = time.perf_counter()
    for i in range(aantal - len(bron)):
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
    gevuld = time.perf_counter() - t0
    org = Organisatie.objects.create(naam="Gemeente Hoorn", type=OrganisatieType.GEMEENTE, cbs_code="GM0405")
    user = User.objects.create(username="bench", email="bench@example.org")
    Lidmaatschap.objects.create(user=user, organisatie=org, rol=Rol.BELEIDSADVISEUR)
    from kompas.accounts.actor import actor_for

    actor = actor_for(user, org)
    tijden, treffers = [], []
    for _ in range(10):
        for q in VRAGEN:
            t = time.perf_counter()
            res = selectors.zoek(actor, q)
            tijden.append((time.perf_counter() - t) * 1000)
            treffers.append(len(res))
    tijden.sort()
    med, p95 = statistics.median(tijden), tijden[int(len(tijden) * 0.95) - 1]
    print(
        f"{db}: {Artikel.objects.count():,} articles (indexed in {gevuld:.1f} s); {len(tijden)} searches over "
        f"{len(VRAGEN)} queries"
    )
    print(
        f"  search median {med:6.1f} ms   p95 {p95:6.1f} ms   (target median < 50 ms: "
        f"{'met' if med < 50 else 'NOT met'}); "
        f"median hits {statistics.median(treffers):.0f}"
    )

    from kompas.accounts.models import Organisatie
    from kompas.zelfscan.definitie import ITEMS
    from kompas.zelfscan.documenten import beleidsplan_docx, resultaat_pdf
    from kompas.zelfscan.models import Zelfscan
    from kompas.zelfscan.selectors import hulpartikelen, profiel_voor

    scan = Zelfscan.objects.create(
        organisatie=Organisatie.objects.filter(cbs_code="GM0405").first(),
        cbs_code="GM0405",
        gemeente_naam="Hoorn",
        status="afgerond",
        antwoorden={i.code: rng.choice(["ja", "deels", "nee"]) for i in ITEMS},
    )
    from django.utils import timezone

    scan.afgerond_op = timezone.now()
    scan.save()
    profiel = profiel_voor("GM0405")
    docx_t, pdf_t = [], []
    for _ in range(5):
        t = time.perf_counter()
        beleidsplan_docx(scan, profiel)
        docx_t.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        resultaat_pdf(scan, profiel, hulpartikelen())
        pdf_t.append((time.perf_counter() - t) * 1000)
    print(
        f"  beleidsplan DOCX median {statistics.median(docx_t):6.1f} ms   scan result PDF median "
        f"{statistics.median(pdf_t):6.1f} ms (n=5)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--_run":
        run(sys.argv[2], int(sys.argv[3]))
    else:
        main()
