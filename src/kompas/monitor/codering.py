"""Coding of open answers that scales (issue 13 item 6).

- The screen works per questionnaire and question, never gemeenten and ZVH mixed.
- Only answers that survive cleaning count: the texts come from the cleaned data set (a
  dropped duplicate is not shown; a combined response shows the text it kept).
- Identical texts are coded together: texts are grouped by their normalised form (case,
  spacing and closing punctuation ignored) and one coding applies to every submission in the
  group. A coding stays stored per submission (:class:`Codering`), which the analysis reads.
- Codings go out and come back as CSV (through :mod:`kompas.core.tabular`: formula-safe cells
  out; encodings, separators, control characters and line numbers in). An import is all or
  nothing: every problem is reported with its line number and nothing is changed.
- The codebook of the previous wave can be taken over (also when the wave is created).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.fouten import Geweigerd
from kompas.core.schrijven import eigen, schrijfdienst
from kompas.core.tabular import (
    TabelFout,
    controleer_grootte,
    csv_writer,
    lees_csv,
    lees_tekst,
    lees_xlsx,
)
from kompas.monitor.eigendom import metingen_beheerd
from kompas.monitor.models import Codecategorie, Codering, Meting, Vraag, Vragenlijst
from kompas.monitor.opschoning import Opgeschoond, opgeschoond

KOLOMMEN = ["vragenlijst", "vraag", "tekst", "aantal", "categorieen", "omschrijvingen"]
VERPLICHT = ("vragenlijst", "vraag", "tekst", "categorieen")


class CodeerFout(Geweigerd):
    """A coding action that cannot be done; the message is Dutch."""


def normaliseer(tekst: str) -> str:
    """The form in which two answers count as the same text: case, runs of spaces and line
    breaks, and punctuation at the end are ignored."""
    return re.sub(r"\s+", " ", str(tekst)).strip().rstrip(".!?;:,").strip().casefold()


@dataclass
class Tekstgroep:
    """One distinct (normalised) text of one question with every submission that gave it."""

    norm: str
    tekst: str  # as the first submission wrote it
    inzendingen: list[int] = field(default_factory=list)  # the submissions the answers came from, each once
    aantal: int = (
        0  # cleaned responses with this text, as the report counts them (a split submission for each gemeente)
    )
    gekozen: set[int] = field(default_factory=set)  # category ids of the coded submissions
    gecodeerd: int = 0  # responses of the group with a coding
    gemengd: bool = False  # submissions of the group coded differently
    per_inzending: dict[int, int] = field(default_factory=dict, repr=False)  # submission → its responses


def open_vragen(meting: Meting, o: Opgeschoond | None = None) -> list[tuple[Vragenlijst, list[Vraag]]]:
    """Per questionnaire of the wave, its open questions."""
    o = o or opgeschoond(meting)
    uit = []
    for lijst in meting.vragenlijsten.order_by("doelgroep", "code"):
        vragen = [v for v in o.ctx.vragen.get(lijst.pk, []) if v.type == Vraag.Type.OPEN]
        if vragen:
            uit.append((lijst, vragen))
    return uit


def tekstgroepen(meting: Meting, lijst: Vragenlijst, vraag_code: str, o: Opgeschoond | None = None) -> list[Tekstgroep]:
    """The cleaned answers to one open question of one questionnaire, grouped by normalised
    text (most frequent first). Each answer is attributed to the submission it came from."""
    o = o or opgeschoond(meting)
    ruw = {i.pk: i for i in o.ctx.inzendingen}
    groepen: dict[str, Tekstgroep] = {}
    gezien: set[int] = set()
    for r in o.responsen:
        if r.vragenlijst_id != lijst.pk:
            continue
        tekst = str(r.antwoorden.get(vraag_code, "") or "").strip()
        if not tekst:
            continue
        bron = next(
            (pk for pk in r.inzendingen if str(ruw[pk].antwoorden.get(vraag_code, "") or "").strip()), r.inzendingen[0]
        )
        norm = normaliseer(tekst)
        groep = groepen.setdefault(norm, Tekstgroep(norm, tekst))
        groep.aantal += 1
        groep.per_inzending[bron] = groep.per_inzending.get(bron, 0) + 1
        if bron not in gezien:  # a submission split over several gemeenten is coded once
            gezien.add(bron)
            groep.inzendingen.append(bron)
    per_inzending: dict[int, set[int]] = defaultdict(set)
    gecodeerd: set[int] = set()
    alle = [pk for g in groepen.values() for pk in g.inzendingen]
    for inz, cat in Codering.objects.filter(inzending_id__in=alle, vraag_code=vraag_code).values_list(
        "inzending_id", "categorieen"
    ):
        if cat is not None:
            per_inzending[inz].add(cat)
            gecodeerd.add(inz)
    for g in groepen.values():
        sets = [frozenset(per_inzending.get(pk, ())) for pk in g.inzendingen]
        g.gekozen = set().union(*sets)
        g.gecodeerd = sum(n for pk, n in g.per_inzending.items() if pk in gecodeerd)
        g.gemengd = len({s for s in sets if s}) > 1
    return sorted(groepen.values(), key=lambda g: (-g.aantal, g.norm))


def codeboek(meting: Meting, vraag_code: str) -> list[Codecategorie]:
    return list(Codecategorie.objects.filter(meting=meting, vraag_code=vraag_code))


@schrijfdienst
def tekst_coderen(
    *,
    meting: Meting,
    lijst: Vragenlijst,
    vraag_code: str,
    norm: str,
    categorieen: list[int],
    o: Opgeschoond | None = None,
    actor,
) -> int:
    """Give every cleaned answer with this normalised text the same categories (none: uncode
    them). Returns the number of responses coded (as the report counts them)."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    lijst = eigen(lijst, meting.vragenlijsten.all())
    aantal = _coderen(meting, lijst, vraag_code, norm, categorieen, o)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"coderen {meting.code}: {lijst.code}/{vraag_code}",
        details={"gecodeerd": aantal},
    )
    return aantal


