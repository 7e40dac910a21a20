"""The report of a wave, laid out like seed 000: response and cleaning, then per bouwsteen the
figures with charts and N, the movement since the previous wave, helping and hindering
factors and the support needs. Formats: HTML, PDF (WeasyPrint, charts included), XLSX with
every table, and open-data CSV without organisation names. Published figures hide cells of
1–4 (see :func:`kompas.monitor.analyse.tonen`)."""

from __future__ import annotations

import hashlib
import io

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kompas.core import publicatie
from kompas.core.achtergrond import NIET_OPGEPAKT_NA, werker_bezig_geweest
from kompas.core.grafieken import staven
from kompas.core.pdf import pdf_maken
from kompas.core.tabular import csv_writer, xlsx_rij
from kompas.monitor.analyse import (
    CACHE_SECONDEN,
    RESPONSGROEPEN,
    analyse,
    tonen,
    uitsplitsingen_kiezen,
    versie_sleutel,
)
from kompas.monitor.models import Meting, Rapport
from kompas.monitor.opschoning import opgeschoond, verantwoording
from kompas.monitor.respons import responscijfers
from kompas.monitor.templatetags.monitor_tags import pct as fmt_pct


def staafdiagram(rijen: list[tuple[str, int | str, float | None]], titel: str) -> SafeString:
    """Percentages of one question as :func:`kompas.core.grafieken.staven` bars on a 0–100 %
    scale, each value written as the table writes it; a hidden cell gets no bar."""
    waarden = [(label, p if p is not None else str(shown)) for label, shown, p in rijen]
    teksten = [fmt_pct(p) if p is not None else _("niet getoond") for _label, _shown, p in rijen]
    return staven(waarden, titel=titel, maximum=100, waardeteksten=teksten)


def context(meting: Meting, voortgang=None, grafieken: bool = True, uitsplitsingen=None) -> dict:
    """Everything the report shows, read and cleaned once. The tables (XLSX, CSV) need no
    charts, so ``grafieken=False`` skips drawing them. ``uitsplitsingen``: the (up to two)
    divisions chosen for this report (see :func:`kompas.monitor.analyse.uitsplitsingen_kiezen`)."""
    gekozen = uitsplitsingen_kiezen(uitsplitsingen)
    stap = voortgang or (lambda _p, _s: None)
    stap(10, "Opgeschoonde gegevens berekenen")
    o = opgeschoond(meting)  # cached per version of the submissions and decisions
    gegevens, responsen, stappen = o.ctx, o.responsen, o.telling
    resultaten = analyse(meting, uitsplitsingen=gekozen)  # cached per version and breakdown choice
    cijfers = responscijfers(meting, ctx=gegevens, responsen=responsen)
    aanpassingen = verantwoording(gegevens, stappen)
    for lijst in resultaten:
        lijst.cijfers = cijfers.voor(lijst.lijst)
        lijst.aanpassingen = aanpassingen.get(lijst.lijst.pk, [])
    stap(50, "Tabellen en grafieken maken" if grafieken else "Tabellen maken")
    for lijst in resultaten:
        for res in lijst.alle_vragen:
            res.tonen = tonen(res)
            if grafieken:
                res.grafiek = staafdiagram([(o.label, s, p) for o, s, p in res.tonen], res.vraag.tekst)
        for o in lijst.open if grafieken else ():
            o.grafiek = staafdiagram([(c.label, n, p) for c, n, p in o.tonen], o.vraag.tekst)
    return {
        "meting": meting,
        "resultaten": resultaten,
        "stappen": stappen,
        "cijfers": cijfers,
        "aanpassingen": aanpassingen,
        "uitsplitsingen": gekozen,
        "responsgroepen": {**RESPONSGROEPEN, **gekozen},
        "gemaakt_op": timezone.now(),
        "drempel": publicatie.DREMPEL,
    }


def pagina_inhoud(meting: Meting, uitsplitsingen=None) -> SafeString:
    """The report as the analyst's report page shows it (tables, charts, cleaning list), read
    from the cache when nothing it is drawn from changed: the same version key as the
    analysis and "onze resultaten" (:func:`kompas.monitor.analyse.versie_sleutel`: the cleaned
    version, so every decision, withdrawal, import and saved answer; codings, invitations,
    reference data, the breakdown choice and the previous wave), plus the wave's own fields
    (its name and comparison note are in the text) and the language. A hit reads only the key:
    no cleaned data set, no analysis, no charts."""
    gekozen = uitsplitsingen_kiezen(uitsplitsingen)
    eigen = hashlib.sha256(
        "\x1f".join(f"{f.attname}={getattr(meting, f.attname)}" for f in Meting._meta.concrete_fields).encode()
    ).hexdigest()[:16]
    sleutel = versie_sleutel(
        meting, f"rapportpagina:{get_language()}:{eigen}", vergelijken=True, uitsplitsingen=gekozen
    )
    gevonden = cache.get(sleutel)
    if gevonden is None:
        gevonden = render_to_string("monitor/_rapport_inhoud.html", context(meting, uitsplitsingen=gekozen))
        cache.set(sleutel, gevonden, CACHE_SECONDEN)
    return mark_safe(gevonden)  # noqa: S308 - rendered by our own template above


