"""Reads of the monitor for the views. Gemeenten and regions only ever get aggregates with
small cells hidden, plus (for a gemeente) its own answers."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from kompas.core import publicatie
from kompas.core.tabular import csv_writer
from kompas.core.verzoekgeheugen import onthouden
from kompas.monitor import codering, deelnemers, invullen
from kompas.monitor import uitnodigingen as uitnodigingen_module
from kompas.monitor.analyse import (
    Lijstresultaat,
    analyse,
    organisaties,
    per_versie,
    tonen,
    versie_sleutel,
)
from kompas.monitor.models import (
    Inzending,
    Meting,
    Uitnodiging,
    Vraag,
    Vragenlijst,
)
from kompas.monitor.opschoning import (
    Context,
    opgeschoond,
    per_vragenlijst,
    responderende_organisaties,
    te_beslissen,
)
from kompas.monitor.respons import aantallen_uitgenodigd, uitgenodigde_set
from kompas.monitor.respons import responscijfers as berekenen
from kompas.monitor.uitnodigingen import inzendingstatus
from kompas.regio.selectors import (
    codes_in_regio,
    per_regio_versie,
    regio_met_id,
    regio_van,
)


def metingen_overzicht() -> list[Meting]:
    """Every wave with its raw submissions and the size of its invited set (the same set the
    response rate uses, also for a wave without invitations in Kompas)."""

    metingen = list(
        Meting.objects.annotate(n_inzendingen=Count("inzendingen", distinct=True)).prefetch_related("vragenlijsten")
    )
    aantallen = aantallen_uitgenodigd(metingen)  # one query for every wave
    for m in metingen:
        m.n_uitgenodigd = aantallen[m.pk]
    return metingen


def responscijfers(meting: Meting, *, ctx: Context | None = None, responsen=None, alleen: set[str] | None = None):
    """The one source of every response figure (see :mod:`kompas.monitor.respons`)."""

    return berekenen(meting, ctx=ctx, responsen=responsen, alleen=alleen)


def meting_aantallen(meting: Meting) -> dict:
    """The wave page's counts, computed once per version of the wave and its inputs."""

    def bereken(_info):
        o = opgeschoond(meting)
        cijfers = responscijfers(meting, ctx=o.ctx, responsen=o.responsen)
        return {
            "ruw": cijfers.ontvangen,
            "opgeschoond": cijfers.responsen,
            "cijfers": cijfers,
            "te_beslissen": len(te_beslissen(meting, o.ctx, o.stappen, o.responsen)),
            "uitgenodigd": cijfers.uitgenodigd,
        }

    return per_versie(meting, "aantallen", bereken)


def meting_sleutel(meting: Meting) -> str:
    """The key of the wave page's figures (:func:`meting_aantallen`, :func:`voortgang`): the
    version of everything they are computed from (see :func:`kompas.monitor.analyse.per_versie`)."""
    return versie_sleutel(meting, "meting-pagina")


def voortgang(meting: Meting) -> dict:
    """:func:`kompas.monitor.uitnodigingen.voortgang`, computed once per version of the
    submissions, the invitations and the organisations (see :func:`per_versie`)."""
    return per_versie(meting, "voortgang", lambda _info: uitnodigingen_module.voortgang(meting))


STATUSFILTERS = {
    "niet_uitgenodigd": ("Niet uitgenodigd", lambda u: bool(u.niet_reden)),
    "zonder_email": ("Zonder e-mailadres", lambda u: not u.email),
    "niet_gestart": ("Nog niet begonnen", lambda u: not u.antwoord),
    "gestart": ("Begonnen, niet ingediend", lambda u: u.antwoord == "begonnen"),
    "ingediend": ("Ingediend", lambda u: u.antwoord in ("ingediend", "volledig")),
    "onbestelbaar": ("Onbestelbaar", lambda u: u.onbestelbaar_op is not None),
    "afgemeld": ("Afgemeld", lambda u: u.afgemeld_op is not None),
}


