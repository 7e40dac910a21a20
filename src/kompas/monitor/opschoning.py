"""Cleaning of a wave (seed 000 §2.2) as explicit, logged and reversible decisions.

Raw submissions (:class:`Inzending`) are never changed. The cleaned data set is computed:
one :class:`Respons` per raw submission, then the active :class:`Opschoonstap` rows applied
in a fixed phase order — split multi-gemeente submissions, recode 'anders' answers, then the
duplicate decisions (drop / combine) in the order they were taken. Withdrawing a decision
therefore restores exactly the earlier state.

:func:`regels_toepassen` takes the rule-based decisions (§2.2a incomplete beside complete,
§2.2c split, complementary partial submissions combined); :func:`te_beslissen` lists what
needs an analyst (§2.2b two complete submissions, conflicting partials, 'anders' texts).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.fouten import Geweigerd
from kompas.core.schrijven import eigen, schrijfdienst
from kompas.core.verzoekgeheugen import onthouden
from kompas.monitor import vragen as vraagregels
from kompas.monitor.eigendom import metingen_beheerd, opschoonstappen_beheerd
from kompas.monitor.models import Inzending, Meting, Opschoonstap, Vraag

Soort = Opschoonstap.Soort

REGEL_ONVOLLEDIG = "§2.2a: onvolledige inzending naast een volledige van dezelfde organisatie"
REGEL_UITSPLITSEN = "§2.2c: inzending voor meerdere gemeenten telt voor elk van die gemeenten"
REGEL_AANVULLEND = "Aanvullende deelinzendingen zonder tegenstrijdige antwoorden samengevoegd"


class OpschoonFout(Geweigerd):
    """A decision that cannot be taken; the message is Dutch."""


@dataclass
class Respons:
    """One response in the (partly) cleaned data set."""

    organisatie: str
    vragenlijst_id: int
    inzendingen: tuple[int, ...]
    antwoorden: dict
    volledig: bool
    ook_voor: tuple[str, ...] = ()  # other organisations the raw submission was made for

    @property
    def sleutel(self) -> tuple[int, str]:
        return (self.vragenlijst_id, self.organisatie)


@dataclass
class Beslispunt:
    soort: str  # "dubbel" or "anders"
    uitleg: str
    organisatie: str = ""
    vragenlijst_id: int | None = None
    responsen: list[Respons] = field(default_factory=list)
    vraag_code: str = ""
    tekst: str = ""
    inzending: int | None = None
    suggestie: str = ""


@dataclass(frozen=True)
class Ruw:
    """A raw submission as the pipeline needs it (plain values, no model instance)."""

    pk: int
    vragenlijst_id: int
    organisaties: list
    antwoorden: dict
    volledig: bool


@dataclass
class Context:
    """What the pipeline needs from the database, read once."""

    inzendingen: list[Ruw]
    vragen: dict[int, list[Vraag]]

    @classmethod
    def voor(cls, meting: Meting) -> Context:
        inzendingen = [
            Ruw(*row)
            for row in Inzending.objects.filter(meting=meting)
            .order_by("pk")
            .values_list("id", "vragenlijst_id", "organisaties", "antwoorden", "volledig")
        ]
        lijsten = {i.vragenlijst_id for i in inzendingen} | set(meting.vragenlijsten.values_list("pk", flat=True))
        vragen: dict[int, list[Vraag]] = defaultdict(list)
        for v in Vraag.objects.filter(vragenlijst_id__in=lijsten).prefetch_related("opties"):
            vragen[v.vragenlijst_id].append(v)
        return cls(inzendingen, dict(vragen))


def _fase(stap: Opschoonstap) -> int:
    return {Soort.UITSPLITSEN: 0, Soort.HERCODEREN: 1}.get(stap.soort, 2)


def actieve_stappen(meting: Meting) -> list[Opschoonstap]:
    stappen = Opschoonstap.objects.filter(meting=meting, ingetrokken_op__isnull=True).order_by("op", "pk")
    return sorted(stappen, key=lambda s: (_fase(s), s.op, s.pk))


def ruwe_responsen(ctx: Context) -> list[Respons]:
    return [
        Respons(
            organisatie=(i.organisaties or ["?"])[0],
            vragenlijst_id=i.vragenlijst_id,
            inzendingen=(i.pk,),
            antwoorden=dict(i.antwoorden),
            volledig=i.volledig,
            ook_voor=tuple(i.organisaties[1:]),
        )
        for i in ctx.inzendingen
    ]


def _combineer(delen: list[Respons], vragen: list[Vraag]) -> Respons:
    antwoorden: dict = {}
    for deel in delen:  # priority order: the first that answered a question wins
        for k, v in deel.antwoorden.items():
            antwoorden.setdefault(k, v)
    ids = tuple(i for d in delen for i in d.inzendingen)
    klaar = any(d.volledig for d in delen) or vraagregels.volledig(vragen, antwoorden)
    return Respons(delen[0].organisatie, delen[0].vragenlijst_id, ids, antwoorden, klaar)


def _hercodeer(antwoorden: dict, vraag_code: str, naar: str) -> dict:
    antwoorden = dict(antwoorden)
    waarde = antwoorden.get(vraag_code)
    if isinstance(waarde, list) and "anders" in waarde:
        antwoorden[vraag_code] = sorted({naar if w == "anders" else w for w in waarde})
    elif waarde == "anders":
        antwoorden[vraag_code] = naar
    return antwoorden


def _per_org_toepassen(groep: list[Respons], stap: Opschoonstap, ctx: Context) -> list[Respons]:
    """Apply a drop/combine decision to the responses of its organisation."""
    ids = set(stap.inzendingen)
    geraakt = [r for r in groep if set(r.inzendingen) <= ids]
    if stap.soort == Soort.VERWIJDEREN:
        return [r for r in groep if not any(r is g for g in geraakt)]
    if stap.soort == Soort.COMBINEREN and len(geraakt) >= 2:
        volgorde = {pk: n for n, pk in enumerate(stap.inzendingen)}
        geraakt.sort(key=lambda r: min(volgorde[i] for i in r.inzendingen))
        nieuw = _combineer(geraakt, ctx.vragen.get(geraakt[0].vragenlijst_id, []))
        eerste = next(n for n, r in enumerate(groep) if r is geraakt[0])
        rest = [r for r in groep if not any(r is g for g in geraakt)]
        rest.insert(min(eerste, len(rest)), nieuw)
        return rest
    return groep


def toepassen(ctx: Context, stappen: list[Opschoonstap]) -> tuple[list[Respons], list[tuple[Opschoonstap, int, int]]]:
    """The cleaned responses and, per decision, the number of responses before and after it.

    Work is proportional to the number of responses plus, per decision, the responses of one
    organisation: splits and recodings are applied in one pass each, drop/combine decisions
    only to the group of their organisation."""
    stappen = sorted(stappen, key=lambda s: (_fase(s), s.op, s.pk or 0))
    responsen = ruwe_responsen(ctx)
    n = len(responsen)
    telling: list[tuple[Opschoonstap, int, int]] = []
    # phase 0: split (raw responses carry exactly one submission)
    per_inzending = {r.inzendingen[0]: r for r in responsen}
    te_splitsen: set[int] = set()
    for stap in stappen:
        if stap.soort == Soort.UITSPLITSEN:
            nieuw = {pk for pk in stap.inzendingen if pk in per_inzending and per_inzending[pk].ook_voor} - te_splitsen
            te_splitsen |= nieuw
            delta = sum(len(per_inzending[pk].ook_voor) for pk in nieuw)
            telling.append((stap, n, n + delta))
            n += delta
    if te_splitsen:
        uit = []
        for r in responsen:
            if r.ook_voor and r.inzendingen[0] in te_splitsen:
                uit += [
                    Respons(org, r.vragenlijst_id, r.inzendingen, dict(r.antwoorden), r.volledig)
                    for org in (r.organisatie, *r.ook_voor)
                ]
            else:
                uit.append(r)
        responsen = uit
    # phase 1: recode 'anders'
    hercodering: dict[int, list[Opschoonstap]] = defaultdict(list)
    for stap in stappen:
        if stap.soort == Soort.HERCODEREN:
            for pk in stap.inzendingen:
                hercodering[pk].append(stap)
            telling.append((stap, n, n))
    if hercodering:
        for r in responsen:
            for pk in r.inzendingen:
                for stap in hercodering.get(pk, ()):
                    r.antwoorden = _hercodeer(r.antwoorden, stap.vraag_code, stap.naar)
    # phase 2: drop and combine, per organisation
    groepen: dict[str, list[Respons]] = defaultdict(list)
    for r in responsen:
        groepen[r.organisatie].append(r)
    for stap in stappen:
        if _fase(stap) != 2:
            continue
        groep = groepen.get(stap.organisatie_code, [])
        nieuw = _per_org_toepassen(groep, stap, ctx)
        telling.append((stap, n, n - len(groep) + len(nieuw)))
        n += len(nieuw) - len(groep)
        groepen[stap.organisatie_code] = nieuw
    volgorde = list(dict.fromkeys(r.organisatie for r in responsen))
    return [r for org in volgorde for r in groepen[org]], telling


@dataclass
class Opgeschoond:
    """A wave's cleaned data set as of one version of its raw submissions and decisions: what
    was read (``ctx``), the active decisions in the order they apply, the cleaned responses
    and, per decision, the responses before and after it."""

    versie: str
    ctx: Context
    stappen: list[Opschoonstap]
    responsen: list[Respons]
    telling: list[tuple[Opschoonstap, int, int]]

    @property
    def organisaties(self) -> set[str]:
        return {r.organisatie for r in self.responsen}


CACHE_SECONDEN = 24 * 3600


def versie(meting: Meting) -> str:
    """The version of a wave's cleaned data set: it changes with every submission imported,
    saved, submitted or removed and with every decision taken or withdrawn. Read from the
    database (see :func:`stand`), so it holds across processes (web, task worker); read once
    per read request."""
    return stand(meting)[0]


def invoer(meting: Meting) -> str:
    """The digest of a wave's own inputs besides its answers: questionnaires, codebook, codings
    and invitations, every field of every row an analysis reads (see :func:`stand`)."""
    return stand(meting)[1]


def stand(meting: Meting) -> tuple[str, str]:
    """(:func:`versie`, :func:`invoer`) of ``meting`` as the database holds them now, read in one
    query (one round trip instead of six) and once per read request."""
    return onthouden(("monitor.opschoning.stand", meting.pk), lambda: _stand_lezen(meting))


def _stand_sql() -> str:
    """One SELECT of everything the version of a wave is made of, as two texts: the aggregates
    of its submissions and decisions (parts 0 and 1: the version of the cleaned data set), and
    every field of every row of its questionnaires (2), codebook (3), codings with their
    categories (4) and invitations (5), in a fixed order (the digest of the inputs), joined by
    the database. Table and column names come from the models; the parameters are the wave's
    pk and the separators."""
    from kompas.monitor.models import Codecategorie, Codering, Uitnodiging

    q = connection.ops.quote_name

    def t(model) -> str:
        return q(model._meta.db_table)

    def c(model, veld: str) -> str:
        return f"{t(model)}.{q(model._meta.get_field(veld).column)}"

    lijsten = Meting._meta.get_field("vragenlijsten").remote_field.through
    gekozen = Codering._meta.get_field("categorieen").remote_field.through
    Vragenlijst = Meting._meta.get_field("vragenlijsten").related_model
    inz, stap, cat, cod, uit = Inzending, Opschoonstap, Codecategorie, Codering, Uitnodiging
    delen = [  # (part, sort key, second sort key, values, FROM ... WHERE ...)
        (
            0,
            "0",
            "0",
            ["COUNT(*)", *(f"MAX({c(inz, v)})" for v in ("id", "geimporteerd_op", "opgeslagen_op", "ingediend_op"))],
            f"{t(inz)} WHERE {c(inz, 'meting')} = %(m)s",
        ),
        (
            1,
            "0",
            "0",
            ["COUNT(*)", *(f"MAX({c(stap, v)})" for v in ("id", "op", "ingetrokken_op"))],
            f"{t(stap)} WHERE {c(stap, 'meting')} = %(m)s",
        ),
        (
            2,
            c(Vragenlijst, "id"),
            "0",
            [c(Vragenlijst, v) for v in ("id", "code", "naam", "doelgroep")],
            f"{t(Vragenlijst)} INNER JOIN {t(lijsten)} ON {c(lijsten, 'vragenlijst')} = {c(Vragenlijst, 'id')}"
            f" WHERE {c(lijsten, 'meting')} = %(m)s",
        ),
        (
            3,
            c(cat, "id"),
            "0",
            [c(cat, v) for v in ("id", "vraag_code", "code", "label", "bouwsteen", "volgorde")],
            f"{t(cat)} WHERE {c(cat, 'meting')} = %(m)s",
        ),
        (
            4,
            c(cod, "id"),
            f"COALESCE({c(gekozen, 'codecategorie')}, 0)",
            [c(cod, "inzending"), c(cod, "vraag_code"), c(gekozen, "codecategorie")],
            f"{t(cod)} INNER JOIN {t(inz)} ON {c(cod, 'inzending')} = {c(inz, 'id')}"
            f" LEFT OUTER JOIN {t(gekozen)} ON {c(gekozen, 'codering')} = {c(cod, 'id')}"
            f" WHERE {c(inz, 'meting')} = %(m)s",
        ),
        (
            5,
            c(uit, "id"),
            "0",
            [
                c(uit, v)
                for v in (
                    "vragenlijst",
                    "organisatie_code",
                    "uitgenodigd_op",
                    "buiten_kompas",
                    "email",
                    "onbestelbaar_op",
                    "afgemeld_op",
                )
            ],
            f"{t(uit)} WHERE {c(uit, 'meting')} = %(m)s",
        ),
    ]
    selects = []
    for deel, sleutel, sleutel2, waarden, bron in delen:
        # each value marked, so that NULL and an empty text differ; the row and its part as one text
        rij = f" || {VELD} || ".join(
            f"CASE WHEN {w} IS NULL THEN 'N' ELSE 'W' || CAST({w} AS TEXT) END" for w in waarden
        )
        selects.append(
            f"SELECT {deel} AS deel, {sleutel} AS k1, {sleutel2} AS k2, '{deel}' || {VELD} || {rij} AS rij FROM {bron}"  # noqa: S608
        )
    rijen = " UNION ALL ".join(selects)
    versie_, invoer_ = "CASE WHEN deel < 2 THEN rij END", "CASE WHEN deel >= 2 THEN rij END"
    if connection.vendor == "postgresql":
        volgorde = "ORDER BY deel, k1, k2"
        return (
            f"SELECT string_agg({versie_}, {RIJ} {volgorde}), string_agg({invoer_}, {RIJ} {volgorde})"  # noqa: S608
            f" FROM ({rijen}) stand"
        )
    # SQLite aggregates the rows of an ordered subquery in its order (it does not flatten it)
    return (
        f"SELECT group_concat({versie_}, {RIJ}), group_concat({invoer_}, {RIJ})"  # noqa: S608
        f" FROM (SELECT * FROM ({rijen}) ORDER BY 1, 2, 3) stand"
    )


VELD, RIJ = "%(veld)s", "%(rij)s"  # the separators, as parameters
_STAND_SQL: dict[str, str] = {}  # per database vendor


def _stand_lezen(meting: Meting) -> tuple[str, str]:
    sql = _STAND_SQL.get(connection.vendor) or _STAND_SQL.setdefault(connection.vendor, _stand_sql())
    with connection.cursor() as cur:
        cur.execute(sql, {"m": meting.pk, "veld": "\x1f", "rij": "\x1e"})
        versie_, invoer_ = cur.fetchone()
    return versie_ or "", hashlib.sha256((invoer_ or "").encode()).hexdigest()


def _cache_sleutel(meting: Meting, soort: str, v: str) -> str:
    return f"monitor:opgeschoond:{soort}:{meting.pk}:{hashlib.sha256(v.encode()).hexdigest()[:32]}"


def opgeschoond(meting: Meting) -> Opgeschoond:
    """The cleaned data set of ``meting``, from the cache when its version is unchanged;
    otherwise read and replayed once and stored under the new version (an older version is
    never read again, so a new decision or import shows on the next page view)."""

    v = versie(meting)
    sleutel = _cache_sleutel(meting, "set", v)
    gevonden = cache.get(sleutel)
    if gevonden is not None:
        return gevonden
    ctx = Context.voor(meting)
    stappen = actieve_stappen(meting)
    responsen, telling = toepassen(ctx, stappen)
    uit = Opgeschoond(v, ctx, stappen, responsen, telling)
    cache.set(sleutel, uit, CACHE_SECONDEN)
    cache.set(_cache_sleutel(meting, "orgs", v), uit.organisaties, CACHE_SECONDEN)
    return uit


def responderende_organisaties(meting: Meting) -> set[str]:
    """The organisations with a response in the cleaned data set (cached like
    :func:`opgeschoond`, but small: a page listing every wave reads only this)."""

    gevonden = cache.get(_cache_sleutel(meting, "orgs", versie(meting)))
    return gevonden if gevonden is not None else opgeschoond(meting).organisaties


def opgeschoonde_responsen(
    meting: Meting, ctx: Context | None = None, stappen: list[Opschoonstap] | None = None
) -> list[Respons]:
    if ctx is None and stappen is None:
        return opgeschoond(meting).responsen
    ctx = ctx or Context.voor(meting)
    return toepassen(ctx, stappen if stappen is not None else actieve_stappen(meting))[0]


def per_vragenlijst(
    ctx: Context, telling: list[tuple[Opschoonstap, int, int]]
) -> list[tuple[Opschoonstap, int | None, int, int]]:
    """Each decision with its questionnaire and the number of responses *of that
    questionnaire* before and after it — the one count that the cleaning page, the command
    line and the report's account of the cleaning all show (a wave's total over gemeenten
    and ZVH together is shown nowhere, so no page says 218 → 216 where the report says
    217 → 215)."""
    lijst_van_pk = {i.pk: i.vragenlijst_id for i in ctx.inzendingen}
    n: dict[int | None, int] = defaultdict(int)
    for i in ctx.inzendingen:
        n[i.vragenlijst_id] += 1
    uit = []
    for stap, voor, na in telling:
        lijst = lijst_van_pk.get(stap.inzendingen[0]) if stap.inzendingen else None
        eerst = n[lijst]
        n[lijst] += na - voor
        uit.append((stap, lijst, eerst, n[lijst]))
    return uit


def verloop(meting: Meting, ctx: Context | None = None) -> list[tuple[Opschoonstap, int, int]]:
    """Every active decision with the number of responses of its questionnaire before and
    after it, replayed now (see :func:`per_vragenlijst`)."""
    o = opgeschoond(meting) if ctx is None else None
    ctx = o.ctx if o else ctx
    telling = o.telling if o else toepassen(ctx, actieve_stappen(meting))[1]
    return [(stap, voor, na) for stap, _lijst, voor, na in per_vragenlijst(ctx, telling)]


def _dubbelen(responsen: list[Respons]) -> dict[tuple[int, str], list[Respons]]:
    groepen: dict[tuple[int, str], list[Respons]] = defaultdict(list)
    for r in responsen:
        groepen[r.sleutel].append(r)
    return {k: v for k, v in groepen.items() if len(v) > 1}


def _tegenstrijdig(delen: list[Respons]) -> bool:
    gezien: dict = {}
    for d in delen:
        for k, v in d.antwoorden.items():
            if k in gezien and gezien[k] != v:
                return True
            gezien[k] = v
    return False


def _controleren(
    ctx: Context,
    soort: str,
    inzendingen: list[int],
    organisatie_code: str,
    vraag_code: str,
    naar: str,
    reden: str,
    regel: str,
):
    bekend = {i.pk: i for i in ctx.inzendingen}
    if not inzendingen or any(pk not in bekend for pk in inzendingen):
        raise OpschoonFout("Kies een of meer inzendingen van deze meting.")
    if soort not in Soort.values:
        raise OpschoonFout("Onbekende soort beslissing.")
    if soort == Soort.HERCODEREN:
        inz = bekend[inzendingen[0]]
        vraag = next((v for v in ctx.vragen.get(inz.vragenlijst_id, []) if v.code == vraag_code), None)
        if vraag is None or not vraag.anders:
            raise OpschoonFout("Deze vraag heeft geen antwoord 'anders, namelijk'.")
        if naar not in {o.code for o in vraag.opties.all()}:  # "anders" = reviewed, stays anders
            raise OpschoonFout(f"'{naar}' is geen bestaande antwoordcode van {vraag_code}.")
    if soort in (Soort.VERWIJDEREN, Soort.COMBINEREN) and not organisatie_code:
        raise OpschoonFout("Geef de organisatie waarvoor deze beslissing geldt.")
    if soort == Soort.COMBINEREN and len(inzendingen) < 2:
        raise OpschoonFout("Combineren vraagt om minstens twee inzendingen.")
    if not regel and not reden.strip() and soort in (Soort.VERWIJDEREN, Soort.COMBINEREN):
        raise OpschoonFout("Geef een reden voor deze beslissing; die komt in de verantwoording.")


@schrijfdienst
def beslissen(
    *,
    meting: Meting,
    soort: str,
    inzendingen: list[int],
    organisatie_code: str = "",
    vraag_code: str = "",
    naar: str = "",
    reden: str = "",
    regel: str = "",
    actor,
    ctx: Context | None = None,
) -> Opschoonstap:
    """Record one decision after checking it makes sense; returns the step with counts."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    ctx = ctx or Context.voor(meting)
    _controleren(ctx, soort, inzendingen, organisatie_code, vraag_code, naar, reden, regel)
    stap = Opschoonstap(
        meting=meting,
        soort=soort,
        organisatie_code=organisatie_code,
        inzendingen=list(inzendingen),
        vraag_code=vraag_code,
        naar=naar,
        reden=reden.strip(),
        regel=regel,
        door=getattr(actor, "user", None),
        op=timezone.now(),
    )
    telling = toepassen(ctx, [*actieve_stappen(meting), stap])[1]
    stap.voor, stap.na = next(
        (v, n) for s, _l, v, n in per_vragenlijst(ctx, telling) if s is stap
    )  # of its questionnaire
    stap.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"opschonen {meting.code}: {stap.get_soort_display()}",
        details={"stap": stap.pk, "soort": soort, "inzendingen": list(inzendingen), "voor": stap.voor, "na": stap.na},
    )
    return stap


