"""The verantwoording to the centrumgemeente (issue 10, 13b): per year or quarter the
aanmeldingen, trajecten started and closed by reason, time per phase, actions per domain,
consultations (informatie en advies), and the fte in use beside the rule of seed 002 ch. 1.

Only aggregates, and every count passes :mod:`kompas.core.publicatie` (small-cell
suppression): the same figures go to the zorgcoördinator, the centrumgemeente's
beleidsadviseur and the ketenregisseur, so they are one publication.
"""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.actor import Actor
from kompas.core import publicatie
from kompas.core.pdf import pdf_maken
from kompas.core.registry import registry
from kompas.core.tabular import xlsx_rij
from kompas.regio.constants import Indeling
from kompas.regio.selectors import codes_in_regio, inwoners_van, regio_met_id
from kompas.zorg.constants import (
    OPEN_FASEN,
    AanmeldingBron,
    AanmeldingStand,
    ActieStand,
    Afsluitreden,
    ConsultatieOrganisatie,
    Domein,
    Fase,
    Leeftijdsgroep,
    Vorm,
)
from kompas.zorg.models import (
    Aanmelding,
    Consultatie,
    FaseWijziging,
    Traject,
    Werkgebied,
    Zorgactie,
)
from kompas.zorg.policies import verantwoording_actie
from kompas.zorg.selectors import werkgebied_gemeenten, werkgebied_van

EERSTE_JAAR = 2015  # nothing in Kompas is older; the form offers the years since


@dataclass(frozen=True)
class Periode:
    jaar: int
    kwartaal: int | None = None

    @property
    def begin(self) -> date:
        return date(self.jaar, 1 if self.kwartaal is None else 3 * self.kwartaal - 2, 1)

    @property
    def eind(self) -> date:
        """The first day after the period."""
        if self.kwartaal is None or self.kwartaal == 4:
            return date(self.jaar + 1, 1, 1)
        return date(self.jaar, 3 * self.kwartaal + 1, 1)

    def tijdvak(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime(self.begin.year, self.begin.month, 1, tzinfo=tz),
            datetime(self.eind.year, self.eind.month, 1, tzinfo=tz),
        )

    @property
    def label(self) -> str:
        return str(self.jaar) if self.kwartaal is None else f"{self.jaar}, {self.kwartaal}e kwartaal"

    @property
    def slug(self) -> str:
        return str(self.jaar) if self.kwartaal is None else f"{self.jaar}-K{self.kwartaal}"


# --- who sees which werkgebied ----------------------------------------------------------


def werkgebieden_voor(actor: Actor) -> list[Werkgebied]:
    """The werkgebieden whose verantwoording the actor may see:

    * a zorgcoördinator: that of their own organisation;
    * a beleidsadviseur of a gemeente: those whose centrumgemeente it is;
    * a ketenregisseur: those lying wholly in the region of their organisation.
    """
    actie = verantwoording_actie(actor)
    qs = Werkgebied.objects.select_related("zorgorganisatie", "regio").order_by("zorgorganisatie__naam")
    if actie == "verantwoording_eigen":
        eigen = werkgebied_van(actor.organisatie)
        return [eigen] if eigen else []
    if actie == "verantwoording_centrumgemeente":
        code = actor.organisatie.cbs_code
        return list(qs.filter(centrumgemeente_code=code)) if code else []
    if actie == "verantwoording_regio":
        regio = regio_met_id(actor.organisatie.regio_id)
        if regio is None:
            return []

        codes = set(codes_in_regio(regio))
        uit = []
        for w in qs:
            eigen = werkgebied_gemeenten(w)
            if eigen and eigen <= codes:
                uit.append(w)
        return uit
    return []


# --- the figures ------------------------------------------------------------------------


@dataclass
class Tabel:
    titel: str
    kolom: str
    rijen: list[tuple[str, int | str]]


@dataclass
class Sectie:
    titel: str
    totaal_label: str
    totaal: int | str
    tabellen: list[Tabel] = field(default_factory=list)
    toelichting: str = ""


@dataclass
class FaseDuur:
    fase: str
    aantal: int | str  # completed stays in this phase, published
    mediaan: int | None  # days, only when the count is shown
    gemiddeld: float | None