def uitnodigingen(meting: Meting, status: str = "", zoek: str = "") -> list[Uitnodiging]:
    """The invitations with, on each, ``antwoord`` (begonnen/ingediend/volledig from every raw
    submission, also imported ones and those made for several gemeenten) and ``niet_reden``
    (why it is not in the invited set, or empty); ``zoek`` narrows to a name, code or address."""

    antwoord = inzendingstatus(meting)
    niet = {lijst.pk: uitgenodigde_set(meting, lijst).niet for lijst in meting.vragenlijsten.all()}
    uit = []
    qs = Uitnodiging.objects.filter(meting=meting)
    if zoek := zoek.strip():
        qs = qs.filter(
            Q(organisatie_naam__icontains=zoek) | Q(organisatie_code__iexact=zoek) | Q(email__icontains=zoek)
        )
    for u in qs.select_related("vragenlijst").order_by("vragenlijst__doelgroep", "organisatie_naam"):
        u.antwoord = antwoord.get((u.vragenlijst_id, u.organisatie_code), "")
        u.niet_reden = niet.get(u.vragenlijst_id, {}).get(u.organisatie_code, "")
        if status not in STATUSFILTERS or STATUSFILTERS[status][1](u):
            uit.append(u)
    return uit


def _namen(meting: Meting) -> dict[str, str]:
    return {c: i.naam for c, i in organisaties(meting.jaar).items()}


def opschonen_overzicht(meting: Meting) -> dict:
    o = opgeschoond(meting)
    ctx, responsen, telling = o.ctx, o.responsen, o.telling
    punten = te_beslissen(meting, ctx, o.stappen, responsen)
    bron = Inzending.objects.in_bulk([i for p in punten for r in p.responsen for i in r.inzendingen])
    for p in punten:
        p.bronnen = [[bron[i] for i in r.inzendingen] for r in p.responsen]
        p.ids = ",".join(str(i) for r in p.responsen for i in r.inzendingen)
        # the question by its text (the heading read "Stadskanaal – B4_SCHAAL"); the code stays beside it
        p.vraag = next((v for v in ctx.vragen.get(p.vragenlijst_id, []) if v.code == p.vraag_code), None)
        if p.soort == "anders":
            vraag = p.vraag
            p.opties = [(o.code, o.label) for o in vraag.opties.all()]
            p.suggestie_label = next((label for code, label in p.opties if code == p.suggestie), "")
        else:
            p.vergelijking = naast_elkaar(ctx.vragen.get(p.vragenlijst_id, []), [r.antwoorden for r in p.responsen])
    n_anders = sum(1 for p in punten if p.soort == "anders")

    return {
        "stappen": per_vragenlijst(ctx, telling),
        "lijstnamen": dict(meting.vragenlijsten.values_list("pk", "naam")),
        "punten": punten,
        "namen": _namen(meting),
        "cijfers": responscijfers(meting, ctx=ctx, responsen=responsen),
        "n_anders": n_anders,
    }


def naast_elkaar(vragen: list[Vraag], antwoorden: list[dict]) -> list[dict]:
    """Two (or more) submissions of one organisation side by side: per question answered in
    any of them, the answer in each and whether they differ."""
    rijen = []
    for v in vragen:
        codes = (v.code, f"{v.code}_anders") if v.anders else (v.code,)
        if not any(a.get(c) not in (None, "", []) for a in antwoorden for c in codes):
            continue
        waarden = [_label(v, a) for a in antwoorden]
        rijen.append({"vraag": v, "waarden": waarden, "verschilt": len(set(waarden)) > 1})
    return rijen


CODEER_PER_PAGINA = 50  # text groups per page of the coding screen