def _coderen(
    meting: Meting, lijst: Vragenlijst, vraag_code: str, norm: str, categorieen: list[int], o: Opgeschoond | None
) -> int:
    groep = next((g for g in tekstgroepen(meting, lijst, vraag_code, o) if g.norm == norm), None)
    if groep is None:
        raise CodeerFout("Deze tekst komt niet (meer) voor in de opgeschoonde antwoorden.")
    cats = list(Codecategorie.objects.filter(meting=meting, vraag_code=vraag_code, pk__in=categorieen))
    _zetten(groep, vraag_code, cats)
    return groep.aantal if cats else 0


def _zetten(groep: Tekstgroep, vraag_code: str, cats: list[Codecategorie]) -> None:
    """The same categories for every submission of the group; none: no coding at all."""
    if not cats:
        Codering.objects.filter(inzending_id__in=groep.inzendingen, vraag_code=vraag_code).delete()
        return
    for pk in groep.inzendingen:
        codering, _ = Codering.objects.get_or_create(inzending_id=pk, vraag_code=vraag_code)
        codering.categorieen.set(cats)


@schrijfdienst
def scherm_opslaan(*, meting: Meting, lijst: Vragenlijst, vraag_code: str, data, actor) -> int:
    """The coding form of one question: fields ``tekst-<n>`` carry a group's normalised text
    and ``code-<n>`` the chosen category ids; a group shown with no box ticked is uncoded."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    lijst = eigen(lijst, meting.vragenlijsten.all())
    o = opgeschoond(meting)
    _open_vraag(meting, lijst, vraag_code, o)
    geldig = {c.pk for c in codeboek(meting, vraag_code)}
    aantal = 0
    for sleutel in data:
        if not sleutel.startswith("tekst-"):
            continue
        n = sleutel.removeprefix("tekst-")
        gekozen = [int(c) for c in data.getlist(f"code-{n}") if c.isdigit() and int(c) in geldig]
        try:
            aantal += _coderen(meting, lijst, vraag_code, data[sleutel], gekozen, o)
        except CodeerFout:
            continue  # the text left the cleaned set since the page was shown
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"coderen {meting.code}: {lijst.code}/{vraag_code}",
        details={"gecodeerd": aantal},
    )
    return aantal


def _open_vraag(meting: Meting, lijst: Vragenlijst, vraag_code: str, o: Opgeschoond) -> Vraag:
    vraag = next(
        (v for v in o.ctx.vragen.get(lijst.pk, []) if v.code == vraag_code and v.type == Vraag.Type.OPEN), None
    )
    if vraag is None:
        raise CodeerFout(f"{vraag_code} is geen open vraag van vragenlijst {lijst.code}.")
    return vraag


# --- CSV out and in ------------------------------------------------------------------------


@schrijfdienst
def exporteren(*, meting: Meting, actor) -> str:
    """Every distinct cleaned text of every open question with its coding: one row per text.
    ``categorieen`` holds the category codes (separated by ``|``), ``omschrijvingen`` their
    labels for the reader (ignored on import), ``aantal`` how many answers gave the text."""
    meting = eigen(meting, metingen_beheerd(actor))
    o = opgeschoond(meting)
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(KOLOMMEN)
    for lijst, vragen in open_vragen(meting, o):
        for vraag in vragen:
            cats = {c.pk: c for c in codeboek(meting, vraag.code)}
            for g in tekstgroepen(meting, lijst, vraag.code, o):
                gekozen = sorted((cats[c] for c in g.gekozen if c in cats), key=lambda c: (c.volgorde, c.label))
                w.writerow(
                    [
                        lijst.code,
                        vraag.code,
                        g.tekst,
                        g.aantal,
                        " | ".join(c.code for c in gekozen),
                        " | ".join(c.label for c in gekozen),
                    ]
                )
    audit_log_create(actie=Actie.EXPORT, actor=actor, obj=meting, object_repr=f"coderingen {meting.code} (CSV)")
    return buf.getvalue()


@dataclass
class CodeerVerslag:
    rijen: int = 0
    teksten: int = 0
    antwoorden: int = 0
    ongecodeerd: int = 0
    fouten: list[tuple[int, str]] = field(default_factory=list)

    def regels(self) -> list[str]:
        if self.fouten:
            kop = (
                f"Niets ingelezen: {len(self.fouten)} {'fout' if len(self.fouten) == 1 else 'fouten'}. Verbeter "
                "het bestand en lees het opnieuw in."
            )
            return [kop, *(f"regel {regel}: {reden}" for regel, reden in self.fouten)]
        return [
            f"{self.rijen} {'regel' if self.rijen == 1 else 'regels'} gelezen: {self.teksten} "
            f"{'tekst' if self.teksten == 1 else 'teksten'} gecodeerd ({self.antwoorden} "
            f"{'antwoord' if self.antwoorden == 1 else 'antwoorden'}), {self.ongecodeerd} zonder categorie."
        ]


def _lees(inhoud: bytes, bestandsnaam: str):
    controleer_grootte(len(inhoud))
    if inhoud[:4] == b"PK\x03\x04" or bestandsnaam.lower().endswith(".xlsx"):
        return lees_xlsx(inhoud)
    return lees_csv(lees_tekst(inhoud))


@schrijfdienst
def importeren(*, meting: Meting, inhoud: bytes, bestandsnaam: str = "", actor) -> CodeerVerslag:
    """Codings from a CSV (or XLSX) in the export's format. Each row codes one text of one
    question of one questionnaire (matched after normalising, so every identical answer gets
    it); an empty ``categorieen`` uncodes it. Nothing is changed when any row is wrong."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    verslag = CodeerVerslag()
    try:
        tabel = _lees(inhoud, bestandsnaam)
    except TabelFout as exc:
        raise CodeerFout(str(exc)) from exc
    ontbreekt = [k for k in VERPLICHT if k not in tabel.kolommen]
    if ontbreekt:
        raise CodeerFout(f"De kopregel mist {', '.join(ontbreekt)}; verwacht: {';'.join(KOLOMMEN)}.")
    o = opgeschoond(meting)
    lijsten = {lijst.code: (lijst, {v.code for v in vragen}) for lijst, vragen in open_vragen(meting, o)}
    alle_lijsten = set(meting.vragenlijsten.values_list("code", flat=True))
    groepen: dict[tuple[str, str], dict[str, Tekstgroep]] = {}
    boeken: dict[str, dict[str, Codecategorie]] = {}
    te_doen: list[tuple[Vragenlijst, str, Tekstgroep, list[Codecategorie]]] = []
    gezien: dict[tuple[str, str, str], int] = {}
    try:
        for rij in tabel.rijen:
            verslag.rijen += 1
            fout = rij.fout or _rij_controleren(
                rij.waarden, meting, o, lijsten, alle_lijsten, groepen, boeken, gezien, rij.regel, te_doen
            )
            if fout:
                verslag.fouten.append((rij.regel, fout))
    except TabelFout as exc:
        raise CodeerFout(str(exc)) from exc
    if verslag.fouten:
        return verslag
    for _lijst, vraag_code, groep, cats in te_doen:
        _zetten(groep, vraag_code, cats)
        if cats:
            verslag.teksten += 1
            verslag.antwoorden += groep.aantal
        else:
            verslag.ongecodeerd += 1
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"coderingen {meting.code} ingelezen",
        details={"regels": verslag.rijen, "teksten": verslag.teksten, "antwoorden": verslag.antwoorden},
    )
    return verslag


