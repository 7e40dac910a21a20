"""Analysis of a cleaned wave: response, per-question figures, breakdowns with small cells
suppressed, coded open answers and the comparison with the previous wave.

Percentages are over those who answered the question (N is given with every figure), as in
het VNG-onderzoek Onderzoek aanpak mensenhandel in gemeenten (Significant Public, 2021); for a
`meer` question the percentage per option is over those who ticked at least one option. The
counting is vectorised with NumPy: answers are encoded once into an integer matrix
(responses × questions) and every table is a ``bincount`` over it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache

from kompas.core import publicatie
from kompas.monitor import vragen as vraagregels
from kompas.monitor.models import (
    Bouwsteen,
    Codecategorie,
    Codering,
    Meting,
    Vraag,
    Vragenlijst,
)
from kompas.monitor.opschoning import (
    CACHE_SECONDEN,
    Context,
    Respons,
    invoer,
    opgeschoond,
    opgeschoonde_responsen,
    versie,
)
from kompas.monitor.respons import organisaties_van_jaar, uitgenodigde_set
from kompas.regio.constants import Indeling
from kompas.regio.selectors import gemeenten_in_jaar, opvolger_tabel, per_regio_versie, regio_tabel, regio_versie

GROOTTEKLASSEN = [
    (0, 20_000, "minder dan 20.000 inwoners"),
    (20_000, 50_000, "20.000 tot 50.000 inwoners"),
    (50_000, 100_000, "50.000 tot 100.000 inwoners"),
    (100_000, None, "100.000 inwoners of meer"),
]
ONBEKEND = "onbekend"


def grootteklasse(inwoners: int | None) -> str:
    if inwoners is None:
        return ONBEKEND
    for ondergrens, bovengrens, label in GROOTTEKLASSEN:
        if inwoners >= ondergrens and (bovengrens is None or inwoners < bovengrens):
            return label
    return ONBEKEND


@dataclass(frozen=True)
class OrgInfo:
    code: str
    naam: str
    type: str  # "gemeente" or "zvh"
    provincie: str = ""
    grootteklasse: str = ONBEKEND
    regio: str = ONBEKEND  # zorg- en veiligheidshuisregio
    indelingen: dict = field(
        default_factory=dict, compare=False
    )  # kompas.regio division → region name in the wave's year

    def groep(self, attr: str) -> str:
        """The group this organisation falls in for a breakdown (see :data:`INDELINGEN`)."""
        waarde = getattr(self, attr) if attr in ("provincie", "grootteklasse", "regio") else self.indelingen.get(attr)
        return waarde or ONBEKEND


def organisaties(jaar: int) -> dict[str, OrgInfo]:
    """Every organisation a wave of ``jaar`` can concern, with the groups it is counted in:
    province, size class and the region of every division of :mod:`kompas.regio` that year.
    Read from the reference data only, so cached per version of them."""

    return per_regio_versie("monitor.organisaties", _organisaties, jaar)


def _organisaties(jaar: int) -> dict[str, OrgInfo]:

    # the one regional truth, per division: a year without memberships of its own follows the
    # herindelingen from the nearest year that has them (a 2021 wave is broken down too)
    per_gemeente: dict[str, dict[str, str]] = defaultdict(dict)
    for indeling in Indeling.values:
        for code, regio in regio_tabel(jaar, indeling).items():
            per_gemeente[code][indeling] = regio.naam
    uit = {
        g["cbs_code"]: OrgInfo(
            g["cbs_code"],
            g["naam"],
            "gemeente",
            g["provincie"],
            grootteklasse(g["inwoners"]),
            per_gemeente[g["cbs_code"]].get(Indeling.ZVH, ONBEKEND),
            dict(per_gemeente[g["cbs_code"]]),
        )
        for g in gemeenten_in_jaar(jaar).values("cbs_code", "naam", "provincie", "inwoners")
    }
    for code, naam in organisaties_van_jaar(jaar, Vragenlijst.Doelgroep.ZVH).items():  # the regions of that year
        uit[code] = OrgInfo(code, naam, "zvh", regio=naam)
    return uit


def _pct(n: int, totaal: int) -> float | None:
    return (100.0 * n / totaal) if totaal else None


@dataclass
class Optiecijfer:
    code: str
    label: str
    aantal: int
    pct: float | None


@dataclass
class Groepsrij:
    groep: str
    n: int | str
    cellen: list  # per option: (count or "<5", pct or None)


@dataclass
class Verschuiving:
    code: str
    label: str
    pct_oud: float | None
    pct_nieuw: float | None
    pp: float | None


@dataclass
class VraagResultaat:
    vraag: Vraag
    n: int
    opties: list[Optiecijfer] = field(default_factory=list)
    uitsplitsing: dict[str, list[Groepsrij]] = field(default_factory=dict)
    vergelijking: list[Verschuiving] = field(default_factory=list)
    n_oud: int | None = None
    anders_teksten: int = 0
    publicatie: publicatie.Kruistabel | None = None

    @property
    def code(self) -> str:
        return self.vraag.code


@dataclass
class Matrixresultaat:
    code: str
    tekst: str
    schaal: list[tuple[str, str]]
    rijen: list[tuple[str, VraagResultaat]]


@dataclass
class OpenResultaat:
    vraag: Vraag
    n: int
    n_gecodeerd: int
    categorieen: list[tuple[Codecategorie, int, float | None]]
    tonen: list[tuple[Codecategorie, int | str, float | None]] = field(default_factory=list)  # as published


@dataclass
class Bouwsteenresultaat:
    code: str
    label: str
    vragen: list[VraagResultaat]
    matrixen: list[Matrixresultaat]
    factoren: dict[
        str, list[tuple[Codecategorie, int]]
    ]  # vraag code (HELPEND/BELEMMEREND) → categories of this bouwsteen


@dataclass
class Responsrij:
    groep: str
    uitgenodigd: int
    respons: int
    volledig: int

    @property
    def pct(self) -> float | None:
        return _pct(self.respons, self.uitgenodigd)

    @property
    def pct_volledig(self) -> float | None:
        return _pct(self.volledig, self.uitgenodigd)


@dataclass
class Lijstresultaat:
    lijst: Vragenlijst
    ontvangen: int
    respons: Responsrij
    responstabellen: dict[str, list[Responsrij]]
    bouwstenen: list[Bouwsteenresultaat]
    open: list[OpenResultaat]
    alle_vragen: list[VraagResultaat]
    vergelijking_met: Meting | None = None
    panel: int = 0
    heringedeeld: int = 0


def _indelingen() -> dict[str, str]:
    uit = {
        "grootteklasse": "Grootteklasse (inwoners)",
        "provincie": "Provincie",
        "regio": "Zorg- en veiligheidshuisregio",
    }
    uit.update({i.value: i.label for i in Indeling if i != Indeling.ZVH})  # lazy: translated when shown
    return uit


# Every division a report can break gemeenten down by, chosen at report time: size class,
# province, and every division of kompas.regio (the ZVH region under its old key "regio";
# VO-regio, politie-eenheid, veiligheidsregio, GGD, Veilig Thuis, arbeidsmarktregio).
INDELINGEN = _indelingen()
MAX_UITSPLITSINGEN = 2  # kompas.core.publicatie protects a question with up to two breakdowns as one
UITSPLITSINGEN = {"grootteklasse": INDELINGEN["grootteklasse"], "regio": INDELINGEN["regio"]}  # the default
RESPONSGROEPEN = {
    "provincie": "Provincie",
    "grootteklasse": "Grootteklasse (inwoners)",
    "regio": "Zorg- en veiligheidshuisregio",
}


def uitsplitsingen_kiezen(keuze=None) -> dict[str, str]:
    """The breakdowns of a report: the default, or up to two known divisions in the order given."""
    if not keuze:
        return dict(UITSPLITSINGEN)
    keuze = list(dict.fromkeys(keuze))
    onbekend = [k for k in keuze if k not in INDELINGEN]
    if onbekend:
        raise ValueError(f"onbekende indeling {', '.join(onbekend)} (kies uit {', '.join(INDELINGEN)})")
    if len(keuze) > MAX_UITSPLITSINGEN:
        raise ValueError(f"hoogstens {MAX_UITSPLITSINGEN} uitsplitsingen per rapport")
    return {k: INDELINGEN[k] for k in keuze}


class Encoded:
    """Answers of one questionnaire as integer arrays: ``enkel[q]`` holds the option index or
    -1; ``meer[q]`` is a (responses × options) 0/1 matrix."""

    def __init__(self, vragen: list[Vraag], responsen: list[Respons]):
        self.n = len(responsen)
        self.index = {}
        self.enkel: dict[str, np.ndarray] = {}
        self.meer: dict[str, np.ndarray] = {}
        for v in vragen:
            codes = [o.code for o in v.opties.all()]
            self.index[v.code] = {c: i for i, c in enumerate(codes)}
        antwoorden = [r.antwoorden for r in responsen]
        for v in vragen:
            idx = self.index[v.code]
            code = v.code
            if v.type == Vraag.Type.ENKEL:
                if v.toon_als:
                    waarden = (idx.get(a.get(code), -1) if vraagregels.zichtbaar(v, a) else -1 for a in antwoorden)
                else:
                    waarden = (idx.get(a.get(code), -1) for a in antwoorden)
                self.enkel[code] = np.fromiter(waarden, dtype=np.int64, count=self.n)
            elif v.type == Vraag.Type.MEER:
                mat = np.zeros((self.n, len(idx)), dtype=np.int64)
                for i, a in enumerate(antwoorden):
                    for waarde in a.get(code) or ():
                        j = idx.get(waarde)
                        if j is not None:
                            mat[i, j] = 1
                self.meer[code] = mat


def _groepen(waarden: list[str]) -> tuple[list[str], np.ndarray]:
    labels = sorted(set(waarden), key=lambda g: (g == ONBEKEND, _groepsvolgorde(g)))
    pos = {g: i for i, g in enumerate(labels)}
    return labels, np.fromiter((pos[w] for w in waarden), dtype=np.int32, count=len(waarden))


def _groepsvolgorde(g: str):
    klassen = [label for _, _, label in GROOTTEKLASSEN]
    return (klassen.index(g), "") if g in klassen else (len(klassen), g)


def _vraagresultaat(v: Vraag, enc: Encoded, groepen: dict[str, tuple[list[str], np.ndarray]]) -> VraagResultaat:
    opties = list(v.opties.all())
    k = len(opties)
    if v.type == Vraag.Type.ENKEL:
        col = enc.enkel[v.code]
        geldig = col >= 0
        n = int(geldig.sum())
        counts = np.bincount(col[geldig], minlength=k) if k else np.zeros(0, dtype=int)
    else:
        mat = enc.meer[v.code]
        geldig = mat.any(axis=1) if k else np.zeros(enc.n, dtype=bool)
        n = int(geldig.sum())
        counts = mat.sum(axis=0)
    res = VraagResultaat(
        v, n, [Optiecijfer(o.code, o.label, int(c), _pct(int(c), n)) for o, c in zip(opties, counts, strict=True)]
    )
    tabellen = []
    for labels, g in groepen.values():
        G = len(labels)
        n_groep = np.bincount(g[geldig], minlength=G)
        if v.type == Vraag.Type.ENKEL:
            per = (
                np.bincount(g[geldig] * k + col[geldig], minlength=G * k).reshape(G, k)
                if k
                else np.zeros((G, 0), dtype=int)
            )
        else:
            per = (
                np.stack(
                    [np.bincount(g[geldig], weights=mat[geldig, j], minlength=G) for j in range(k)], axis=1
                ).astype(np.int64)
                if k
                else np.zeros((G, 0), dtype=np.int64)
            )
        tabellen.append((labels, n_groep.tolist(), per.tolist()))
    # everything of this question that is published, protected as one table
    res.publicatie = publicatie.kruistabel(
        n, [int(c) for c in counts], [(ng, per) for _l, ng, per in tabellen], sluitend=v.type == Vraag.Type.ENKEL
    )
    for naam, (labels, ng, per), (n_pub, cel_pub) in zip(groepen, tabellen, res.publicatie.uitsplitsingen, strict=True):
        res.uitsplitsing[naam] = [
            Groepsrij(
                label,
                n_pub[gi].publiek,
                [
                    (c.publiek, publicatie.pct(c, n_pub[gi], _pct(per[gi][j], ng[gi])))
                    for j, c in enumerate(cel_pub[gi])
                ],
            )
            for gi, label in enumerate(labels)
        ]
    return res


def tonen(res: VraagResultaat) -> list[tuple[Optiecijfer, int | str, float | None]]:
    """Option figures as they may be published (see :mod:`kompas.core.publicatie`)."""
    pub = res.publicatie.opties
    return [
        (o, p.publiek, publicatie.pct(p, res.publicatie.totaal, o.pct)) for o, p in zip(res.opties, pub, strict=True)
    ]


def _codering(meting: Meting, lijst_responsen: list[Respons], vragen: list[Vraag]) -> list[OpenResultaat]:
    open_vragen = [v for v in vragen if v.type == Vraag.Type.OPEN]
    if not open_vragen:
        return []
    categorieen = defaultdict(list)
    for c in Codecategorie.objects.filter(meting=meting, vraag_code__in=[v.code for v in open_vragen]):
        categorieen[c.vraag_code].append(c)
    per_inzending: dict[tuple[int, str], set[int]] = defaultdict(set)
    for inz, code, cat in Codering.objects.filter(
        inzending__meting=meting, vraag_code__in=[v.code for v in open_vragen]
    ).values_list("inzending_id", "vraag_code", "categorieen"):
        if cat is not None:
            per_inzending[(inz, code)].add(cat)
    uit = []
    for v in open_vragen:
        n = n_gecodeerd = 0
        tellers: dict[int, int] = defaultdict(int)
        for r in lijst_responsen:
            if not str(r.antwoorden.get(v.code, "")).strip():
                continue
            n += 1
            cats = set().union(*(per_inzending.get((i, v.code), set()) for i in r.inzendingen))
            if cats:
                n_gecodeerd += 1
                for c in cats:
                    tellers[c] += 1
        rijen = sorted(
            ((c, tellers[c.pk], _pct(tellers[c.pk], n_gecodeerd)) for c in categorieen[v.code]),
            key=lambda t: (-t[1], t[0].volgorde),
        )
        # a respondent can fall into several categories: each count stands on its own
        pub = publicatie.rij([t[1] for t in rijen], n_gecodeerd, sluitend=False)
        tonen_ = [
            (c, p.publiek, publicatie.pct(p, pub.totaal, pct))
            for (c, _n, pct), p in zip(rijen, pub.cellen, strict=True)
        ]
        uit.append(OpenResultaat(v, n, n_gecodeerd, rijen, tonen_))
    return uit


def _responstabellen(
    lijst: Vragenlijst,
    uitgenodigd: set[str],
    responsen: list[Respons],
    info: dict[str, OrgInfo],
    groepen: dict[str, str] = RESPONSGROEPEN,
):
    geantwoord = {r.organisatie for r in responsen}
    volledig = {r.organisatie for r in responsen if r.volledig}
    basis = uitgenodigd | geantwoord
    totaal = Responsrij(lijst.get_doelgroep_display(), len(uitgenodigd), len(geantwoord), len(volledig))
    tabellen = {}
    for attr in groepen if lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE else ():
        rijen: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for code in basis:
            groep = info[code].groep(attr) if code in info else ONBEKEND
            rijen[groep][0] += code in uitgenodigd
            rijen[groep][1] += code in geantwoord
            rijen[groep][2] += code in volledig
        tabellen[attr] = [
            Responsrij(g, *rijen[g]) for g in sorted(rijen, key=lambda g: (g == ONBEKEND, _groepsvolgorde(g)))
        ]
    return totaal, tabellen


def uitgenodigde_organisaties(meting: Meting, lijst: Vragenlijst, info: dict[str, OrgInfo]) -> set[str]:
    """The invited organisations (see :mod:`kompas.monitor.respons`, the one definition)."""

    return uitgenodigde_set(meting, lijst, {c for c, i in info.items() if i.type == lijst.doelgroep}).codes


def analyseren(
    meting: Meting,
    vergelijken: bool = True,
    alleen: set[str] | None = None,
    ctx: Context | None = None,
    responsen: list[Respons] | None = None,
    info: dict[str, OrgInfo] | None = None,
    uitsplitsingen: dict[str, str] | None = None,
) -> list[Lijstresultaat]:
    """The whole analysis of one wave, per questionnaire; ``alleen`` narrows it to a set of
    organisations (a region), population included; ``uitsplitsingen`` are the (up to two)
    divisions to break gemeenten down by (:func:`uitsplitsingen_kiezen`; default size class and
    ZVH region), each also a response table. Callers that analyse the same wave twice
    (national and regional) pass the data read and cleaned once."""
    uitsplitsingen = uitsplitsingen if uitsplitsingen is not None else UITSPLITSINGEN
    responsgroepen = {**RESPONSGROEPEN, **uitsplitsingen}
    info = info if info is not None else organisaties(meting.jaar)
    if ctx is None:
        o = opgeschoond(meting)
        ctx, responsen = o.ctx, (o.responsen if responsen is None else responsen)
    responsen = opgeschoonde_responsen(meting, ctx) if responsen is None else responsen
    if alleen is not None:
        responsen = [r for r in responsen if r.organisatie in alleen]
    vorige = _vorige(meting) if vergelijken else None
    uit = []
    for lijst in meting.vragenlijsten.order_by("doelgroep", "code"):
        vragen = ctx.vragen.get(lijst.pk, [])
        eigen = [r for r in responsen if r.vragenlijst_id == lijst.pk]
        ontvangen = sum(1 for i in ctx.inzendingen if i.vragenlijst_id == lijst.pk)
        uitgenodigd = uitgenodigde_organisaties(meting, lijst, info)
        if alleen is not None:
            uitgenodigd &= alleen
        totaal, tabellen = _responstabellen(lijst, uitgenodigd, eigen, info, responsgroepen)
        enc = Encoded([v for v in vragen if v.type != Vraag.Type.OPEN], eigen)
        groepen = {}
        if lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE:
            for attr in uitsplitsingen:
                groepen[attr] = _groepen(
                    [info[r.organisatie].groep(attr) if r.organisatie in info else ONBEKEND for r in eigen]
                )
        resultaten = []
        for v in vragen:
            if v.type == Vraag.Type.OPEN:
                continue
            res = _vraagresultaat(v, enc, groepen)
            res.anders_teksten = (
                sum(1 for r in eigen if str(r.antwoorden.get(f"{v.code}_anders", "")).strip()) if v.anders else 0
            )
            resultaten.append(res)
        open_res = _codering(meting, eigen, vragen)
        resultaat = Lijstresultaat(
            lijst, ontvangen, totaal, tabellen, _per_bouwsteen(resultaten, open_res), open_res, resultaten
        )
        if vorige is not None:
            _vergelijk(resultaat, eigen, vorige, meting)
        uit.append(resultaat)
    return uit


def _per_bouwsteen(resultaten: list[VraagResultaat], open_res: list[OpenResultaat]) -> list[Bouwsteenresultaat]:
    uit = []
    for code, label in Bouwsteen.choices:
        losse = [r for r in resultaten if r.vraag.bouwsteen == code and not r.vraag.matrix]
        matrixen: dict[str, list[VraagResultaat]] = defaultdict(list)
        for r in resultaten:
            if r.vraag.bouwsteen == code and r.vraag.matrix:
                matrixen[r.vraag.matrix].append(r)
        factoren = {o.vraag.code: [(c, n) for c, n, _p in o.tonen if c.bouwsteen == code and n] for o in open_res}
        factoren = {k: v for k, v in factoren.items() if v}
        if not (losse or matrixen or factoren):
            continue
        m_uit = []
        for mcode, rijen in matrixen.items():
            schaal = [(o.code, o.label) for o in rijen[0].vraag.opties.all()]
            tekst = rijen[0].vraag.tekst.split(" – ")[0]
            m_uit.append(Matrixresultaat(mcode, tekst, schaal, [(r.vraag.tekst.split(" – ")[-1], r) for r in rijen]))
        uit.append(Bouwsteenresultaat(code, str(label), losse, m_uit, factoren))
    return uit


@dataclass
class Vorige:
    meting: Meting
    responsen: dict[int, list[Respons]]  # doelgroep lijst pk → responses
    lijsten: dict[str, Vragenlijst]  # doelgroep → questionnaire
    vragen: dict[int, dict[str, Vraag]]
    info: dict[str, OrgInfo]


def _vorige(meting: Meting) -> Vorige | None:
    oud = meting.vorige
    if oud is None:
        return None
    o = opgeschoond(oud)
    ctx, responsen = o.ctx, o.responsen
    per: dict[int, list[Respons]] = defaultdict(list)
    for r in responsen:
        per[r.vragenlijst_id].append(r)
    lijsten = {lijst.doelgroep: lijst for lijst in oud.vragenlijsten.all()}
    vragen = {pk: {v.code: v for v in vs} for pk, vs in ctx.vragen.items()}
    return Vorige(oud, dict(per), lijsten, vragen, organisaties(oud.jaar))


def _vergelijk(res: Lijstresultaat, eigen: list[Respons], vorige: Vorige, meting: Meting) -> None:
    """Percentage points between the waves on comparable questions. The older wave's gemeenten
    are mapped onto this wave's codes through the herindelingen; ``panel`` counts the
    organisations that responded in both."""

    oud_lijst = vorige.lijsten.get(res.lijst.doelgroep)
    if oud_lijst is None:
        return
    oud_responsen = vorige.responsen.get(oud_lijst.pk, [])
    mapping = (
        opvolger_tabel(vorige.meting.jaar, meting.jaar) if res.lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE else {}
    )
    nu = {r.organisatie for r in eigen}
    toen: set[str] = set()
    for r in oud_responsen:
        nieuw = mapping.get(r.organisatie, [r.organisatie])
        if nieuw != [r.organisatie]:
            res.heringedeeld += 1
        toen.update(nieuw)
    res.panel = len(nu & toen)
    res.vergelijking_met = vorige.meting
    oud_vragen = vorige.vragen.get(oud_lijst.pk, {})
    te_vergelijken = [
        r
        for r in res.alle_vragen
        if r.vraag.vergelijkbaar and r.code in oud_vragen and oud_vragen[r.code].vergelijkbaar
    ]
    if not te_vergelijken:
        return
    enc = Encoded([oud_vragen[r.code] for r in te_vergelijken], oud_responsen)
    # the previous wave as it was published (its breakdowns included), so that no count it
    # hid can be recomputed from a percentage and a difference printed here
    oud_groepen = {}
    if oud_lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE:
        for attr in UITSPLITSINGEN:
            oud_groepen[attr] = _groepen(
                [
                    vorige.info[x.organisatie].groep(attr) if x.organisatie in vorige.info else ONBEKEND
                    for x in oud_responsen
                ]
            )
    for r in te_vergelijken:
        oud = _vraagresultaat(oud_vragen[r.code], enc, oud_groepen)
        oud_pct = {o.code: p for o, _s, p in tonen(oud)}
        r.n_oud = oud.n
        r.vergelijking = [
            Verschuiving(o.code, o.label, oud_pct.get(o.code), p, publicatie.verschil(oud_pct.get(o.code), p))
            for o, _s, p in tonen(r)
        ]


# --- the analysis per version -------------------------------------------------------------


def _vingerafdruk(
    meting: Meting, stand: str, vergelijken: bool, alleen: set[str] | None, uitsplitsingen: dict[str, str]
) -> str:
    """Everything an analysis is computed from, as one digest: the version of the cleaned data
    set (:func:`kompas.monitor.opschoning.versie`), the questionnaires, the version of the
    reference data (the organisations and their groups, the herindelingen:
    :func:`kompas.regio.selectors.regio_versie`), the codebook and the codings, the
    invitations, the breakdowns and the scope (``alleen``: a region's gemeenten); with
    ``vergelijken`` also the previous wave and its version. Each part is read from the
    database on every call, so a change to any of them (also made by another process) gives
    another digest; nothing is invalidated by hand."""

    h = _Digest()
    h.deel([("analyse-1", meting.pk, meting.jaar, stand, vergelijken, *uitsplitsingen), (regio_versie(),)])
    h.deel([(c,) for c in sorted(alleen)] if alleen is not None else [("alle",)])
    h.deel([(_invoer(meting),)])
    oud = meting.vorige if vergelijken else None
    if oud is not None:
        h.deel([(oud.pk, oud.code, oud.naam, oud.jaar, versie(oud))])
        h.deel(oud.vragenlijsten.order_by("pk").values_list("pk", "code", "naam", "doelgroep"))
    return h.hexdigest()[:40]


class _Digest:
    """Rows of values fed into one SHA-256, each row and each part delimited."""

    def __init__(self) -> None:
        self.h = hashlib.sha256()

    def deel(self, rijen) -> None:
        for rij in rijen:
            self.h.update("\x1f".join(map(str, rij)).encode())
            self.h.update(b"\x1e")
        self.h.update(b"\x00")

    def hexdigest(self) -> str:
        return self.h.hexdigest()


def _invoer(meting: Meting) -> str:
    """The digest of a wave's own inputs besides its answers: questionnaires, codebook,
    codings and invitations (:func:`kompas.monitor.opschoning.invoer`, read with the version
    in one query, once per read request: a page asks for several analyses)."""
    return invoer(meting)


def versie_sleutel(
    meting: Meting,
    naam: str,
    *,
    vergelijken: bool = False,
    alleen: set[str] | None = None,
    uitsplitsingen: dict[str, str] | None = None,
) -> str:
    """The cache key of ``naam`` computed from ``meting`` as it is now (see :func:`per_versie`);
    also the key of a page fragment rendered from it."""
    uitsplitsingen = uitsplitsingen if uitsplitsingen is not None else UITSPLITSINGEN
    vingerafdruk = _vingerafdruk(meting, versie(meting), vergelijken, alleen, uitsplitsingen)
    return f"monitor:analyse:{naam}:{meting.pk}:{vingerafdruk}"


def per_versie(
    meting: Meting,
    naam: str,
    bereken,
    *,
    vergelijken: bool = False,
    alleen: set[str] | None = None,
    uitsplitsingen: dict[str, str] | None = None,
    info: dict[str, OrgInfo] | None = None,
    sleutel: str = "",
):
    # ``info``: :func:`organisaties` of the wave's year, when the caller has it already;
    # ``sleutel``: :func:`versie_sleutel` of the same arguments, when the caller has it already
    """``bereken(info)`` — something computed from the cleaned wave, its organisations and
    groups, codings and invitations — read from the cache when none of these changed (see
    :func:`_vingerafdruk`; ``naam`` names what is computed and must hold everything else that
    scopes it, such as the organisation whose own answers it shows); otherwise computed once
    and stored. A hit reads the version and the small inputs, never the cleaned data set.
    The result is a fresh copy on every call (the cache stores it pickled), so a caller may
    annotate it."""
    sleutel = sleutel or versie_sleutel(
        meting, naam, vergelijken=vergelijken, alleen=alleen, uitsplitsingen=uitsplitsingen
    )
    gevonden = cache.get(sleutel)
    if gevonden is not None:
        return gevonden
    uit = bereken(info if info is not None else organisaties(meting.jaar))
    cache.set(sleutel, uit, CACHE_SECONDEN)
    return uit


def analyse(
    meting: Meting,
    *,
    vergelijken: bool = True,
    alleen: set[str] | None = None,
    uitsplitsingen: dict[str, str] | None = None,
    info: dict[str, OrgInfo] | None = None,
) -> list[Lijstresultaat]:
    """:func:`analyseren` of the cleaned data set, cached per version of everything it is
    computed from (:func:`per_versie`): the pages (the gemeente's and the region's results,
    the report) read it this way. The suppression of small cells over every question and
    breakdown is the costly part and gives the same answer for the same figures."""
    uitsplitsingen = uitsplitsingen if uitsplitsingen is not None else UITSPLITSINGEN

    def bereken(info_):
        o = opgeschoond(meting)
        return analyseren(
            meting,
            vergelijken=vergelijken,
            alleen=alleen,
            ctx=o.ctx,
            responsen=o.responsen,
            info=info_,
            uitsplitsingen=uitsplitsingen,
        )

    return per_versie(
        meting, "lijsten", bereken, vergelijken=vergelijken, alleen=alleen, uitsplitsingen=uitsplitsingen, info=info
    )