def codeerscherm(
    meting: Meting,
    lijstcode: str = "",
    vraag_code: str = "",
    *,
    zoek: str = "",
    ongecodeerd: bool = False,
    pagina: str | int = 1,
) -> dict:
    """The coding screen of one question of one questionnaire (the first open question when
    none is chosen): the cleaned answers grouped by identical text, the codebook, counts.
    ``zoek`` keeps the texts containing these words (case and spacing ignored, as the grouping
    ignores them), ``ongecodeerd`` the texts with at least one answer still without a code;
    the counts stay those of the whole question. The groups are paged."""

    o = opgeschoond(meting)
    keuzes = codering.open_vragen(meting, o)
    lijst, vragen = next(
        ((lijst, vs) for lijst, vs in keuzes if lijst.code == lijstcode), keuzes[0] if keuzes else (None, [])
    )
    vraag = next((v for v in vragen if v.code == vraag_code), vragen[0] if vragen else None)
    groepen = codering.tekstgroepen(meting, lijst, vraag.code, o) if vraag else []
    zoek = " ".join(str(zoek or "").split())[:200]
    getoond = [
        g
        for g in groepen
        if (not zoek or codering.normaliseer(zoek) in g.norm) and (not ongecodeerd or g.gecodeerd < g.aantal)
    ]
    blad = Paginator(getoond, CODEER_PER_PAGINA).get_page(pagina)
    return {
        "keuzes": keuzes,
        "lijst": lijst,
        "vraag": vraag,
        "groepen": list(blad.object_list),
        "blad": blad,
        "zoek": zoek,
        "ongecodeerd": ongecodeerd,
        "gefilterd": bool(zoek or ongecodeerd),
        "n_getoond": len(getoond),
        "eerste_nummer": blad.start_index() if getoond else 1,
        "categorieen": codering.codeboek(meting, vraag.code) if vraag else [],
        "n_antwoorden": sum(g.aantal for g in groepen),
        "n_teksten": len(groepen),
        "n_gecodeerd": sum(g.gecodeerd for g in groepen),
        "n_gemengd": sum(1 for g in groepen if g.gemengd),
        "over_te_nemen": codering.over_te_nemen(meting),
    }


