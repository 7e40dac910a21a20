"""The invited set and the response figures of a wave: one computation that the overview, the
cleaning page, the report (every format) and the gemeente's and region's pages all read.

Invited (het VNG-onderzoek Onderzoek aanpak mensenhandel in gemeenten (Significant Public,
2021) §2.1: "naar 331 gemeenten verstuurd", "29 van de 30 ZVH") is:
- for a wave Kompas mailed: the organisations it actually sent the invitation to;
- for a wave that ran in another tool: the organisations on the uploaded list
  (:func:`kompas.monitor.uitnodigingen.uitgenodigden_importeren`);
- for a wave with neither (an old import without a list): every organisation of its kind in
  the wave's year, and the report says so.
Everyone of the year who is not invited is counted with the reason (no contact address, …).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from kompas.monitor.models import Meting, Uitnodiging, Vragenlijst
from kompas.monitor.opschoning import opgeschoond, opgeschoonde_responsen
from kompas.regio.selectors import gemeenten_in_jaar, per_regio_versie, regios_in_jaar

GEEN_CONTACT = "geen contactgegevens"
ONBESTELBAAR = "adres onbestelbaar"
AFGEMELD = "afgemeld"
NIET_VERSTUURD = "uitnodiging nog niet verstuurd"
NIET_OP_LIJST = "niet op de lijst van uitgenodigde organisaties"
GEEN_UITNODIGING = "geen uitnodiging klaargezet"

BRON_KOMPAS = "kompas"  # invited = mailed by Kompas
BRON_LIJST = "lijst"  # invited = the uploaded list
BRON_ALLE = "alle"  # no invitations and no list: everyone of the year


def organisaties_van_jaar(jaar: int, doelgroep: str) -> dict[str, str]:
    """Code → name of every organisation of this kind in the wave's year. ZVH regions count
    for a year when one of that year's gemeenten belongs to them (regions change too)."""

    if doelgroep == Vragenlijst.Doelgroep.GEMEENTE:
        return dict(gemeenten_in_jaar(jaar).values_list("cbs_code", "naam"))
    return {r.code: r.naam for r in regios_in_jaar(jaar)}


@dataclass
class Uitgenodigd:
    codes: set[str]
    niet: dict[str, str]  # code → reason it was not invited
    bron: str


def _reden(rij: dict, lijstmodus: bool) -> str:
    if lijstmodus:
        return NIET_OP_LIJST
    if not rij["email"]:
        return GEEN_CONTACT
    if rij["onbestelbaar_op"]:
        return ONBESTELBAAR
    if rij["afgemeld_op"]:
        return AFGEMELD
    return NIET_VERSTUURD


def uitgenodigde_set(meting: Meting, lijst: Vragenlijst, populatie: set[str] | None = None) -> Uitgenodigd:
    """Who was invited for ``lijst`` in ``meting``, and why the others were not."""
    populatie = set(organisaties_van_jaar(meting.jaar, lijst.doelgroep)) if populatie is None else populatie
    rijen = list(
        Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst).values(
            "organisatie_code", "uitgenodigd_op", "buiten_kompas", "email", "onbestelbaar_op", "afgemeld_op"
        )
    )
    if not rijen:
        return Uitgenodigd(set(populatie), {}, BRON_ALLE)
    lijstmodus = any(r["buiten_kompas"] for r in rijen)
    codes = {r["organisatie_code"] for r in rijen if r["uitgenodigd_op"] or r["buiten_kompas"]}
    niet = {r["organisatie_code"]: _reden(r, lijstmodus) for r in rijen if r["organisatie_code"] not in codes}
    for code in populatie - codes - set(niet):
        niet[code] = NIET_OP_LIJST if lijstmodus else GEEN_UITNODIGING
    return Uitgenodigd(codes, niet, BRON_LIJST if lijstmodus else BRON_KOMPAS)


def aantallen_uitgenodigd(metingen: list[Meting]) -> dict[int, int]:
    """Meting pk → the size of its invited set summed over its questionnaires, for the list of
    waves: the same count as ``len(uitgenodigde_set(...).codes)`` (the organisations mailed by
    Kompas or on the uploaded list; everyone of the year for a questionnaire without
    invitations), counted by the database in one query for every wave. ``metingen`` have their
    ``vragenlijsten`` prefetched."""

    if not metingen:
        return {}
    per_lijst = {
        (r["meting_id"], r["vragenlijst_id"]): r["uitgenodigd"]
        for r in Uitnodiging.objects.filter(meting__in=[m.pk for m in metingen])
        .values("meting_id", "vragenlijst_id")
        .annotate(
            uitgenodigd=Count(
                "organisatie_code", distinct=True, filter=Q(uitgenodigd_op__isnull=False) | Q(buiten_kompas=True)
            )
        )
        .order_by()
    }
    uit = {}
    for m in metingen:
        uit[m.pk] = sum(
            per_lijst[(m.pk, lijst.pk)] if (m.pk, lijst.pk) in per_lijst else _populatie(m.jaar, lijst.doelgroep)
            for lijst in m.vragenlijsten.all()
        )
    return uit