@dataclass
class Fte:
    in_gebruik: Decimal
    inwoners: int
    politieregio: bool
    berekening: object  # zelfscan.fte.Berekening, through the registry

    @property
    def oordeel(self) -> str:
        b = self.berekening
        x = float(self.in_gebruik)
        if x < b.totaal_min:
            return _("minder dan de vuistregel")
        if x > b.totaal_max:
            return _("meer dan de vuistregel")
        return _("binnen de vuistregel")


@dataclass
class Verantwoording:
    werkgebied: Werkgebied
    periode: Periode
    secties: list[Sectie]
    fasen: list[FaseDuur]
    fte: Fte
    minuten: int | None  # consultation time, only when the number of consultations is shown
    gemeenten: int


def _tabel(titel: str, kolom: str, labels: list[str], cellen: list[publicatie.Grootheid]) -> Tabel:
    return Tabel(titel, kolom, [(lab, g.publiek) for lab, g in zip(labels, cellen, strict=True)])


def _sectie(
    titel: str,
    totaal_label: str,
    totaal: int,
    sluitend: list[tuple[str, str, list[tuple[str, int]]]],
    los: list[tuple[str, str, list[tuple[str, int]]]] = (),
    toelichting: str = "",
) -> tuple[Sectie, publicatie.Grootheid]:
    """One population (``totaal``) with breakdowns that each split it once (``sluitend``) or
    not (``los``, e.g. several forms per traject), protected together."""
    t, s, losse = publicatie.tabellen(
        totaal, [[n for _l, n in r] for _t, _k, r in sluitend], [[n for _l, n in r] for _t, _k, r in los]
    )
    tabellen = [_tabel(ti, k, [lab for lab, _n in r], cellen) for (ti, k, r), cellen in zip(sluitend, s, strict=True)]
    tabellen += [_tabel(ti, k, [lab for lab, _n in r], cellen) for (ti, k, r), cellen in zip(los, losse, strict=True)]
    return Sectie(titel, totaal_label, t.publiek, tabellen, toelichting), t


def _per(choices, telling: dict) -> list[tuple[str, int]]:
    return [(str(label), telling.get(waarde, 0)) for waarde, label in choices]


def _aanmeldingen(org_id: int, begin: datetime, eind: datetime) -> Sectie:
    qs = Aanmelding.objects.filter(zorgorganisatie_id=org_id, tijdstip__gte=begin, tijdstip__lt=eind)
    a = qs.aggregate(
        totaal=Count("id"),
        **{f"bron_{v}": Count("id", filter=Q(bron=v)) for v in AanmeldingBron.values},
        **{f"stand_{v}": Count("id", filter=Q(stand=v)) for v in AanmeldingStand.values},
    )
    bron = [(str(lab), a[f"bron_{v}"]) for v, lab in AanmeldingBron.choices]
    stand = [(str(lab), a[f"stand_{v}"]) for v, lab in AanmeldingStand.choices]
    sectie, _t = _sectie(
        _("Aanmeldingen"),
        _("Aanmeldingen in de periode"),
        a["totaal"],
        [
            (_("Aanmeldingen per bron"), _("Bron"), bron),
            (_("Aanmeldingen per uitkomst (stand nu)"), _("Uitkomst"), stand),
        ],
    )
    return sectie


def _gestart(org_id: int, begin: datetime, eind: datetime) -> Sectie:
    rijen = list(
        Traject.objects.filter(zorgorganisatie_id=org_id, aangemaakt_op__gte=begin, aangemaakt_op__lt=eind).values_list(
            "vormen", "leeftijdsgroep"
        )
    )
    vormen: dict[str, int] = defaultdict(int)
    leeftijd: dict[str, int] = defaultdict(int)
    for vs, lg in rijen:  # a JSON list per traject: counted here, the same on SQLite and PostgreSQL
        for v in set(vs or []):
            vormen[v] += 1
        leeftijd[lg] += 1
    sectie, _t = _sectie(
        _("Trajecten gestart"),
        _("Trajecten gestart in de periode"),
        len(rijen),
        [(_("Gestarte trajecten per leeftijdsgroep"), _("Leeftijdsgroep"), _per(Leeftijdsgroep.choices, leeftijd))],
        [
            (
                _("Gestarte trajecten per vorm van uitbuiting (een traject kan meer vormen hebben)"),
                _("Vorm"),
                _per(Vorm.choices, vormen),
            )
        ],
    )
    return sectie