def samenvatting(lijst: Vragenlijst, antwoorden: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    uit = []
    for p in invullen.paginas(lijst):
        rijen = []
        for v in p.vragen:
            if not invullen.vraagregels.zichtbaar(v, antwoorden):
                continue
            rijen.append((v.tekst, _label(v, antwoorden)))
        uit.append((p.titel, rijen))
    return uit


def _label(v: Vraag, antwoorden: dict) -> str:
    waarde = antwoorden.get(v.code)
    labels = {o.code: o.label for o in v.opties.all()}
    if isinstance(waarde, list):
        tekst = ", ".join(labels.get(w, w) for w in waarde)
    elif v.type == Vraag.Type.OPEN:
        tekst = waarde or ""
    else:
        tekst = labels.get(waarde, waarde or "")
    if v.anders and antwoorden.get(f"{v.code}_anders"):
        tekst += f" ({antwoorden[f'{v.code}_anders']})"
    return tekst or "(niet beantwoord)"


# --- gemeente and region -----------------------------------------------------------------


def _heeft_antwoord(meting: Meting, codes: set[str]) -> bool:
    return bool(codes) and not codes.isdisjoint(responderende_organisaties(meting))


def metingen_voor_gemeente(actor) -> list[tuple[Meting, bool]]:
    """The waves with a gemeente questionnaire, each with whether the actor's organisation has
    answers in it: found by the foreign keys of its invitations and submissions, not its code."""
    metingen = list(Meting.objects.filter(vragenlijsten__doelgroep=Vragenlijst.Doelgroep.GEMEENTE).distinct())
    eigen = deelnemers.eigen_codes(actor.organisatie, metingen)
    return [(m, _heeft_antwoord(m, eigen.get(m.pk, set()))) for m in metingen]


def eigen_code(meting: Meting, organisatie) -> str:
    """The code under which ``organisatie`` took part in ``meting`` (by the foreign keys; the first
    one that responded if there are several), or "" when it did not take part."""
    codes = deelnemers.eigen_codes(organisatie, [meting]).get(meting.pk, set())
    if len(codes) > 1:
        responderend = codes & set(responderende_organisaties(meting))
        codes = responderend or codes
    return min(codes, default="")


def _codes_in_regio(regio, jaar: int) -> set[str]:
    """The codes of the gemeenten of ``regio`` in ``jaar`` (cached per version of the reference data)."""
    return set(codes_in_regio(regio, jaar))


def zvh_regio_codes(jaar: int, cbs_code: str) -> tuple[str, set[str]]:
    """The name of the gemeente's ZVH region in the wave's year and the codes of its gemeenten
    (by kompas.regio's one rule, as the zelfscan and meldroute name it); reference data only,
    so read once per version of them."""
    return per_regio_versie("monitor.zvh_regio_codes", _zvh_regio_codes, jaar, cbs_code)


def _zvh_regio_codes(jaar: int, cbs_code: str) -> tuple[str, set[str]]:
    regio = regio_van(cbs_code, jaar)
    if regio is None:
        return "", set()
    return regio.naam, set(codes_in_regio(regio, jaar))


def _gemeentelijst(resultaten: list[Lijstresultaat]) -> Lijstresultaat | None:
    return next((r for r in resultaten if r.lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE), None)


def gemeente_vergelijking(actor, code: str) -> dict:
    """A gemeente's own answers beside the national and regional figures (aggregates only)."""
    meting = Meting.objects.filter(code=code, vragenlijsten__doelgroep=Vragenlijst.Doelgroep.GEMEENTE).first()
    if meting is None:
        raise Http404
    # the gemeente's code in the wave's year by the foreign keys (a herindeling may have changed
    # its code since); its region by that code, or by its current code while it took no part
    eigen_code_ = eigen_code(meting, actor.organisatie)
    regio_naam, codes = zvh_regio_codes(meting.jaar, eigen_code_ or actor.organisatie.cbs_code)

    def bereken(info_):
        o = opgeschoond(meting)
        gegevens, responsen = o.ctx, o.responsen
        eigen = next((r for r in responsen if eigen_code_ and r.organisatie == eigen_code_), None)
        landelijk = _gemeentelijst(analyse(meting, vergelijken=False, info=info_))
        regionaal = _gemeentelijst(analyse(meting, vergelijken=False, alleen=codes, info=info_)) if codes else None
        rijen = []
        if landelijk is not None:
            regio_per_vraag = {r.code: r for r in regionaal.alle_vragen} if regionaal else {}
            for res in landelijk.alle_vragen:
                antwoord = (eigen.antwoorden.get(res.code) if eigen else None) or []
                gekozen = set(antwoord if isinstance(antwoord, list) else [antwoord])
                regio_res = regio_per_vraag.get(res.code)
                rijen.append(
                    {
                        "vraag": res.vraag,
                        "eigen": _label(res.vraag, eigen.antwoorden) if eigen else "",
                        "landelijk": [(o.label, shown, pct, o.code in gekozen) for o, shown, pct in tonen(res)],
                        "n": res.n,
                        "regio": [(o.label, shown, pct, o.code in gekozen) for o, shown, pct in tonen(regio_res)]
                        if regio_res
                        else [],
                        "n_regio": regio_res.n if regio_res else 0,
                    }
                )
        lijst = landelijk.lijst if landelijk is not None else None
        cijfers = responscijfers(meting, ctx=gegevens, responsen=responsen).voor(lijst) if lijst is not None else None
        return {
            "eigen": eigen,
            "rijen": rijen,
            "cijfers": cijfers,
            # empty states: nobody answered yet; the region is too small for figures on any question
            "leeg": not any(r["n"] for r in rijen),
            "regio_te_klein": bool(rijen) and all(r["n_regio"] < publicatie.DREMPEL for r in rijen),
        }

    # computed once per version of the wave and everything it is computed from, per gemeente
    # (its own answers) and its region's gemeenten (``alleen``)
    naam = f"gemeente:{actor.organisatie.pk}:{eigen_code_}"
    sleutel = versie_sleutel(meting, naam, alleen=codes)

    def alles() -> dict:
        return onthouden(("monitor.gemeente", sleutel), lambda: per_versie(meting, naam, bereken, sleutel=sleutel))

    # what the page shows beside its table, stored on its own: a view whose table comes from the
    # fragment cache (below) reads no rows
    kop = per_versie(
        meting,
        naam,
        lambda _info: {k: v for k, v in alles().items() if k != "rijen"},
        sleutel=f"{sleutel}:kop",
    )
    # the page caches its table under the same key: per gemeente and version of everything
    return {
        **kop,
        "rijen": SimpleLazyObject(lambda: alles()["rijen"]),
        "meting": meting,
        "regio_naam": regio_naam,
        "gemeente": actor.organisatie,
        "cache_sleutel": sleutel,
    }


def gemeente_csv(actor, code: str) -> tuple[str, Meting]:
    data = gemeente_vergelijking(actor, code)
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(
        [
            "vraag",
            "vraagtekst",
            "ons antwoord",
            "antwoordoptie",
            "landelijk aantal",
            "landelijk pct",
            "regio aantal",
            "regio pct",
        ]
    )
    for rij in data["rijen"]:
        regio = {label: (shown, pct) for label, shown, pct, _g in rij["regio"]}
        for label, shown, pct, gekozen in rij["landelijk"]:
            r_shown, r_pct = regio.get(label, ("", None))
            w.writerow(
                [
                    rij["vraag"].code,
                    rij["vraag"].tekst,
                    "ja" if gekozen else "",
                    label,
                    shown,
                    "" if pct is None else round(pct, 1),
                    r_shown,
                    "" if r_pct is None else round(r_pct, 1),
                ]
            )
    return buf.getvalue(), data["meting"]


def _werkgebied(organisatie):
    """The organisation's region (reference data: read once per version of them, not per view)."""
    return regio_met_id(organisatie.regio_id)


def regio_resultaten(actor, meting_code: str = "") -> dict:
    """Aggregates for the actor's region (the gemeenten of its werkgebied in the wave's year)."""
    metingen = list(Meting.objects.filter(vragenlijsten__doelgroep=Vragenlijst.Doelgroep.GEMEENTE).distinct())
    meting = next((m for m in metingen if m.code == meting_code), metingen[0] if metingen else None)
    regio = _werkgebied(actor.organisatie)
    if meting is None or regio is None:
        return {"metingen": metingen, "meting": meting, "regio": regio, "resultaat": None}
    codes = _codes_in_regio(regio, meting.jaar)

    def bereken(info_):
        o = opgeschoond(meting)
        resultaat = _gemeentelijst(analyse(meting, vergelijken=False, alleen=codes, info=info_))
        cijfers = None
        if resultaat is not None:
            for res in resultaat.alle_vragen:
                res.tonen = tonen(res)
            cijfers = responscijfers(meting, ctx=o.ctx, responsen=o.responsen, alleen=codes).voor(resultaat.lijst)
        return resultaat, cijfers

    # computed once per version of the wave and everything it is computed from, per region
    sleutel = versie_sleutel(meting, "regio", alleen=codes)

    def alles():
        return onthouden(("monitor.regio", sleutel), lambda: per_versie(meting, "regio", bereken, sleutel=sleutel))

    # what the page shows beside its table, stored on its own: a view whose table comes from the
    # fragment cache (the template's, under the same key) reads no analysis
    heeft_resultaat, cijfers = per_versie(
        meting, "regio", lambda _info: (alles()[0] is not None, alles()[1]), sleutel=f"{sleutel}:kop"
    )
    return {
        "metingen": metingen,
        "meting": meting,
        "regio": regio,
        "heeft_resultaat": heeft_resultaat,
        "resultaat": SimpleLazyObject(lambda: alles()[0]) if heeft_resultaat else None,
        "cijfers": cijfers,
        "cache_sleutel": sleutel,
    }