def _rij_controleren(w: dict, meting, o, lijsten, alle_lijsten, groepen, boeken, gezien, regel, te_doen) -> str | None:
    lijstcode, vraag_code, tekst = w.get("vragenlijst", ""), w.get("vraag", ""), w.get("tekst", "")
    if lijstcode not in lijsten:
        if lijstcode in alle_lijsten:
            return f"vragenlijst '{lijstcode}' heeft geen open vragen"
        return f"vragenlijst '{lijstcode}' hoort niet bij deze meting (kies uit {', '.join(sorted(lijsten)) or 'geen'})"
    lijst, vragen = lijsten[lijstcode]
    if vraag_code not in vragen:
        return f"'{vraag_code}' is geen open vraag van {lijstcode} (kies uit {', '.join(sorted(vragen))})"
    if not tekst.strip():
        return "de kolom tekst is leeg"
    norm = normaliseer(tekst)
    sleutel = (lijstcode, vraag_code, norm)
    if sleutel in gezien:
        return f"dezelfde tekst staat al op regel {gezien[sleutel]}"
    gezien[sleutel] = regel
    if (lijstcode, vraag_code) not in groepen:
        groepen[(lijstcode, vraag_code)] = {g.norm: g for g in tekstgroepen(meting, lijst, vraag_code, o)}
    groep = groepen[(lijstcode, vraag_code)].get(norm)
    if groep is None:
        return f"deze tekst komt niet voor in de opgeschoonde antwoorden op {vraag_code} van {lijstcode}"
    if vraag_code not in boeken:
        boeken[vraag_code] = {c.code: c for c in codeboek(meting, vraag_code)}
    boek = boeken[vraag_code]
    codes = [c.strip() for c in re.split(r"[|,]", w.get("categorieen", "")) if c.strip()]
    onbekend = [c for c in codes if c not in boek]
    if onbekend:
        keuze = ", ".join(sorted(boek)) or "het codeboek is nog leeg"
        return (
            f"{'categorie' if len(onbekend) == 1 else 'categorieën'} {', '.join(onbekend)} "
            f"{'staat' if len(onbekend) == 1 else 'staan'} "
            f"niet in het codeboek van {vraag_code} (kies uit: {keuze})"
        )
    te_doen.append((lijst, vraag_code, groep, [boek[c] for c in dict.fromkeys(codes)]))
    return None


