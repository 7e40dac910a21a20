"""Reads of the meldroute, always narrowed to what the actor may see."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kompas.accounts.actor import Actor
from kompas.accounts.policy import get_object_for_actor
from kompas.accounts.selectors import organisaties_met_pk
from kompas.core import publicatie
from kompas.core.datums import maand
from kompas.core.registry import registry
from kompas.meldroute.constants import Herkomst, Sector, Status, Uitkomst, Vorm
from kompas.meldroute.models import (
    Bijlage,
    MeldrouteInstelling,
    PartnerVerzoek,
    Signaal,
    SignaalStatistiek,
    SignaalTelling,
    Verrijking,
)
from kompas.meldroute.policies import policy
from kompas.regio.selectors import gemeenten_in_regio

if TYPE_CHECKING:
    from kompas.accounts.models import Organisatie


def signalen_voor_behandeling(actor: Actor) -> QuerySet[Signaal]:
    if not policy.allows(actor, "behandelen"):
        return Signaal.objects.none()
    return Signaal.objects.filter(gemeente=actor.organisatie)


def signaal_get_voor_behandeling(actor: Actor, pk) -> Signaal:
    return get_object_for_actor(signalen_voor_behandeling(actor).select_related("melder", "gemeente"), pk=pk)


def _heeft(model, veld: str) -> RawSQL:
    """``EXISTS`` a row of ``model`` whose ``veld`` points at the signal of the outer query.
    Written out: Django's ``Exists(…OuterRef…)`` costs more to build than the query it saves."""
    q = connection.ops.quote_name
    tabel, kolom = model._meta.db_table, model._meta.get_field(veld).column
    sql = f"EXISTS(SELECT 1 FROM {q(tabel)} WHERE {q(kolom)} = {q(Signaal._meta.db_table)}.{q('id')})"  # noqa: S608 - names from the models
    return RawSQL(sql, (), output_field=BooleanField())  # noqa: S611 - no parameters, names from the models


def dossier_get(actor: Actor, pk) -> Signaal:
    """The signal of a case file, with whether it has enrichments, attachments, related signals
    and partner requests (``heeft_…``, in the same query): most signals lack most of them, and
    a list that is empty need not be read (see :func:`dossier_lijsten`)."""
    return get_object_for_actor(
        signalen_voor_behandeling(actor)
        .select_related("melder", "gemeente")
        .annotate(
            heeft_verrijkingen=_heeft(Verrijking, "signaal"),
            heeft_bijlagen=_heeft(Bijlage, "signaal"),
            heeft_gerelateerd=_heeft(Signaal.gerelateerd.through, "from_signaal"),
            heeft_partnerverzoeken=_heeft(PartnerVerzoek, "signaal"),
        ),
        pk=pk,
    )


def dossier_lijsten(signaal: Signaal) -> dict[str, list]:
    """The enrichments, attachments, related signals and partner requests of a case file; a
    list the signal is known not to have (:func:`dossier_get`) is not read."""

    def lijst(naam, qs):
        return list(qs) if getattr(signaal, f"heeft_{naam}", True) else []

    return {
        "verrijkingen": lijst("verrijkingen", signaal.verrijkingen.all()),
        "bijlagen": lijst("bijlagen", signaal.bijlagen.all()),
        "gerelateerd": lijst("gerelateerd", signaal.gerelateerd.only("id", "referentie")),
        "partnerverzoeken": lijst("partnerverzoeken", signaal.partnerverzoeken.select_related("partner")),
    }


def eigen_signalen(actor: Actor) -> QuerySet[Signaal]:
    """A melder's own signals in the organisation they act for; nothing else."""
    if not policy.allows(actor, "eigen_signalen"):
        return Signaal.objects.none()
    return Signaal.objects.filter(melder=actor.user, gemeente=actor.organisatie).only(
        "id", "referentie", "aangemaakt_op", "status", "terugkoppeling", "terugkoppeling_op", "acuut", "wanneer"
    )


def eigen_signaal_get(actor: Actor, pk) -> Signaal:
    return get_object_for_actor(eigen_signalen(actor), pk=pk)


def partnerverzoeken(actor: Actor) -> QuerySet[PartnerVerzoek]:
    """What was explicitly shared with the actor's partner organisation; nothing else."""
    if not policy.allows(actor, "verzoeken_beantwoorden"):
        return PartnerVerzoek.objects.none()
    return PartnerVerzoek.objects.filter(partner=actor.organisatie).exclude(stand=PartnerVerzoek.Stand.INGETROKKEN)