def html(meting: Meting, voortgang=None, los: bool = True, uitsplitsingen=None) -> str:
    """The report as a standalone HTML document (``los``) for download and PDF."""
    ctx = context(meting, voortgang=voortgang, uitsplitsingen=uitsplitsingen)
    return render_to_string("monitor/rapport_document.html", {**ctx, "los": los})


def pdf(meting: Meting, voortgang=None, uitsplitsingen=None) -> bytes:
    document = html(meting, voortgang=voortgang, uitsplitsingen=uitsplitsingen)
    (voortgang or (lambda _p, _s: None))(75, "PDF opmaken")
    return pdf_maken(document)


def _rijen_tabellen(meting: Meting, voortgang=None, uitsplitsingen=None):
    """Every table of the report as (sheet, header, rows); also the basis of the CSV."""
    ctx = context(meting, voortgang=voortgang, grafieken=False, uitsplitsingen=uitsplitsingen)
    groepnamen = {k: str(v) for k, v in ctx["responsgroepen"].items()}
    respons, vragen, uitsplitsing, open_, vergelijking, opschoning = [], [], [], [], [], []
    for lijst in ctx["resultaten"]:
        naam = lijst.lijst.code
        c = lijst.cijfers
        respons.append(
            [naam, "totaal", lijst.lijst.get_doelgroep_display(), c.uitgenodigd, c.respons, c.volledig, _num(c.pct)]
        )
        respons += [[naam, "niet uitgenodigd", reden, n, "", "", ""] for reden, n in c.niet_uitgenodigd]
        for attr, rijen in lijst.responstabellen.items():
            respons += [
                [naam, groepnamen[attr], x.groep, x.uitgenodigd, x.respons, x.volledig, _num(x.pct)] for x in rijen
            ]
        for res in lijst.alle_vragen:
            for o, shown, pct in res.tonen:
                vragen.append(
                    [
                        naam,
                        res.vraag.get_bouwsteen_display() or "",
                        res.code,
                        res.vraag.tekst,
                        res.vraag.get_type_display(),
                        o.code,
                        o.label,
                        res.n,
                        shown,
                        _num(pct),
                    ]
                )
            for attr, groepen in res.uitsplitsing.items():
                for g in groepen:
                    for o, (shown, pct) in zip(res.opties, g.cellen, strict=True):
                        uitsplitsing.append([naam, res.code, groepnamen[attr], g.groep, g.n, o.code, shown, _num(pct)])
            for v in res.vergelijking:
                vergelijking.append(
                    [naam, res.code, v.code, v.label, res.n_oud, _num(v.pct_oud), res.n, _num(v.pct_nieuw), _num(v.pp)]
                )
        for o in lijst.open:
            for c, shown, pct in o.tonen:
                open_.append(
                    [naam, o.vraag.code, c.label, c.get_bouwsteen_display() or "", o.n_gecodeerd, shown, _num(pct)]
                )
        opschoning += [
            [naam, regel.soort, regel.tekst, regel.eenheid, regel.voor, regel.na] for regel in lijst.aanpassingen
        ]
    return [
        ("Respons", ["vragenlijst", "indeling", "groep", "uitgenodigd", "respons", "volledig", "respons_pct"], respons),
        (
            "Vragen",
            ["vragenlijst", "bouwsteen", "vraag", "vraagtekst", "type", "optie", "optielabel", "n", "aantal", "pct"],
            vragen,
        ),
        ("Uitsplitsing", ["vragenlijst", "vraag", "indeling", "groep", "n", "optie", "aantal", "pct"], uitsplitsing),
        ("Open antwoorden", ["vragenlijst", "vraag", "categorie", "bouwsteen", "n_gecodeerd", "aantal", "pct"], open_),
        (
            "Vergelijking",
            [
                "vragenlijst",
                "vraag",
                "optie",
                "optielabel",
                "n_vorige",
                "pct_vorige",
                "n",
                "pct",
                "verschil_procentpunt",
            ],
            vergelijking,
        ),
        ("Opschoning", ["vragenlijst", "stap", "regel_of_reden", "telt", "voor", "na"], opschoning),
    ]