# --- the codebook carries over ------------------------------------------------------------------


@schrijfdienst
def codeboek_overnemen(*, meting: Meting, van: Meting | None = None, actor) -> int:
    """Copy the categories of the previous wave (or ``van``) for the open questions this wave
    also has; categories it already has (same code) are kept. Returns the number added."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    van = eigen(van, metingen_beheerd(actor)) if van is not None else meting.vorige
    if van is None:
        raise CodeerFout("Deze meting heeft geen vorige meting om het codeboek van over te nemen.")
    open_codes = set(
        Vraag.objects.filter(vragenlijst__metingen=meting, type=Vraag.Type.OPEN).values_list("code", flat=True)
    )
    bestaand = set(Codecategorie.objects.filter(meting=meting).values_list("vraag_code", "code"))
    nieuw = [
        Codecategorie(
            meting=meting,
            vraag_code=c.vraag_code,
            code=c.code,
            label=c.label,
            bouwsteen=c.bouwsteen,
            volgorde=c.volgorde,
        )
        for c in Codecategorie.objects.filter(meting=van, vraag_code__in=open_codes)
        if (c.vraag_code, c.code) not in bestaand
    ]
    Codecategorie.objects.bulk_create(nieuw)
    if nieuw:
        audit_log_create(
            actie=Actie.CREATE,
            actor=actor,
            obj=meting,
            object_repr=f"codeboek overgenomen van {van.code}",
            details={"categorieen": len(nieuw)},
        )
    return len(nieuw)


def over_te_nemen(meting: Meting) -> int:
    """How many categories of the previous wave's codebook this wave does not have yet."""
    if meting.vorige_id is None:
        return 0
    open_codes = set(
        Vraag.objects.filter(vragenlijst__metingen=meting, type=Vraag.Type.OPEN).values_list("code", flat=True)
    )
    bestaand = set(Codecategorie.objects.filter(meting=meting).values_list("vraag_code", "code"))
    return sum(
        1
        for c in Codecategorie.objects.filter(meting_id=meting.vorige_id, vraag_code__in=open_codes).values_list(
            "vraag_code", "code"
        )
        if c not in bestaand
    )
