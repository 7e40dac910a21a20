"""Build src/kompas/regio/data/gemeenten.csv from the shared CBS 2024 reference table.

Run once by a maintainer when the reference data change:
    python scripts/build_regio_data.py ../shared/reference

2024 and 2026 (no herindelingen on 1-1-2025 and 1-1-2026) take the CBS 2024 rows as they
are. 2019 and 2021 are derived by undoing the herindelingen in herindelingen.csv; a
gemeente whose territory differs from 2024 gets no inhabitant figure (it is unknown here),
one whose territory is the same keeps the 1-1-2024 figure with that peildatum.
"""

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "kompas" / "regio" / "data"
DIVISIONS = ["veiligheidsregio", "politie_eenheid", "ggd_regio", "veilig_thuis_regio", "arbeidsmarktregio"]
OLD_PROVINCE = {
    "GM0003": "Groningen",
    "GM0010": "Groningen",
    "GM0024": "Groningen",
    "GM0788": "Noord-Brabant",
    "GM0370": "Noord-Holland",
    "GM0398": "Noord-Holland",
    "GM0416": "Noord-Holland",
    "GM0457": "Noord-Holland",
    "GM0756": "Noord-Brabant",
    "GM1684": "Noord-Brabant",
    "GM0786": "Noord-Brabant",
    "GM0815": "Noord-Brabant",
    "GM1702": "Noord-Brabant",
    "GM1685": "Noord-Brabant",
    "GM0856": "Noord-Brabant",
    "GM0501": "Zuid-Holland",
    "GM0530": "Zuid-Holland",
    "GM0614": "Zuid-Holland",
}


def read_herindelingen():
    lines = [line for line in (DATA / "herindelingen.csv").read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


def main(reference: Path) -> None:
    with (reference / "gemeenten.csv").open(newline="", encoding="utf-8") as f:
        rows_2024 = list(csv.DictReader(f))
    parts = read_herindelingen()
    out = []
    for year in (2026, 2024):
        for r in rows_2024:
            out.append(
                {
                    "jaar": year,
                    "cbs_code": r["cbs_code"],
                    "naam": r["name"],
                    "provincie": r["province"],
                    "inwoners": r["inhabitants"],
                    "inwoners_peildatum": "2024-01-01",
                    **{d: r[d] for d in DIVISIONS},
                }
            )
    current = {r["cbs_code"]: r for r in rows_2024}
    for year in (2021, 2019):
        # Undo every herindeling that took effect after 1 January of `year`.
        state = {
            code: {"naam": r["name"], "provincie": r["province"], "inwoners": r["inhabitants"], "changed": False}
            for code, r in current.items()
        }
        for p in sorted(parts, key=lambda p: p["ingangsdatum"], reverse=True):
            d = p["ingangsdatum"]
            first_year = int(d[:4]) if d[5:] == "01-01" else int(d[:4]) + 1
            if first_year <= year:
                continue
            if p["naar_code"] in state:
                state[p["naar_code"]]["changed"] = True
            if (
                p["soort"] == "samenvoeging"
                and p["naar_code"] != p["van_code"]
                and p["naar_code"] in state
                and not any(q["van_code"] == p["naar_code"] and q["ingangsdatum"] == d for q in parts)
            ):
                state.pop(p["naar_code"], None)
            if p["van_code"] not in state:
                state[p["van_code"]] = {
                    "naam": p["van_naam"],
                    "provincie": OLD_PROVINCE[p["van_code"]],
                    "inwoners": "",
                    "changed": True,
                }
        for code, s in sorted(state.items()):
            out.append(
                {
                    "jaar": year,
                    "cbs_code": code,
                    "naam": s["naam"],
                    "provincie": s["provincie"],
                    "inwoners": "" if s["changed"] else s["inwoners"],
                    "inwoners_peildatum": "" if s["changed"] else "2024-01-01",
                    **dict.fromkeys(DIVISIONS, ""),
                }
            )
        current = {
            code: {"name": s["naam"], "province": s["provincie"], "inhabitants": s["inwoners"]}
            for code, s in state.items()
        }
    header = [
        "# Gemeenten per jaar (indeling op 1 januari) met provincie, inwoners en regio-indelingen.",
        "# Bron 2024 en 2026: CBS 'Gemeenten alfabetisch 2024'; inwoners: CBS StatLine 85984NED",
        "# (Kerncijfers wijken en buurten 2024, inwoners op 1-1-2024); regio-indelingen: CBS",
        "# gebiedsindelingen 2024 (veiligheidsregio, politie-eenheid, GGD, Veilig Thuis,",
        "# arbeidsmarktregio). 2025 en 2026: geen herindelingen, dus dezelfde 342 gemeenten; de",
        "# indelingen van 2024 zijn voor 2026 overgenomen (controleer tegen CBS 85385NED).",
        "# 2019 en 2021: afgeleid door de herindelingen in herindelingen.csv terug te draaien",
        "# (355 en 352 gemeenten). Inwoners zijn alleen ingevuld waar het grondgebied gelijk is",
        "# aan 2024 (peildatum 1-1-2024); anders leeg (onbekend). Opgesteld 2026-11-22.",
    ]
    with (DATA / "gemeenten.csv").open("w", newline="", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n")
        w = csv.DictWriter(f, fieldnames=list(out[0]), delimiter=";")
        w.writeheader()
        w.writerows(out)
    counts = {y: sum(1 for r in out if r["jaar"] == y) for y in (2019, 2021, 2024, 2026)}
    print(counts)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