def _afgesloten(org_id: int, begin: datetime, eind: datetime) -> Sectie:
    telling = dict(
        Traject.objects.filter(
            zorgorganisatie_id=org_id, fase=Fase.AFGESLOTEN, afgesloten_op__gte=begin, afgesloten_op__lt=eind
        )
        .values_list("afsluitreden")
        .annotate(n=Count("id"))
        .order_by()
    )
    sectie, _t = _sectie(
        _("Trajecten afgesloten"),
        _("Trajecten afgesloten in de periode"),
        sum(telling.values()),
        [(_("Afgesloten trajecten per reden"), _("Reden van afsluiten"), _per(Afsluitreden.choices, telling))],
    )
    return sectie


def _acties(org_id: int, begin: datetime, eind: datetime) -> Sectie:
    qs = Zorgactie.objects.filter(traject__zorgorganisatie_id=org_id, aangemaakt_op__gte=begin, aangemaakt_op__lt=eind)
    a = qs.aggregate(
        totaal=Count("id"),
        **{f"domein_{v}": Count("id", filter=Q(domein=v)) for v in Domein.values},
        **{f"stand_{v}": Count("id", filter=Q(stand=v)) for v in ActieStand.values},
    )
    sectie, _t = _sectie(
        _("Zorgacties"),
        _("Zorgacties uitgezet in de periode"),
        a["totaal"],
        [
            (_("Zorgacties per domein"), _("Domein"), [(str(lab), a[f"domein_{v}"]) for v, lab in Domein.choices]),
            (
                _("Zorgacties per stand (nu)"),
                _("Stand"),
                [(str(lab), a[f"stand_{v}"]) for v, lab in ActieStand.choices],
            ),
        ],
    )
    return sectie


def _consultaties(org_id: int, periode: Periode) -> tuple[Sectie, int | None]:
    qs = Consultatie.objects.filter(zorgorganisatie_id=org_id, datum__gte=periode.begin, datum__lt=periode.eind)
    a = qs.aggregate(
        totaal=Count("id"),
        minuten=Sum("minuten"),
        **{f"type_{v}": Count("id", filter=Q(organisatie_type=v)) for v in ConsultatieOrganisatie.values},
    )
    sluitend = [
        (
            _("Consultaties per soort organisatie"),
            _("Soort organisatie"),
            [(str(lab), a[f"type_{v}"]) for v, lab in ConsultatieOrganisatie.choices],
        )
    ]
    if periode.kwartaal is None:
        per_k = {
            k: qs.filter(datum__gte=Periode(periode.jaar, k).begin, datum__lt=Periode(periode.jaar, k).eind).count()
            for k in range(1, 5)
        }
        sluitend.append(
            (
                _("Consultaties per kwartaal"),
                _("Kwartaal"),
                [(_("kwartaal %(k)d") % {"k": k}, n) for k, n in per_k.items()],
            )
        )
    sectie, t = _sectie(
        _("Informatie en advies"),
        _("Consultaties door professionals"),
        a["totaal"],
        sluitend,
        toelichting=_("Vragen van professionals aan de zorgcoördinator, zonder persoonsgegevens vastgelegd."),
    )
    return sectie, (a["minuten"] or 0) if t.getoond else None