@schrijfdienst
def stap_intrekken(*, stap: Opschoonstap, actor) -> None:
    stap = eigen(stap, opschoonstappen_beheerd(actor).select_related("meting"), lock=True)
    if stap.ingetrokken_op:
        raise OpschoonFout("Deze beslissing is al ingetrokken.")
    stap.ingetrokken_op = timezone.now()
    stap.ingetrokken_door = getattr(actor, "user", None)
    stap.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=stap.meting,
        object_repr=f"opschonen {stap.meting.code}: beslissing ingetrokken",
        details={"stap": stap.pk, "soort": stap.soort},
    )


@schrijfdienst
def regels_toepassen(*, meting: Meting, actor) -> list[Opschoonstap]:
    """Take every rule-based decision that applies now (idempotent: a second run adds nothing).
    Counts are worked out group by group, so a wave of tens of thousands stays quick."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    ctx = Context.voor(meting)
    door = getattr(actor, "user", None)
    nu = timezone.now()
    bestaand = actieve_stappen(meting)
    responsen, _ = toepassen(ctx, bestaand)
    n = len(responsen)
    nieuw: list[Opschoonstap] = []

    def stap(soort, org, ids, regel, na):
        nonlocal n
        s = Opschoonstap(
            meting=meting,
            soort=soort,
            organisatie_code=org,
            inzendingen=ids,
            regel=regel,
            door=door,
            op=nu + timedelta(microseconds=len(nieuw)),
            voor=n,
            na=na,
        )
        n = na
        nieuw.append(s)

    for r in responsen:
        if r.ook_voor:
            stap(Soort.UITSPLITSEN, r.organisatie, list(r.inzendingen), REGEL_UITSPLITSEN, n + len(r.ook_voor))
    if nieuw:
        responsen, _ = toepassen(ctx, [*bestaand, *nieuw])
    for (_lijst, org), groep in sorted(_dubbelen(responsen).items()):
        volledige = [r for r in groep if r.volledig]
        onvolledige = [r for r in groep if not r.volledig]
        if volledige and onvolledige:
            stap(
                Soort.VERWIJDEREN,
                org,
                [i for r in onvolledige for i in r.inzendingen],
                REGEL_ONVOLLEDIG,
                n - len(onvolledige),
            )
        elif not volledige and not _tegenstrijdig(groep):
            stap(Soort.COMBINEREN, org, [i for r in groep for i in r.inzendingen], REGEL_AANVULLEND, n - len(groep) + 1)
    if nieuw:  # stored as counts of the step's questionnaire, like the page and the report show them
        for s, _l, voor, na in per_vragenlijst(ctx, toepassen(ctx, [*bestaand, *nieuw])[1]):
            if any(s is x for x in nieuw):
                s.voor, s.na = voor, na
    Opschoonstap.objects.bulk_create(nieuw)
    if nieuw:
        audit_log_create(
            actie=Actie.UPDATE,
            actor=actor,
            obj=meting,
            object_repr=f"opschonen {meting.code}: regels toegepast",
            details={"stappen": len(nieuw), "voor": nieuw[0].voor, "na": nieuw[-1].na},
        )
    return nieuw


def _suggestie(vraag: Vraag, tekst: str) -> str:
    tekst = tekst.lower()
    for optie in vraag.opties.all():
        if optie.code == "anders":
            continue
        woorden = [optie.code.lower(), optie.label.lower().split(" (")[0]]
        if any(w and w in tekst for w in woorden):
            return optie.code
    return ""


def te_beslissen(
    meting: Meting,
    ctx: Context | None = None,
    stappen: list[Opschoonstap] | None = None,
    responsen: list[Respons] | None = None,
) -> list[Beslispunt]:
    """What the rules leave to the analyst: duplicates that are both complete or conflict, and
    'anders, namelijk' answers that may belong to an existing option. Callers that already
    replayed the decisions pass what they have."""
    ctx = ctx or Context.voor(meting)
    stappen = actieve_stappen(meting) if stappen is None else stappen
    responsen = toepassen(ctx, stappen)[0] if responsen is None else responsen
    punten = []
    beoordeeld = {(pk, s.vraag_code) for s in stappen if s.soort == Soort.HERCODEREN for pk in s.inzendingen}
    for (lijst, org), groep in sorted(_dubbelen(responsen).items()):
        volledige = [r for r in groep if r.volledig]
        if len(volledige) >= 2:
            uitleg = (
                f"{len(volledige)} volledige inzendingen: kies er één (of combineer op verzoek van de organisatie)."
            )
        elif not volledige:
            uitleg = "Deelinzendingen met tegenstrijdige antwoorden: kies de volgorde van voorrang of laat er één weg."
        else:
            continue  # the rule handles it
        punten.append(Beslispunt("dubbel", uitleg, organisatie=org, vragenlijst_id=lijst, responsen=groep))
    ruw = {i.pk: i for i in ctx.inzendingen}
    gezien: set[tuple[int, str]] = set()
    for r in responsen:
        for vraag in ctx.vragen.get(r.vragenlijst_id, []):
            if not vraag.anders or not _is_anders(r.antwoorden.get(vraag.code)):
                continue
            tekst = str(r.antwoorden.get(f"{vraag.code}_anders", "")).strip()
            # the submission the answer came from (a combined response takes each answer from
            # the first part that has it); a split submission is one point, not one per gemeente
            bron = next((pk for pk in r.inzendingen if vraag.code in ruw[pk].antwoorden), r.inzendingen[0])
            if tekst and (bron, vraag.code) not in beoordeeld and (bron, vraag.code) not in gezien:
                gezien.add((bron, vraag.code))
                punten.append(
                    Beslispunt(
                        "anders",
                        "Past deze toelichting bij een bestaand antwoord?",
                        organisatie=r.organisatie,
                        vragenlijst_id=r.vragenlijst_id,
                        vraag_code=vraag.code,
                        tekst=tekst,
                        inzending=bron,
                        suggestie=_suggestie(vraag, tekst),
                        responsen=[r],
                    )
                )
    return punten


@schrijfdienst
def overige_anders(*, meting: Meting, vraag_code: str = "", actor) -> list[Opschoonstap]:
    """Bulk decision: every 'anders, namelijk' answer still waiting (of one question, or all)
    stays 'anders' — one recorded decision per questionnaire and question, so the points are
    done without changing any figure."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    ctx = Context.voor(meting)
    per_vraag: dict[tuple[int, str], list[int]] = defaultdict(list)
    for p in te_beslissen(meting, ctx):
        if p.soort == "anders" and (not vraag_code or p.vraag_code == vraag_code):
            per_vraag[(p.vragenlijst_id, p.vraag_code)].append(p.inzending)
    return [
        beslissen(
            meting=meting,
            soort=Soort.HERCODEREN,
            inzendingen=ids,
            vraag_code=code,
            naar="anders",
            reden="Gelezen: de overige blijven 'anders'",
            actor=actor,
            ctx=ctx,
        )
        for (_lijst, code), ids in sorted(per_vraag.items())
    ]


