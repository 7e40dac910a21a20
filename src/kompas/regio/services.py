"""Loading and importing reference data. Writes only; reads live in selectors.py."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils import timezone

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.fouten import Geweigerd
from kompas.core.schrijven import NietVanU, eigen, is_systeem, schrijfdienst
from kompas.core.tabular import Rij, TabelFout, controleer_grootte, lees_csv, lees_tekst
from kompas.regio.models import (
    BEHEERDE_INDELINGEN,
    Gemeente,
    Herindeling,
    HerindelingDeel,
    Indeling,
    Regio,
    RegioLidmaatschap,
)
from kompas.regio.policies import policy

DATA_DIR = Path(__file__).resolve().parent / "data"
CBS_SOURCE = "CBS gebiedsindelingen 2024 (via shared/reference, zie SOURCES.md)"

# Column names of the shipped files and of CBS exports ("Gebieden in Nederland", the
# alphabetical list, StatLine 85385NED) mapped onto our fields. Matching ignores case,
# spaces, underscores and hyphens.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "cbs_code": ("cbs_code", "gemeentecodegm", "gemeentecode", "codering", "regios", "regiocode", "code"),
    "naam": ("naam", "gemeentenaam", "name", "naam2", "regionaam", "gemeente"),
    "provincie": ("provincie", "provincienaam", "province", "provincienaam3"),
    "inwoners": ("inwoners", "aantalinwoners", "aantalinwoners5", "inhabitants", "bevolking"),
    "jaar": ("jaar", "year", "perioden"),
    Indeling.VEILIGHEIDSREGIO: ("veiligheidsregio", "veiligheidsregionaam", "veiligheidsregio_naam"),
    Indeling.POLITIE_EENHEID: (
        "politie_eenheid",
        "politieregionaleeenheid",
        "regionaleeenheid",
        "regionaleeenhedennaam",
        "politieregionaleeenhedennaam",
        "riecregio",
    ),
    Indeling.GGD: ("ggd_regio", "ggdregio", "ggdregionaam", "ggdregios"),
    Indeling.VEILIG_THUIS: ("veilig_thuis_regio", "veiligthuisregio", "veiligthuisregionaam"),
    Indeling.ARBEIDSMARKT: ("arbeidsmarktregio", "arbeidsmarktregionaam", "arbeidsmarktregios"),
}
REGION_PREFIX = {
    Indeling.VEILIGHEIDSREGIO: "veiligheidsregio",
    Indeling.POLITIE_EENHEID: "politie_eenheid",
    Indeling.GGD: "ggd_regio",
    Indeling.VEILIG_THUIS: "veilig_thuis_regio",
    Indeling.ARBEIDSMARKT: "arbeidsmarktregio",
}


class ImportFout(Geweigerd):
    """Bad input for an import; the message is Dutch and shown to the user as is."""


class RegioFout(Geweigerd):
    """A change to a region that cannot be made; the message is Dutch."""


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-()'.]", "", name.strip().lower())


def normaliseer_cbs_code(raw: str) -> str:
    value = raw.strip().upper()
    digits = re.sub(r"\D", "", value)
    if not digits or len(digits) > 4 or (value and not re.fullmatch(r"(GM)?\s*\d{1,4}", value)):
        raise ImportFout(f"'{raw}' is geen geldige CBS-gemeentecode (verwacht: GM0363 of 363).")
    return f"GM{int(digits):04d}"


def tekst_van_bestand(inhoud: bytes) -> str:
    """The text of an uploaded file (size limit and encoding checked), or a Dutch ImportFout."""
    try:
        controleer_grootte(len(inhoud))
        return lees_tekst(inhoud)
    except TabelFout as exc:
        raise ImportFout(str(exc)) from exc


def _lees_rijen(text: str) -> tuple[list[str], list[Rij]]:
    """Header and rows (each with its line in the file); reading problems as ImportFout."""
    try:
        tabel = lees_csv(text, comments=True)
        return tabel.kolommen, list(tabel.rijen)
    except TabelFout as exc:
        raise ImportFout(str(exc)) from exc


def _read_table(text: str) -> list[dict[str, str]]:
    return [r.waarden for r in _lees_rijen(text)[1]]


def _map_columns(headers: list[str]) -> dict[str, str]:
    """Our field → the header in the file."""
    normalised = {_norm(h): h for h in headers}
    mapping: dict[str, str] = {}
    for target, synonyms in COLUMN_SYNONYMS.items():
        for s in synonyms:
            if _norm(s) in normalised:
                mapping[str(target)] = normalised[_norm(s)]
                break
    missing = [f for f in ("cbs_code", "naam") if f not in mapping]
    if missing:
        raise ImportFout(
            "Kolom(men) niet gevonden: " + ", ".join(missing) + ". Verwacht bijvoorbeeld "
            "'Gemeentecode' en 'Gemeentenaam' zoals in de CBS-tabel Gebieden in Nederland."
        )
    return mapping


@dataclass
class GemeenteRij:
    cbs_code: str
    naam: str
    provincie: str
    inwoners: int | None
    regios: dict[str, str] = field(default_factory=dict)


def _parse_rows(rows: list[Rij], mapping: dict[str, str], jaar: int | None) -> dict[int, list[GemeenteRij]]:
    per_jaar: dict[int, list[GemeenteRij]] = defaultdict(list)
    errors: list[str] = []
    seen: set[tuple[int, str]] = set()
    for rij in rows:
        number, row = rij.regel, rij.waarden
        try:
            if rij.fout:
                raise ImportFout(rij.fout)
            code = normaliseer_cbs_code(row.get(mapping["cbs_code"], ""))
            row_year = jaar
            if "jaar" in mapping and row.get(mapping["jaar"]):
                match = re.search(r"(19|20)\d\d", row[mapping["jaar"]])
                if not match:
                    raise ImportFout(f"onleesbaar jaar '{row[mapping['jaar']]}'")
                row_year = int(match.group(0))
            if row_year is None:
                raise ImportFout("geen jaar: geef --jaar op of neem een kolom 'jaar' op")
            inwoners_raw = row.get(mapping.get("inwoners", ""), "").replace(".", "").replace(" ", "")
            if inwoners_raw and not inwoners_raw.isdigit():
                raise ImportFout(f"inwoners '{inwoners_raw}' is geen getal")
            naam = row.get(mapping["naam"], "")
            if not naam:
                raise ImportFout("naam ontbreekt")
            if (row_year, code) in seen:
                raise ImportFout(f"{code} staat twee keer in het bestand voor {row_year}")
            seen.add((row_year, code))
            per_jaar[row_year].append(
                GemeenteRij(
                    cbs_code=code,
                    naam=naam,
                    provincie=row.get(mapping.get("provincie", ""), ""),
                    inwoners=int(inwoners_raw) if inwoners_raw else None,
                    regios={
                        ind: row[mapping[ind]] for ind in REGION_PREFIX if ind in mapping and row.get(mapping[ind])
                    },
                )
            )
        except ImportFout as exc:
            errors.append(f"regel {number}: {exc}")
    if errors:
        raise ImportFout("Het bestand is niet ingelezen; er is niets opgeslagen.\n" + "\n".join(errors))
    return per_jaar


@dataclass
class ImportRapport:
    jaar: int
    aantal: int
    vorig_jaar: int | None
    nieuw: list[tuple[str, str]] = field(default_factory=list)
    vervallen: list[tuple[str, str]] = field(default_factory=list)
    hernoemd: list[tuple[str, str, str]] = field(default_factory=list)
    samengevoegd: list[tuple[list[tuple[str, str]], tuple[str, str], str]] = field(default_factory=list)
    zonder_opvolger: list[tuple[str, str]] = field(default_factory=list)
    bijgewerkt: int = 0

    def regels(self) -> list[str]:
        out = [f"Jaar {self.jaar}: {self.aantal} gemeenten ingelezen ({self.bijgewerkt} bestaande regels bijgewerkt)."]
        if self.vorig_jaar is None:
            out.append("Geen eerder jaar in Kompas om mee te vergelijken.")
            return out
        out.append(f"Vergeleken met {self.vorig_jaar}:")
        if not (self.nieuw or self.vervallen or self.hernoemd):
            out.append("  geen wijzigingen in de gemeentelijke indeling.")
        for code, naam in self.nieuw:
            out.append(f"  nieuw: {code} {naam}")
        for bronnen, (code, naam), hoe in self.samengevoegd:
            namen = ", ".join(f"{c} {n}" for c, n in bronnen)
            out.append(f"  samengevoegd: {namen} → {code} {naam} ({hoe})")
        for code, naam in self.zonder_opvolger:
            out.append(
                f"  vervallen zonder aanwijsbare opvolger: {code} {naam} — leg de herindeling vast met --herindelingen"
            )
        for code, oud, nieuw in self.hernoemd:
            out.append(f"  hernoemd: {code} {oud} → {nieuw}")
        return out


def _region_for(indeling: str, naam: str, cache: dict) -> Regio:
    key = (indeling, naam)
    if key not in cache:
        regio = Regio.objects.filter(indeling=indeling, naam=naam).first()
        if regio is None:
            prefix = {
                "veiligheidsregio": "VR",
                "politie_eenheid": "RE",
                "ggd": "GG",
                "veilig_thuis": "VT",
                "arbeidsmarkt": "AM",
            }.get(indeling, "RG")
            code = f"{prefix}-{_norm(naam)[:14]}"
            regio = Regio.objects.create(indeling=indeling, code=code, naam=naam)
        cache[key] = regio
    return cache[key]


def _store_year(jaar: int, rows: list[GemeenteRij], bron: str, peildatum: date | None) -> int:
    existing = {g.cbs_code: g for g in Gemeente.objects.filter(jaar=jaar)}
    cache: dict = {}
    updated = 0
    for r in rows:
        g = existing.get(r.cbs_code)
        values = {
            "naam": r.naam,
            "provincie": r.provincie,
            "inwoners": r.inwoners,
            "inwoners_peildatum": peildatum if r.inwoners is not None else None,
            "bron": bron,
        }
        if g is None:
            g = Gemeente.objects.create(jaar=jaar, cbs_code=r.cbs_code, **values)
        else:
            changed = any(getattr(g, k) != v for k, v in values.items())
            if changed:
                for k, v in values.items():
                    setattr(g, k, v)
                g.save()
                updated += 1
        for indeling, naam in r.regios.items():
            regio = _region_for(indeling, naam, cache)
            RegioLidmaatschap.objects.update_or_create(
                gemeente=g, indeling=indeling, defaults={"regio": regio, "bron": bron}
            )
    return updated


def _infer_mergers(
    report: ImportRapport, new_rows: list[GemeenteRij], previous: dict[str, Gemeente], explicit: dict[str, list[str]]
):
    """Explain vanished gemeenten: explicit herindelingen first, then a cautious inference."""
    new_codes = {code for code, _ in report.nieuw}
    by_code = {r.cbs_code: r for r in new_rows}
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    how: dict[str, str] = {}
    for code, naam in report.vervallen:
        if code in explicit:
            for target in explicit[code]:
                groups[target].append((code, naam))
                how[target] = "volgens het herindelingenbestand"
            continue
        old = previous[code]
        old_vr = {m.indeling: m.regio.naam for m in old.lidmaatschappen.all()}.get(Indeling.VEILIGHEIDSREGIO)
        candidates = [
            c
            for c in new_codes
            if by_code[c].provincie == old.provincie
            and (old_vr is None or by_code[c].regios.get(Indeling.VEILIGHEIDSREGIO) in (None, old_vr))
        ]
        if len(candidates) == 1:
            groups[candidates[0]].append((code, naam))
            how.setdefault(
                candidates[0], "afgeleid: enige nieuwe gemeente in dezelfde provincie en veiligheidsregio — controleer"
            )
        else:
            report.zonder_opvolger.append((code, naam))
    for target, sources in sorted(groups.items()):
        target_name = by_code[target].naam if target in by_code else target
        report.samengevoegd.append((sources, (target, target_name), how[target]))
    return groups


def _vereis_beheer(actor) -> None:
    """The reference data is everyone's: only an applicatiebeheerder (VNG) changes it, or
    SYSTEEM (``kompas regio``, the demo)."""
    if not (is_systeem(actor) or policy.allows(actor, "manage_regio")):
        raise NietVanU()


@schrijfdienst
def gemeenten_importeren(
    *,
    text: str,
    jaar: int | None = None,
    herindelingen_text: str | None = None,
    bron: str = "",
    actor,
) -> list[ImportRapport]:
    """Import a CBS-style table of gemeenten for one (or more) years and report the changes.

    Only the rows of the imported year(s) are created or updated; other years stay as they
    are. Herindelingen found (or given) are recorded so figures remain comparable.
    """
    _vereis_beheer(actor)
    header, rows = _lees_rijen(text)
    if not rows:
        raise ImportFout("Het bestand bevat geen gegevensregels.")
    mapping = _map_columns(header)
    per_jaar = _parse_rows(rows, mapping, jaar)
    explicit: dict[str, list[str]] = defaultdict(list)
    explicit_parts: list[dict[str, str]] = []
    if herindelingen_text:
        explicit_parts = _read_table(herindelingen_text)
        for p in explicit_parts:
            try:
                explicit[normaliseer_cbs_code(p["van_code"])].append(normaliseer_cbs_code(p["naar_code"]))
            except KeyError as exc:
                raise ImportFout("Het herindelingenbestand mist de kolom van_code of naar_code.") from exc
    reports = []
    for year, year_rows in sorted(per_jaar.items()):
        previous_year = Gemeente.objects.filter(jaar__lt=year).order_by("-jaar").values_list("jaar", flat=True).first()
        previous = (
            {
                g.cbs_code: g
                for g in Gemeente.objects.filter(jaar=previous_year).prefetch_related("lidmaatschappen__regio")
            }
            if previous_year
            else {}
        )
        report = ImportRapport(jaar=year, aantal=len(year_rows), vorig_jaar=previous_year)
        if previous_year:
            codes = {r.cbs_code for r in year_rows}
            report.nieuw = sorted((r.cbs_code, r.naam) for r in year_rows if r.cbs_code not in previous)
            report.vervallen = sorted((c, g.naam) for c, g in previous.items() if c not in codes)
            report.hernoemd = sorted(
                (r.cbs_code, previous[r.cbs_code].naam, r.naam)
                for r in year_rows
                if r.cbs_code in previous and previous[r.cbs_code].naam != r.naam
            )
            groups = _infer_mergers(report, year_rows, previous, explicit)
            _record_herindelingen(year, groups, report, previous, year_rows, explicit_parts)
        report.bijgewerkt = _store_year(year, year_rows, bron or f"import {timezone.localdate():%Y-%m-%d}", None)
        reports.append(report)
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        object_type="regio.gemeente",
        object_repr=f"import gemeenten {', '.join(str(r.jaar) for r in reports)}",
        details={"jaren": [r.jaar for r in reports], "aantal": sum(r.aantal for r in reports)},
    )
    return reports


def _record_herindelingen(year, groups, report, previous, year_rows, explicit_parts):
    names = {r.cbs_code: r.naam for r in year_rows}
    for target, sources in groups.items():
        source_codes = [c for c, _ in sources]
        all_sources = list(sources)
        if target in previous and target not in source_codes:
            all_sources.append((target, previous[target].naam))  # absorbed into an existing gemeente
        omschrijving = (", ".join(n for _, n in all_sources) + f" → {names.get(target, target)}")[:300]
        h, _ = Herindeling.objects.get_or_create(
            ingangsdatum=date(year, 1, 1),
            omschrijving=omschrijving,
            defaults={"soort": Herindeling.Soort.SAMENVOEGING, "bron": "vastgesteld bij import"},
        )
        for code, naam in all_sources:
            HerindelingDeel.objects.get_or_create(
                herindeling=h,
                van_code=code,
                naar_code=target,
                defaults={"van_naam": naam, "naar_naam": names.get(target, target)},
            )
    for code, old, new in report.hernoemd:
        h, _ = Herindeling.objects.get_or_create(
            ingangsdatum=date(year, 1, 1),
            omschrijving=f"{old} heet voortaan {new}"[:300],
            defaults={"soort": Herindeling.Soort.NAAMSWIJZIGING, "bron": "vastgesteld bij import"},
        )
        HerindelingDeel.objects.get_or_create(
            herindeling=h, van_code=code, naar_code=code, defaults={"van_naam": old, "naar_naam": new}
        )


def _read_data_file(name: str) -> list[dict[str, str]]:
    return _read_table((DATA_DIR / name).read_text(encoding="utf-8"))


@schrijfdienst
def referentiedata_laden(*, actor) -> dict[str, int]:
    """Load the shipped reference data (idempotent): regions, gemeenten per year, herindelingen."""
    _vereis_beheer(actor)
    regions = 0
    for row in _read_data_file("regios.csv"):
        _, created = Regio.objects.update_or_create(
            indeling=row["indeling"], code=row["code"], defaults={"naam": row["naam"]}
        )
        regions += created
    rows = _read_data_file("gemeenten.csv")
    cache: dict = {}
    existing = {(g.jaar, g.cbs_code): g for g in Gemeente.objects.all()}
    new_gemeenten = []
    for row in rows:
        key = (int(row["jaar"]), row["cbs_code"])
        if key in existing:
            continue
        new_gemeenten.append(
            Gemeente(
                jaar=key[0],
                cbs_code=key[1],
                naam=row["naam"],
                provincie=row["provincie"],
                inwoners=int(row["inwoners"]) if row["inwoners"] else None,
                inwoners_peildatum=date.fromisoformat(row["inwoners_peildatum"]) if row["inwoners_peildatum"] else None,
                bron="CBS (zie regio/data/gemeenten.csv)",
            )
        )
    Gemeente.objects.bulk_create(new_gemeenten)
    gemeenten = {(g.jaar, g.cbs_code): g for g in Gemeente.objects.all()}
    have = set(RegioLidmaatschap.objects.values_list("gemeente_id", "indeling"))
    memberships = []
    for row in rows:
        g = gemeenten[(int(row["jaar"]), row["cbs_code"])]
        for indeling, column in REGION_PREFIX.items():
            if row.get(column) and (g.id, indeling) not in have:
                memberships.append(
                    RegioLidmaatschap(
                        gemeente=g, indeling=indeling, regio=_region_for(indeling, row[column], cache), bron=CBS_SOURCE
                    )
                )
    RegioLidmaatschap.objects.bulk_create(memberships)
    parts = 0
    for row in _read_data_file("herindelingen.csv"):
        h, _ = Herindeling.objects.get_or_create(
            ingangsdatum=date.fromisoformat(row["ingangsdatum"]),
            omschrijving=row["omschrijving"],
            defaults={"soort": row["soort"], "bron": "CBS, gemeentelijke indeling op 1 januari"},
        )
        _, created = HerindelingDeel.objects.get_or_create(
            herindeling=h,
            van_code=row["van_code"],
            naar_code=row["naar_code"],
            defaults={"van_naam": row["van_naam"], "naar_naam": row["naar_naam"]},
        )
        parts += created
    counts = {
        "regio's": regions,
        "gemeenten": len(new_gemeenten),
        "lidmaatschappen": len(memberships),
        "herindelingsdelen": parts,
    }
    if any(counts.values()):
        audit_log_create(
            actie=Actie.CREATE,
            actor=actor,
            object_type="regio.gemeente",
            object_repr="referentiedata geladen",
            details=counts,
        )
    return counts


@schrijfdienst
def lidmaatschappen_importeren(*, text: str, jaar: int, actor) -> dict[str, int]:
    """Import memberships of divisions that CBS does not publish (ZVH, vrouwenopvang).

    Columns: ``indeling`` (zvh|vrouwenopvang), ``regio_code``, ``regio_naam``,
    ``cbs_code`` and, for vrouwenopvang, ``centrumgemeente`` (CBS code). All rows are
    checked first; one bad row stores nothing and every problem is reported.
    """
    _vereis_beheer(actor)
    header, rows = _lees_rijen(text)
    ontbrekend = [k for k in ("indeling", "regio_code", "regio_naam", "cbs_code") if k not in header]
    if ontbrekend:
        raise ImportFout(
            "Kolom(men) ontbreken: " + ", ".join(ontbrekend) + ". Verwacht: indeling, regio_code, regio_naam, "
            "cbs_code en eventueel centrumgemeente."
        )
    if not rows:
        raise ImportFout("Het bestand bevat geen gegevensregels.")
    errors: list[str] = []
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(jaar=jaar)}
    if not gemeenten:
        raise ImportFout(f"Er zijn nog geen gemeenten voor {jaar}; importeer eerst de gemeentelijke indeling.")
    parsed = []
    allowed = {str(i) for i in BEHEERDE_INDELINGEN}
    for rij in rows:
        number, row = rij.regel, rij.waarden
        if rij.fout:
            errors.append(f"regel {number}: {rij.fout}")
            continue
        indeling = row.get("indeling", "").lower()
        if indeling not in allowed:
            errors.append(f"regel {number}: indeling '{indeling}' onbekend (toegestaan: {', '.join(sorted(allowed))})")
            continue
        try:
            code = normaliseer_cbs_code(row.get("cbs_code", ""))
        except ImportFout as exc:
            errors.append(f"regel {number}: {exc}")
            continue
        if code not in gemeenten:
            errors.append(f"regel {number}: gemeente {code} bestaat niet in {jaar}")
            continue
        if not row.get("regio_code") or not row.get("regio_naam"):
            errors.append(f"regel {number}: regio_code en regio_naam zijn verplicht")
            continue
        centrum = ""
        if row.get("centrumgemeente"):
            try:
                centrum = normaliseer_cbs_code(row["centrumgemeente"])
            except ImportFout as exc:
                errors.append(f"regel {number}: centrumgemeente: {exc}")
                continue
            if centrum not in gemeenten:
                errors.append(
                    f"regel {number}: centrumgemeente {centrum} ('{row['centrumgemeente']}') bestaat niet in {jaar}"
                )
                continue
        parsed.append((indeling, row["regio_code"], row["regio_naam"], gemeenten[code], centrum))
    if errors:
        raise ImportFout("Het bestand is niet ingelezen; er is niets opgeslagen.\n" + "\n".join(errors))
    count = 0
    for indeling, code, naam, gemeente, centrum in parsed:
        regio, _ = Regio.objects.update_or_create(
            indeling=indeling,
            code=code,
            defaults={"naam": naam, **({"centrumgemeente_code": centrum} if centrum else {})},
        )
        RegioLidmaatschap.objects.update_or_create(
            gemeente=gemeente, indeling=indeling, defaults={"regio": regio, "bron": "beheerd in Kompas (CSV-import)"}
        )
        count += 1
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        object_type="regio.regiolidmaatschap",
        object_repr=f"import lidmaatschappen {jaar}",
        details={"aantal": count},
    )
    return {"lidmaatschappen": count}


@schrijfdienst
def regio_hernoemen(*, regio: Regio, naam: str, actor) -> Regio:
    """Give a region another name: the applicatiebeheerder's or SYSTEEM's (the demo drops the
    "(voorbeeld)" an earlier version put in its region names)."""
    _vereis_beheer(actor)
    regio = eigen(regio, Regio.objects.all(), lock=True)
    naam = naam.strip()
    if not naam:
        raise RegioFout("Een regio heeft een naam nodig.")
    if naam != regio.naam:
        oud, regio.naam = regio.naam, naam
        regio.save(update_fields=["naam", "bijgewerkt_op"])
        audit_log_create(actie=Actie.UPDATE, actor=actor, obj=regio, details={"naam": [oud, naam]})
    return regio