def _fasen(org_id: int, begin: datetime, eind: datetime) -> list[FaseDuur]:
    """How long trajecten stayed in each phase: every stay that ended in the period, from the
    appended history (the stay from one phase change to the next)."""
    in_periode = FaseWijziging.objects.filter(
        traject__zorgorganisatie_id=org_id, tijdstip__gte=begin, tijdstip__lt=eind
    ).values("traject_id")
    rijen = (
        FaseWijziging.objects.filter(traject_id__in=in_periode, tijdstip__lt=eind)
        .order_by("traject_id", "tijdstip", "id")
        .values_list("traject_id", "naar", "tijdstip")
    )
    duur: dict[str, list[float]] = defaultdict(list)
    vorige = None
    for traject_id, naar, tijdstip in rijen.iterator(chunk_size=5000):
        if vorige is not None and vorige[0] == traject_id and tijdstip >= begin and vorige[1] in OPEN_FASEN:
            duur[vorige[1]].append((tijdstip - vorige[2]).total_seconds() / 86400)
        vorige = (traject_id, naar, tijdstip)
    beschermd = publicatie.rij([len(duur[f]) for f in OPEN_FASEN], None, sluitend=False)
    uit = []
    for f, g in zip(OPEN_FASEN, beschermd.cellen, strict=True):
        dagen = duur[f]
        toon = g.getoond and bool(dagen)  # a median of 1–4 stays would describe those few cliënten
        uit.append(
            FaseDuur(
                str(Fase(f).label),
                g.publiek,
                round(statistics.median(dagen)) if toon else None,
                round(statistics.fmean(dagen), 1) if toon else None,
            )
        )
    return uit


def _fte(werkgebied: Werkgebied, codes: set[str]) -> Fte:
    inwoners = inwoners_van(codes)
    politie = bool(werkgebied.regio_id and werkgebied.regio.indeling == Indeling.POLITIE_EENHEID)
    return Fte(werkgebied.fte, inwoners, politie, registry.service("zelfscan.fte_berekenen")(inwoners, politie))


def verantwoording(werkgebied: Werkgebied, periode: Periode) -> Verantwoording:
    """Every figure of the verantwoording of one werkgebied over one period, protected."""
    org_id = werkgebied.zorgorganisatie_id
    begin, eind = periode.tijdvak()
    consultaties, minuten = _consultaties(org_id, periode)
    secties = [
        _aanmeldingen(org_id, begin, eind),
        _gestart(org_id, begin, eind),
        _afgesloten(org_id, begin, eind),
        _acties(org_id, begin, eind),
        consultaties,
    ]
    codes = werkgebied_gemeenten(werkgebied)
    return Verantwoording(
        werkgebied, periode, secties, _fasen(org_id, begin, eind), _fte(werkgebied, codes), minuten, len(codes)
    )


# --- the formats ------------------------------------------------------------------------


def rijen(v: Verantwoording):
    """The verantwoording as rows (section, table, category, value) for the spreadsheet."""
    yield [_("onderdeel"), _("tabel"), _("categorie"), _("waarde")]
    yield [_("Periode"), "", "", v.periode.label]
    yield [_("Zorgorganisatie"), "", "", v.werkgebied.zorgorganisatie.naam]
    for s in v.secties:
        yield [s.titel, s.totaal_label, _("totaal"), s.totaal]
        for t in s.tabellen:
            for label, n in t.rijen:
                yield [s.titel, t.titel, label, n]
    if v.minuten is not None:
        yield [_("Informatie en advies"), _("Tijd"), _("minuten"), v.minuten]
    for f in v.fasen:
        yield [_("Tijd per fase"), f.fase, _("afgeronde verblijven"), f.aantal]
        yield [_("Tijd per fase"), f.fase, _("mediaan (dagen)"), "" if f.mediaan is None else f.mediaan]
    b = v.fte.berekening
    yield [_("Fte"), _("in gebruik"), "", float(v.fte.in_gebruik)]
    yield [_("Fte"), _("vuistregel"), _("minimaal"), b.totaal_min]
    yield [_("Fte"), _("vuistregel"), _("maximaal"), b.totaal_max]
    yield [_("Fte"), _("vuistregel"), _("inwoners werkgebied"), v.fte.inwoners]


def als_xlsx(v: Verantwoording) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Verantwoording"
    for r in rijen(v):
        xlsx_rij(ws, r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def als_pdf(v: Verantwoording) -> bytes:
    return pdf_maken(render_to_string("zorg/verantwoording_pdf.html", {"v": v}))


def beschikbare_jaren() -> list[int]:
    return list(range(timezone.localdate().year, EERSTE_JAAR - 1, -1))