def partnerverzoek_get(actor: Actor, pk) -> PartnerVerzoek:
    return get_object_for_actor(partnerverzoeken(actor).select_related("signaal", "signaal__gemeente"), pk=pk)


def _termijnen(gemeente_id: int) -> MeldrouteInstelling:
    return MeldrouteInstelling.objects.filter(gemeente_id=gemeente_id).first() or MeldrouteInstelling(
        gemeente_id=gemeente_id
    )


def te_laat_filter(instelling: MeldrouteInstelling, now=None) -> Q:
    """Signals whose time in the current step exceeds that step's deadline."""
    now = now or timezone.now()
    q = Q(pk__in=[])
    for status in Status.values:
        days = instelling.termijn(status)
        if status != Status.AFGESLOTEN and days is not None:
            q |= Q(status=status, status_sinds__lt=now - timedelta(days=days))
    return q


@dataclass
class InboxFilter:
    status: str = ""
    vorm: str = ""
    sector: str = ""
    ouder_dan_dagen: int | None = None
    te_laat: bool = False
    open_only: bool = True


def inbox(actor: Actor, f: InboxFilter) -> QuerySet[Signaal]:
    qs = signalen_voor_behandeling(actor)
    if f.status:
        qs = qs.filter(status=f.status)
    elif f.open_only:
        qs = qs.exclude(status=Status.AFGESLOTEN)
    if f.vorm in Vorm.values:
        qs = qs.filter(**{f"vorm_{f.vorm}": True})
    if f.sector:
        qs = qs.filter(sector=f.sector)
    if f.ouder_dan_dagen:
        qs = qs.filter(aangemaakt_op__lt=timezone.now() - timedelta(days=f.ouder_dan_dagen))
    instelling = _termijnen(actor.organisatie.pk) if actor.organisatie else MeldrouteInstelling()
    late = te_laat_filter(instelling)
    if f.te_laat:
        qs = qs.filter(late)
    return (
        qs.annotate(is_te_laat=Case(When(late, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-acuut", "-is_te_laat", "-aangemaakt_op")
        .only(
            "id",
            "referentie",
            "status",
            "status_sinds",
            "acuut",
            "sector",
            "aangemaakt_op",
            *[f"vorm_{v}" for v in Vorm.values],
        )
    )


def inbox_stand(actor: Actor) -> dict[str, int]:
    """The inbox in three numbers, for the dashboard: open signals, of which acute, of which
    waiting longer than their step's deadline. One query."""
    instelling = _termijnen(actor.organisatie.pk) if actor.organisatie else MeldrouteInstelling()
    return (
        signalen_voor_behandeling(actor)
        .exclude(status=Status.AFGESLOTEN)
        .aggregate(
            open=Count("id"),
            acuut=Count("id", filter=Q(acuut=True)),
            te_laat=Count("id", filter=te_laat_filter(instelling)),
        )
    )


def achterstanden_per_gemeente() -> list[tuple[Organisatie, int]]:
    result = []
    gemeenten = organisaties_met_pk(Signaal.objects.values("gemeente_id"))
    for gemeente in gemeenten:
        count = Signaal.objects.filter(gemeente=gemeente).filter(te_laat_filter(_termijnen(gemeente.pk))).count()
        if count:
            result.append((gemeente, count))
    return result


# --- Figures (aard en omvang) --------------------------------------------------------


@dataclass
class Scope:
    label: str
    gemeente_codes: list[str] | None  # None = national
    suppress: bool


def scope_voor(actor: Actor, gevraagd: str = "") -> Scope | None:
    """The widest scope the actor may see, or a narrower one they ask for."""
    options = []
    if policy.allows(actor, "cijfers_gemeente"):
        own = policy.allows(actor, "behandelen")
        options.append(("gemeente", Scope(actor.organisatie.naam, [actor.organisatie.cbs_code], suppress=not own)))
    if policy.allows(actor, "cijfers_regio") and actor.organisatie.regio_id:
        regio = actor.organisatie.regio
        codes = list(gemeenten_in_regio(regio).values_list("cbs_code", flat=True))
        options.append(("regio", Scope(f"regio {regio.naam}", codes, suppress=True)))
    if policy.allows(actor, "cijfers_landelijk"):
        options.append(("landelijk", Scope("heel Nederland", None, suppress=True)))
    if not options:
        return None
    for key, scope in options:
        if key == gevraagd:
            return scope
    return options[0][1]


@dataclass
class Tabel:
    titel: str
    kolom: str
    rijen: list[tuple[str, int | str]]
    grafiek: str = "staven"  # or "kolommen" for a trend over time (kompas.core.grafieken)


def _quantiles(histogram: list[tuple[int, int]], fractions: tuple[float, ...]) -> list[int]:
    """Exact order statistics from a (value, count) histogram: lead times are whole days,
    so a few hundred rows stand for any number of signals."""
    total = sum(n for _, n in histogram)
    result = []
    for fraction in fractions:
        target, seen = int(fraction * (total - 1)), 0
        for value, n in sorted(histogram):
            seen += n
            if seen > target:
                result.append(value)
                break
    return result


FIGURES_CACHE_SECONDS = 300


def cijfers(scope: Scope) -> dict:
    """Figures of a scope. Regional and national figures are cached for five minutes
    (aggregates only; nobody needs them to the second); a gemeente's own are always live."""
    if scope.gemeente_codes is not None and len(scope.gemeente_codes) == 1:
        return _cijfers(scope)

    key = (
        "meldroute-cijfers-"
        + hashlib.sha256(repr((sorted(scope.gemeente_codes or []), scope.suppress)).encode()).hexdigest()
    )
    data = cache.get(key)
    if data is None:
        data = _cijfers(scope)
        cache.set(key, {**data, "scope": None}, FIGURES_CACHE_SECONDS)
    return {**data, "scope": scope}


@dataclass
class Telwerk:
    """The raw counts behind a scope's figures: ``a`` per characteristic (see ``_cijfers``),
    signals per month and a histogram of lead times (days, count)."""

    a: dict[str, int]
    maanden: list[tuple[date, int]]
    histogram: list[tuple[int, int]]


def telwerk(scope: Scope) -> Telwerk:
    """The counts of a scope in one query over the maintained counts (``SignaalTelling``:
    per gemeente a row per characteristic, a few thousand rows nationally)."""
    qs = SignaalTelling.objects.all()
    if scope.gemeente_codes is not None:
        qs = qs.filter(gemeente_code__in=scope.gemeente_codes)
    t: dict[tuple[str, str], int] = {}
    maanden, histogram = [], []
    for kenmerk, waarde, n in qs.values_list("kenmerk", "waarde").annotate(n=Sum("aantal")).order_by():
        if not n:
            continue  # a count that went back to zero
        if kenmerk == "maand":
            maanden.append((date.fromisoformat(waarde), n))
        elif kenmerk == "doorlooptijd":
            histogram.append((int(waarde), n))
        else:
            t[(kenmerk, waarde)] = n
    a = {"totaal": t.get(("totaal", ""), 0), "doorloop_n": sum(n for _d, n in histogram)}
    a.update({f"vorm_{v}": t.get(("vorm", v), 0) for v in Vorm.values})
    a.update({f"sector_{v}": t.get(("sector", v), 0) for v in Sector.values})
    a.update({f"herkomst_{v}": t.get(("herkomst", v), 0) for v in Herkomst.values})
    a.update({f"uitkomst_{v}": t.get(("uitkomst", v), 0) for v in Uitkomst.values})
    a.update({f"stap_{n}": t.get(("stap", str(n)), 0) for n in range(2, 8)})
    return Telwerk(a, sorted(maanden), sorted(histogram))


def telwerk_live(scope: Scope) -> Telwerk:
    """The same counts computed from every statistics row (three passes: conditional
    counts, a group-by per month and the lead times). The reference ``telwerk`` must equal;
    tests compare the two."""
    qs = SignaalStatistiek.objects.all()
    if scope.gemeente_codes is not None:
        qs = qs.filter(gemeente_code__in=scope.gemeente_codes)
    aggregates = {"totaal": Count("id"), "doorloop_n": Count("doorlooptijd_dagen")}
    aggregates.update({f"vorm_{v}": Count("id", filter=Q(**{f"vorm_{v}": True})) for v in Vorm.values})
    aggregates.update({f"sector_{v}": Count("id", filter=Q(sector=v)) for v in Sector.values})
    aggregates.update({f"herkomst_{v}": Count("id", filter=Q(herkomst=v)) for v in Herkomst.values})
    aggregates.update({f"uitkomst_{v}": Count("id", filter=Q(uitkomst=v)) for v in Uitkomst.values})
    aggregates.update({f"stap_{n}": Count("id", filter=Q(hoogste_stap=n)) for n in range(2, 8)})
    a = qs.aggregate(**aggregates)
    maanden = list(qs.values_list("maand").annotate(n=Count("id")).order_by("maand"))
    histogram = sorted(
        qs.exclude(doorlooptijd_dagen=None).values_list("doorlooptijd_dagen").annotate(c=Count("id")).order_by()
    )
    return Telwerk(a, maanden, histogram)


def _cijfers(scope: Scope, tellen=telwerk) -> dict:
    """All figures of a scope from its counts (``telwerk``), protected when they leave
    the gemeente (``kompas.core.publicatie``)."""
    sup = scope.suppress
    tw = tellen(scope)
    a = tw.a
    maanden = [(maand(m), n) for m, n in tw.maanden]
    # tables that split every signal once (month, sector, source, highest step) share the total
    sluitend = [
        ("Signalen per maand", "Maand", maanden),
        ("Per sector", "Sector", [(str(label), a[f"sector_{v}"]) for v, label in Sector.choices]),
        (
            "Per bron (hoe het signaal werd opgemerkt)",
            "Bron",
            [(str(label), a[f"herkomst_{v}"]) for v, label in Herkomst.choices],
        ),
        ("Hoogste stap bereikt", "Stap", [(f"stap {n}", a[f"stap_{n}"]) for n in range(2, 8)]),
    ]
    vormen = (
        "Per vorm van uitbuiting (een signaal kan meer vormen hebben)",
        "Vorm",
        [(str(label), a[f"vorm_{v}"]) for v, label in Vorm.choices],
    )
    uitkomsten = (
        "Per uitkomst (afgesloten signalen)",
        "Uitkomst",
        [(str(label), a[f"uitkomst_{v}"]) for v, label in Uitkomst.choices],
    )
    n = a["doorloop_n"]
    totaal: int | str = a["totaal"]
    lead_n: int | str = n
    if sup:
        t, pub_sluitend, (pub_vorm,) = publicatie.tabellen(
            a["totaal"], [[c for _l, c in r] for _t, _k, r in sluitend], [[c for _l, c in vormen[2]]]
        )
        # the outcomes of closed signals add up to the closed signals with a lead time
        uit = publicatie.rij([c for _l, c in uitkomsten[2]], n, sluitend=sum(c for _l, c in uitkomsten[2]) == n)
        totaal, lead_n = t.publiek, uit.totaal.publiek
        sluitend = [
            (ti, k, [(lab, g.publiek) for (lab, _c), g in zip(r, pub, strict=True)])
            for (ti, k, r), pub in zip(sluitend, pub_sluitend, strict=True)
        ]
        vormen = (*vormen[:2], [(lab, g.publiek) for (lab, _c), g in zip(vormen[2], pub_vorm, strict=True)])
        uitkomsten = (
            *uitkomsten[:2],
            [(lab, g.publiek) for (lab, _c), g in zip(uitkomsten[2], uit.cellen, strict=True)],
        )
    in_zorg = _in_zorg(scope)
    per_titel = {ti: Tabel(ti, k, r) for ti, k, r in [*sluitend, vormen, uitkomsten]}
    per_titel["Signalen per maand"].grafiek = "kolommen"
    tabellen = [
        per_titel[ti] for ti, _k, _r in [sluitend[0], vormen, sluitend[1], sluitend[2], uitkomsten, sluitend[3]]
    ]
    lead = None
    if n and isinstance(lead_n, int):
        mediaan, p90 = _quantiles(tw.histogram, (0.5, 0.9))
        lead = {"aantal": n, "mediaan": mediaan, "p90": p90}
    tabellen.append(in_zorg["tabel"])
    return {"totaal": totaal, "tabellen": tabellen, "doorlooptijd": lead, "scope": scope, "in_zorg": in_zorg["totaal"]}


IN_ZORG_TITEL = "Mogelijke slachtoffers in zorg (open trajecten zorgcoördinatie, per fase)"


def _in_zorg(scope: Scope) -> dict:
    """The (possible) victims in zorg now whose gemeente of stay is in the scope, per phase,
    from zorgcoördinatie (through the registry). These are another organisation's cases, so
    they are always published with small cells suppressed, also to a gemeente's own staff."""

    per_fase = registry.service("zorg.slachtoffers_in_zorg")(scope.gemeente_codes)
    t, (cellen,), _los = publicatie.tabellen(sum(n for _l, n in per_fase), [[n for _l, n in per_fase]])
    return {
        "totaal": t.publiek,
        "tabel": Tabel(
            IN_ZORG_TITEL, "Fase", [(label, g.publiek) for (label, _n), g in zip(per_fase, cellen, strict=True)]
        ),
    }