def _populatie(jaar: int, doelgroep: str) -> int:
    """How many organisations of this kind the year has: reference data only, so counted once per
    version of them."""
    return per_regio_versie("monitor.populatie", lambda j, d: len(organisaties_van_jaar(j, d)), jaar, doelgroep)


def organisatiestatus(responsen, alleen: set[str] | None = None) -> dict[tuple[int, str], bool]:
    """(questionnaire pk, organisation) → whether it answered completely, for every organisation
    with a response in the cleaned data set. The one count of "respons" and "volledig" that the
    response figures and the progress table both read: an organisation counts once however many
    submissions it sent, a submission made for several gemeenten counts for each of them (the
    cleaning splits it), and complementary halves that the cleaning combined count as the
    complete response they became."""
    uit: dict[tuple[int, str], bool] = {}
    for r in responsen:
        if alleen is None or r.organisatie in alleen:
            uit[r.sleutel] = uit.get(r.sleutel, False) or bool(r.volledig)
    return uit


@dataclass
class Responscijfers:
    """The response of one questionnaire of a wave."""

    lijst: Vragenlijst
    populatie: int  # organisations of this kind in the wave's year
    uitgenodigd: int
    bron: str
    niet_uitgenodigd: list[tuple[str, int]] = field(default_factory=list)  # (reason, number)
    ontvangen: int = 0  # raw submissions
    responsen: int = 0  # responses after cleaning (rows of the cleaned data set)
    respons: int = 0  # organisations with a response after cleaning
    volledig: int = 0  # organisations with a complete response
    buiten_uitnodiging: int = 0  # responding organisations outside the invited set
    meervoudig: int = 0  # organisations that still have more than one response (a decision waits)

    @property
    def pct(self) -> float | None:
        return 100.0 * self.respons / self.uitgenodigd if self.uitgenodigd else None

    @property
    def pct_volledig(self) -> float | None:
        return 100.0 * self.volledig / self.uitgenodigd if self.uitgenodigd else None

    @property
    def n_niet_uitgenodigd(self) -> int:
        return sum(n for _r, n in self.niet_uitgenodigd)


@dataclass
class Responsoverzicht:
    lijsten: list[Responscijfers]

    @property
    def ontvangen(self) -> int:
        return sum(c.ontvangen for c in self.lijsten)

    @property
    def responsen(self) -> int:
        return sum(c.responsen for c in self.lijsten)

    @property
    def uitgenodigd(self) -> int:
        return sum(c.uitgenodigd for c in self.lijsten)

    def voor(self, lijst) -> Responscijfers | None:
        pk = getattr(lijst, "pk", lijst)
        return next((c for c in self.lijsten if c.lijst.pk == pk), None)


def responscijfers(meting: Meting, *, ctx=None, responsen=None, alleen: set[str] | None = None) -> Responsoverzicht:
    """The response figures of every questionnaire of ``meting`` (``alleen``: of these
    organisations only, e.g. a region). Callers that already cleaned the wave pass ``ctx``
    and ``responsen`` so the data is read and cleaned once."""

    if ctx is None:
        o = opgeschoond(meting)
        ctx, responsen = o.ctx, (o.responsen if responsen is None else responsen)
    responsen = opgeschoonde_responsen(meting, ctx) if responsen is None else responsen
    per_lijst = defaultdict(list)
    for r in responsen:
        if alleen is None or r.organisatie in alleen:
            per_lijst[r.vragenlijst_id].append(r)
    status = organisatiestatus(responsen, alleen)
    uit = []
    for lijst in meting.vragenlijsten.order_by("doelgroep", "code"):
        populatie = set(organisaties_van_jaar(meting.jaar, lijst.doelgroep))
        u = uitgenodigde_set(meting, lijst, populatie)
        codes, niet = u.codes, u.niet
        if alleen is not None:
            populatie &= alleen
            codes = codes & alleen
            niet = {c: r for c, r in niet.items() if c in alleen}
        eigen = per_lijst.get(lijst.pk, [])
        per_org = Counter(r.organisatie for r in eigen)
        # the response rate counts invited organisations only; an answer from outside the invited
        # set is counted apart (buiten_uitnodiging), so the rate never exceeds 100%
        orgs = {code: vol for (pk, code), vol in status.items() if pk == lijst.pk and code in codes}
        ontvangen = sum(
            1
            for i in ctx.inzendingen
            if i.vragenlijst_id == lijst.pk and (alleen is None or set(i.organisaties) & alleen)
        )
        redenen = Counter(niet.values())
        uit.append(
            Responscijfers(
                lijst=lijst,
                populatie=len(populatie),
                uitgenodigd=len(codes),
                bron=u.bron,
                niet_uitgenodigd=sorted(redenen.items(), key=lambda t: (-t[1], t[0])),
                ontvangen=ontvangen,
                responsen=len(eigen),
                respons=len(orgs),
                volledig=sum(orgs.values()),
                buiten_uitnodiging=len(set(per_org) - codes),
                meervoudig=sum(1 for n in per_org.values() if n > 1),
            )
        )
    return Responsoverzicht(uit)