def lijst_van(meting: Meting, responsen: list[Respons]) -> dict[int, list[Respons]]:
    per: dict[int, list[Respons]] = defaultdict(list)
    for r in responsen:
        per[r.vragenlijst_id].append(r)
    for lijst_id in meting.vragenlijsten.values_list("pk", flat=True):
        per.setdefault(lijst_id, [])
    return dict(per)


@dataclass
class Verantwoordingsregel:
    """One line of the report's account of the cleaning: a decision that changed something."""

    soort: str
    tekst: str
    voor: int
    na: int
    eenheid: str  # what voor/na count: "responsen" or "antwoorden 'anders'"
    stappen: list[Opschoonstap] = field(default_factory=list)


def _is_anders(waarde) -> bool:
    return "anders" in waarde if isinstance(waarde, list) else waarde == "anders"


def verantwoording(ctx: Context, telling: list[tuple[Opschoonstap, int, int]]) -> dict[int, list[Verantwoordingsregel]]:
    """Per questionnaire, only the decisions that changed something, with the counts before
    and after: the responses of that questionnaire for splits, drops and combinations; for
    recodings, grouped per question and new code, the 'anders' answers of that question. A
    recode that keeps 'anders' (the analyst read it and left it) and a decision without effect
    are not listed."""
    per_pk = {i.pk: i for i in ctx.inzendingen}
    anders: dict[tuple[int, str], int] = defaultdict(int)
    for i in ctx.inzendingen:
        for vraag in ctx.vragen.get(i.vragenlijst_id, []):
            if vraag.anders and _is_anders(i.antwoorden.get(vraag.code)):
                anders[(i.vragenlijst_id, vraag.code)] += 1
    uit: dict[int, list[Verantwoordingsregel]] = defaultdict(list)
    gehercodeerd: set[tuple[int, str]] = set()
    groepen: dict[tuple[int, str, str], Verantwoordingsregel] = {}
    for stap, lijst, voor, na in per_vragenlijst(ctx, telling):
        if lijst is None:
            continue
        if stap.soort == Soort.HERCODEREN:
            if stap.naar == "anders":
                continue
            geraakt = [
                pk
                for pk in stap.inzendingen
                if pk in per_pk
                and (pk, stap.vraag_code) not in gehercodeerd
                and _is_anders(per_pk[pk].antwoorden.get(stap.vraag_code))
            ]
            if not geraakt:
                continue
            gehercodeerd.update((pk, stap.vraag_code) for pk in geraakt)
            sleutel = (lijst, stap.vraag_code, stap.naar)
            regel = groepen.get(sleutel)
            if regel is None:
                regel = groepen[sleutel] = Verantwoordingsregel(
                    stap.get_soort_display(),
                    f"{stap.vraag_code} → {stap.naar}",
                    anders[(lijst, stap.vraag_code)],
                    anders[(lijst, stap.vraag_code)],
                    "antwoorden 'anders'",
                )
                uit[lijst].append(regel)
            regel.na -= len(geraakt)
            anders[(lijst, stap.vraag_code)] -= len(geraakt)
            regel.stappen.append(stap)
            continue
        if na == voor:
            continue
        uit[lijst].append(
            Verantwoordingsregel(stap.get_soort_display(), stap.regel or stap.reden, voor, na, "responsen", [stap])
        )
    return dict(uit)