def _num(p: float | None):
    return "" if p is None else round(p, 1)


def xlsx(meting: Meting, voortgang=None, uitsplitsingen=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for titel, header, rijen in _rijen_tabellen(meting, voortgang, uitsplitsingen):
        ws = wb.create_sheet(titel)
        xlsx_rij(ws, header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for rij in rijen:
            xlsx_rij(ws, rij)
        ws.freeze_panes = "A2"
    (voortgang or (lambda _p, _s: None))(80, "Werkmap opslaan")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_open(meting: Meting, voortgang=None, uitsplitsingen=None) -> bytes:
    """Open data: every published figure in one long table, without organisation names."""
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["meting", "tabel", "vragenlijst", "vraag", "indeling", "groep", "optie", "n", "aantal", "pct"])
    for titel, _header, rijen in _rijen_tabellen(meting, voortgang, uitsplitsingen):
        if titel == "Vragen":
            w.writerows([meting.code, "vraag", r[0], r[2], "landelijk", "", r[5], r[7], r[8], r[9]] for r in rijen)
        elif titel == "Uitsplitsing":
            w.writerows([meting.code, "uitsplitsing", r[0], r[1], r[2], r[3], r[5], r[4], r[6], r[7]] for r in rijen)
        elif titel == "Respons":
            w.writerows([meting.code, "respons", r[0], "", r[1], r[2], "", r[3], r[4], r[6]] for r in rijen)
    return buf.getvalue().encode("utf-8")


MAKERS = {
    "pdf": pdf,
    "xlsx": xlsx,
    "csv": csv_open,
    "html": lambda m, voortgang=None, uitsplitsingen=None: html(m, voortgang, uitsplitsingen=uitsplitsingen).encode(
        "utf-8"
    ),
}


def maken(meting: Meting, formaat: str, voortgang=None, uitsplitsingen=None) -> bytes:
    if formaat not in MAKERS:
        raise ValueError(f"onbekend formaat {formaat}")
    return MAKERS[formaat](meting, voortgang=voortgang, uitsplitsingen=uitsplitsingen)


def rapport_bouwen(rapport_id: int) -> str:
    """Run by the task worker; stores progress so the page can show it. Safe to run twice
    (a re-queued or duplicated task): a finished report is not built again, and a second
    build writes the same content."""
    rapport = Rapport.objects.select_related("meting").defer("inhoud").get(pk=rapport_id)
    if rapport.status == Rapport.Status.KLAAR:
        return rapport.bestandsnaam

    def voortgang(pct: int, stap: str) -> None:
        Rapport.objects.filter(pk=rapport.pk).exclude(status=Rapport.Status.KLAAR).update(
            status=Rapport.Status.BEZIG, voortgang=pct, stap=stap, fout=""
        )

    voortgang(1, "Gestart")
    try:
        inhoud = maken(rapport.meting, rapport.formaat, voortgang, uitsplitsingen=rapport.uitsplitsingen or None)
    except Exception as exc:  # noqa: BLE001 - shown to the analyst, the worker keeps running
        Rapport.objects.filter(pk=rapport.pk).exclude(status=Rapport.Status.KLAAR).update(
            status=Rapport.Status.MISLUKT, fout=f"{type(exc).__name__}: {exc}"
        )
        raise
    Rapport.objects.filter(pk=rapport.pk).update(
        status=Rapport.Status.KLAAR, voortgang=100, stap="Klaar", inhoud=inhoud, klaar_op=timezone.now(), fout=""
    )
    return rapport.bestandsnaam


def indelingen(rapport: Rapport) -> list[str]:
    """The names of the divisions a report is broken down by, for the pages that list it."""
    try:
        return list(uitsplitsingen_kiezen(rapport.uitsplitsingen or None).values())
    except ValueError:  # a division that no longer exists: show its key
        return list(rapport.uitsplitsingen)


def rapport_afgebroken(rapport_id: int) -> None:
    """Called by the planner when the task building this report hung (its worker died)."""
    Rapport.objects.filter(pk=rapport_id, status__in=[Rapport.Status.WACHT, Rapport.Status.BEZIG]).update(
        status=Rapport.Status.MISLUKT,
        fout="Het maken is afgebroken: de achtergrondverwerking stopte halverwege. Maak het rapport opnieuw.",
    )


def niet_opgepakt(rapport: Rapport, now=None) -> bool:
    """A report still waiting after a minute: no task worker is running."""

    grens = (now or timezone.now()) - NIET_OPGEPAKT_NA
    if rapport.status != Rapport.Status.WACHT or rapport.aangemaakt_op >= grens:
        return False
    return not werker_bezig_geweest(grens)