def punten_met_id(meting: Meting, ctx: Context | None = None) -> list[tuple[str, Beslispunt]]:
    """The open points with an id that does not depend on the database (questionnaire code,
    organisation code, respons_id from the source), so a script can decide them again on a
    fresh import: ``dubbel/<vragenlijst>/<organisatie>`` and
    ``anders/<vragenlijst>/<respons_id>/<vraag>``."""
    ctx = ctx or Context.voor(meting)
    lijstcode = dict(meting.vragenlijsten.values_list("pk", "code"))
    bron = dict(Inzending.objects.filter(meting=meting).values_list("pk", "bron_id"))
    uit = []
    for p in te_beslissen(meting, ctx):
        lijst = lijstcode.get(p.vragenlijst_id, str(p.vragenlijst_id))
        pid = (
            f"dubbel/{lijst}/{p.organisatie}"
            if p.soort == "dubbel"
            else f"anders/{lijst}/{bron[p.inzending]}/{p.vraag_code}"
        )
        uit.append((pid, p))
    return uit


@schrijfdienst
def punt_beslissen(
    *,
    meting: Meting,
    punt: str,
    houd: str = "",
    combineer: list[str] | None = None,
    naar: str = "",
    reden: str = "",
    actor,
) -> Opschoonstap:
    """Decide one open point by its id (see :func:`punten_met_id`): for a duplicate keep one
    submission (``houd``, a respons_id) or combine them in the given order (``combineer``); for
    an 'anders' answer give the option it belongs to (``naar``; 'anders' keeps it)."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    ctx = Context.voor(meting)
    gevonden = dict(punten_met_id(meting, ctx)).get(punt)
    if gevonden is None:
        raise OpschoonFout(f"Geen open punt '{punt}'. Zie 'kompas monitor beslissingen {meting.code}'.")
    if gevonden.soort == "anders":
        if not naar:
            raise OpschoonFout("Geef met --naar het antwoord waar deze toelichting bij hoort ('anders' laat het zo).")
        return beslissen(
            meting=meting,
            soort=Soort.HERCODEREN,
            inzendingen=[gevonden.inzending],
            vraag_code=gevonden.vraag_code,
            naar=naar,
            reden=reden,
            actor=actor,
            ctx=ctx,
        )
    bron = {
        b: pk
        for pk, b in Inzending.objects.filter(
            pk__in=[i for r in gevonden.responsen for i in r.inzendingen]
        ).values_list("pk", "bron_id")
    }
    if houd and not combineer:
        if houd not in bron:
            raise OpschoonFout(f"{houd} is geen inzending van dit punt (kies uit {', '.join(sorted(bron))}).")
        weg = [pk for b, pk in bron.items() if b != houd]
        return beslissen(
            meting=meting,
            soort=Soort.VERWIJDEREN,
            inzendingen=weg,
            organisatie_code=gevonden.organisatie,
            reden=reden,
            actor=actor,
            ctx=ctx,
        )
    if combineer and not houd:
        onbekend = [b for b in combineer if b not in bron]
        if onbekend:
            raise OpschoonFout(f"{', '.join(onbekend)} hoort niet bij dit punt (kies uit {', '.join(sorted(bron))}).")
        return beslissen(
            meting=meting,
            soort=Soort.COMBINEREN,
            inzendingen=[bron[b] for b in combineer],
            organisatie_code=gevonden.organisatie,
            reden=reden,
            actor=actor,
            ctx=ctx,
        )
    raise OpschoonFout("Geef bij een dubbele inzending --houd <respons_id> of --combineer <respons_id> <respons_id> …")
