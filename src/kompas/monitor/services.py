"""Writes of the monitor: built-in questionnaires, copies for a new wave, import of the
exchange format (CSV with ; or , and XLSX) and export of submissions."""

from __future__ import annotations

import io
import json
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from kompas.accounts.actor import actor_for
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.fouten import Geweigerd
from kompas.core.schrijven import SYSTEEM, NietVanU, eigen, schrijfdienst
from kompas.core.tabular import (
    Rij,
    Tabel,
    TabelFout,
    controleer_grootte,
    csv_writer,
    lees_csv,
    lees_tekst,
    lees_xlsx,
)
from kompas.kennisbank.services import markdown_naar_html
from kompas.monitor import deelnemers
from kompas.monitor.analyse import uitsplitsingen_kiezen
from kompas.monitor.codering import codeboek_overnemen
from kompas.monitor.definities import INGEBOUWD
from kompas.monitor.eigendom import metingen_beheerd, vereis_beheer, vragenlijsten_beheerd
from kompas.monitor.models import (
    Codecategorie,
    Inlezing,
    Inzending,
    Meting,
    Optie,
    Rapport,
    Uitnodiging,
    Vraag,
    Vragenlijst,
)
from kompas.monitor.opschoning import opgeschoonde_responsen
from kompas.monitor.respons import organisaties_van_jaar
from kompas.monitor.tasks import rapport_maken

VASTE_KOLOMMEN = ["respons_id", "organisatie", "gestart_op", "ingediend_op", "volledig"]


class MonitorFout(Geweigerd):
    """Bad input; the message is Dutch and shown as is."""


def vragenlijsten_laden(models=None) -> int:
    """Create the built-in questionnaires if they are missing (idempotent). ``models`` lets
    a data migration pass its historical models."""
    lijst_model, vraag_model, optie_model = models or (Vragenlijst, Vraag, Optie)
    created = 0
    for definitie in INGEBOUWD:
        lijst, new = lijst_model.objects.get_or_create(
            code=definitie["code"],
            defaults={"naam": definitie["naam"], "doelgroep": definitie["doelgroep"], "ingebouwd": True},
        )
        if not new:
            continue
        created += 1
        for volgorde, q in enumerate(definitie["vragen"], start=1):
            vraag = vraag_model.objects.create(
                vragenlijst=lijst,
                code=q["code"],
                bouwsteen=q["bouwsteen"],
                tekst=q["tekst"],
                type=q["type"],
                anders=q["anders"],
                matrix=q["matrix"],
                verplicht=q["verplicht"],
                vergelijkbaar=q["vergelijkbaar"],
                volgorde=volgorde,
            )
            optie_model.objects.bulk_create(
                [
                    optie_model(vraag=vraag, code=c, label=label, volgorde=i)
                    for i, (c, label) in enumerate(q["opties"], start=1)
                ]
            )
    return created


@schrijfdienst
def vragenlijst_kopieren(*, bron: Vragenlijst, code: str, naam: str, actor) -> Vragenlijst:
    """A new wave starts from a copy; questions keep their codes, so waves compare."""
    bron = eigen(bron, vragenlijsten_beheerd(actor))
    if Vragenlijst.objects.filter(code=code).exists():
        raise MonitorFout(f"Er bestaat al een vragenlijst met code {code}.")
    kopie = Vragenlijst.objects.create(code=code, naam=naam, doelgroep=bron.doelgroep, versie=1, basis=bron)
    for vraag in bron.vragen.prefetch_related("opties"):
        opties = list(vraag.opties.all())
        vraag.pk, vraag.vragenlijst = None, kopie
        vraag.save()
        Optie.objects.bulk_create([Optie(vraag=vraag, code=o.code, label=o.label, volgorde=o.volgorde) for o in opties])
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=kopie, details={"basis": bron.code})
    return kopie


def kolommen(lijst: Vragenlijst) -> list[str]:
    """The exchange-format columns of a questionnaire, in questionnaire order."""
    cols = list(VASTE_KOLOMMEN)
    for vraag in lijst.vragen.prefetch_related("opties"):
        if vraag.type == Vraag.Type.MEER:
            cols += [f"{vraag.code}_{o.code}" for o in vraag.opties.all()]
        else:
            cols.append(vraag.code)
        if vraag.anders:
            cols.append(f"{vraag.code}_anders")
    return cols


def _lees_tabel(inhoud: bytes, bestandsnaam: str) -> Tabel:
    try:
        controleer_grootte(len(inhoud))
        if inhoud[:4] == b"PK\x03\x04" or bestandsnaam.lower().endswith(".xlsx"):
            return lees_xlsx(inhoud)
        return lees_csv(lees_tekst(inhoud))
    except TabelFout as exc:
        raise MonitorFout(str(exc)) from exc


@dataclass
class ImportVerslag:
    vragenlijst: str
    rijen: int = 0
    ingelezen: int = 0
    al_aanwezig: int = 0
    fouten: list[tuple[int, str]] = field(default_factory=list)
    onbekende_kolommen: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        out = [
            (
                f"Vragenlijst {self.vragenlijst}: {self.rijen} {'rij' if self.rijen == 1 else 'rijen'}, "
                f"{self.ingelezen} ingelezen, {self.al_aanwezig} al eerder ingelezen, {len(self.fouten)} niet "
                "ingelezen."
            )
        ]
        if self.onbekende_kolommen:
            out.append("Onbekende kolommen (genegeerd): " + ", ".join(self.onbekende_kolommen))
        out += [f"  rij {rij}: {reden}" for rij, reden in self.fouten]
        return out

    def als_json(self) -> dict:
        return asdict(self)

    @classmethod
    def uit_json(cls, data: dict) -> ImportVerslag:
        return cls(**{**data, "fouten": [tuple(f) for f in data.get("fouten", [])]})


def _kies_vragenlijst(meting: Meting, header: list[str]) -> Vragenlijst:
    lijsten = list(meting.vragenlijsten.all())
    if not lijsten:
        raise MonitorFout(f"Meting {meting.code} heeft nog geen vragenlijst.")
    scores = [(len(set(header) & set(kolommen(lijst))), lijst) for lijst in lijsten]
    score, beste = max(scores, key=lambda s: s[0])
    if score <= len(VASTE_KOLOMMEN):
        raise MonitorFout(
            "De kolommen passen bij geen vragenlijst van deze meting (verwacht bijvoorbeeld B1_BELEID of Z_VORMEN)."
        )
    return beste


def _geldige_organisaties(meting: Meting, lijst: Vragenlijst) -> set[str]:
    return set(organisaties_van_jaar(meting.jaar, lijst.doelgroep))


def _datum(waarde: str, veld: str):
    if not waarde:
        return None
    dt = parse_datetime(waarde) if "T" in waarde or " " in waarde else parse_datetime(f"{waarde}T00:00:00")
    if dt is None:
        raise MonitorFout(f"{veld} '{waarde}' is geen geldige datum (verwacht bijvoorbeeld 2021-06-01T10:15:00)")
    return timezone.make_aware(dt) if timezone.is_naive(dt) else dt


Voortgang = Callable[[int, int], None]  # (the file's line read last, the file's lines)
VOORTGANG_ELKE = 0.5  # seconds between two progress reports


def inzendingen_importeren(
    *, meting: Meting, inhoud: bytes, bestandsnaam: str = "", actor, voortgang: Voortgang | None = None
) -> ImportVerslag:
    """Take every row it can; report every row it cannot (with row number and reason).
    Importing the same file twice adds nothing. A file that cannot be read as a whole (a
    :class:`MonitorFout`) adds nothing either. Rows are read as a stream; ``voortgang`` is
    told the line read last about twice a second.

    Reading runs outside any transaction (its progress must reach the page while it reads);
    the actor's right to the wave is checked before reading, and again, with the wave's row
    locked, by :func:`inzendingen_opslaan`, the write service that stores the rows."""
    if actor is None:
        raise TypeError("inzendingen_importeren() vraagt actor=… (SYSTEEM voor taken en commando's)")
    meting = eigen(meting, metingen_beheerd(actor))
    tabel = _lees_tabel(inhoud, bestandsnaam)
    del inhoud  # the reader keeps what it needs
    header = tabel.kolommen
    ontbrekend = [k for k in VASTE_KOLOMMEN if k not in header]
    if ontbrekend:
        raise MonitorFout("Kolom(men) ontbreken: " + ", ".join(ontbrekend))
    lijst = _kies_vragenlijst(meting, header)
    vragen = [(v, {o.code for o in v.opties.all()}) for v in lijst.vragen.prefetch_related("opties")]
    bekend = set(kolommen(lijst))
    verslag = ImportVerslag(vragenlijst=lijst.code, onbekende_kolommen=[h for h in header if h not in bekend])
    organisaties = _geldige_organisaties(meting, lijst)
    bestaand = {
        bron_id: (antwoorden, org)
        for bron_id, antwoorden, org in Inzending.objects.filter(meting=meting, vragenlijst=lijst).values_list(
            "bron_id", "antwoorden", "organisaties"
        )
    }
    nieuw: list[_Nieuw] = []
    nieuw_ids: set[str] = set()
    gemeld = time.monotonic()
    laatste = 0
    try:
        for regel in tabel.rijen:
            _rij_importeren(
                regel,
                verslag=verslag,
                meting=meting,
                vragen=vragen,
                organisaties=organisaties,
                bestaand=bestaand,
                nieuw=nieuw,
                nieuw_ids=nieuw_ids,
            )
            laatste = regel.regel
            if voortgang and time.monotonic() - gemeld >= VOORTGANG_ELKE:
                voortgang(laatste, tabel.regels)
                gemeld = time.monotonic()
    except TabelFout as exc:
        raise MonitorFout(str(exc)) from exc
    if not verslag.rijen:
        raise MonitorFout("Het bestand bevat geen gegevensregels.")
    if voortgang:
        voortgang(max(laatste, tabel.regels), max(laatste, tabel.regels))
    del tabel, bestaand, nieuw_ids  # the file's text: no longer needed while storing
    inzendingen_opslaan(
        actor=actor, meting=meting, lijst=lijst, nieuw=nieuw, verslag=verslag, bestandsnaam=bestandsnaam
    )
    return verslag


@schrijfdienst
def inzendingen_opslaan(
    *, actor, meting: Meting, lijst: Vragenlijst, nieuw: list[_Nieuw], verslag: ImportVerslag, bestandsnaam: str = ""
) -> int:
    """Store the rows :func:`inzendingen_importeren` read, with their audit row, in one
    transaction; the wave is re-fetched through the actor's scope and locked."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    lijst = eigen(lijst, meting.vragenlijsten.all())
    koppeling = _koppel_uitnodigingen(meting, lijst, nieuw)
    for begin in range(0, len(nieuw), OPSLAAN_PER):
        gemaakt = Inzending.objects.bulk_create(
            [
                Inzending(
                    meting=meting,
                    vragenlijst=lijst,
                    vragenlijst_versie=lijst.versie,
                    bron_id=n.bron_id,
                    organisaties=list(n.organisaties),
                    gestart_op=n.gestart_op,
                    ingediend_op=n.ingediend_op,
                    volledig=n.volledig,
                    antwoorden=json.loads(zlib.decompress(n.antwoorden)),
                    uitnodiging=koppeling.get(n.bron_id),
                )
                for n in nieuw[begin : begin + OPSLAAN_PER]
            ]
        )
        deelnemers.zetten(gemaakt, meting.jaar, nieuw=True)
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=meting,
        object_repr=f"import {bestandsnaam or 'bestand'} in {meting.code}",
        details={"ingelezen": len(nieuw), "fouten": len(verslag.fouten), "vragenlijst": lijst.code},
    )
    verslag.ingelezen = len(nieuw)
    return len(nieuw)


OPSLAAN_PER = 1000


class _Nieuw(NamedTuple):
    """A row to store, kept small while the rest of the file is read (100,000 rows fit in a
    worker's memory): the answers as compressed JSON rather than a dict per row."""

    bron_id: str
    organisaties: tuple[str, ...]
    gestart_op: object
    ingediend_op: object
    volledig: bool
    antwoorden: bytes


@schrijfdienst
def inlezing_aanmaken(*, meting: Meting, inhoud: bytes, bestandsnaam: str, actor) -> Inlezing:
    """Keep an uploaded file for the task worker (:func:`kompas.monitor.jobs.inlezing_aanvragen`
    queues it). Too large a file is refused here, before it is stored."""
    meting = eigen(meting, metingen_beheerd(actor))
    try:
        controleer_grootte(len(inhoud))
    except TabelFout as exc:
        raise MonitorFout(str(exc)) from exc
    user = getattr(actor, "user", None)
    organisatie = getattr(actor, "organisatie", None)
    inl = Inlezing.objects.create(
        meting=meting,
        inhoud=inhoud,
        bestandsnaam=bestandsnaam[:255],
        aangevraagd_door=user if getattr(user, "pk", None) else None,
        namens=organisatie,
    )
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=meting,
        object_repr=f"upload {inl.bestandsnaam} voor {meting.code}",
        details={"inlezing": inl.pk},
    )
    return inl


def inlezing_uitvoeren(inlezing_id: int) -> str:
    """Run by the task worker: read the stored file with progress, then keep the result (or
    the Dutch reason the file was refused) and drop the file. Safe to run twice: only a
    waiting upload is taken, so a duplicated task does nothing. The file is read as the user
    who uploaded it (refused if they lost the analist role meanwhile); an upload without a
    user (a command) as SYSTEEM."""

    if not Inlezing.objects.filter(pk=inlezing_id, status=Inlezing.Status.WACHT).update(status=Inlezing.Status.BEZIG):
        return "al opgepakt"
    inl = Inlezing.objects.select_related("meting", "aangevraagd_door").defer("inhoud").get(pk=inlezing_id)
    actor = actor_for(inl.aangevraagd_door, inl.namens_id) if inl.aangevraagd_door else SYSTEEM
    rij = Inlezing.objects.filter(pk=inlezing_id)

    def voortgang(gelezen: int, totaal: int) -> None:
        rij.update(gelezen=gelezen, totaal=max(totaal, gelezen) if totaal else 0)  # 0: the size is not known

    try:
        verslag = inzendingen_importeren(
            meting=inl.meting,
            inhoud=bytes(rij.values_list("inhoud", flat=True).get()),
            bestandsnaam=inl.bestandsnaam,
            actor=actor,
            voortgang=voortgang,
        )
    except (MonitorFout, NietVanU) as exc:
        rij.update(status=Inlezing.Status.MISLUKT, fout=str(exc), inhoud=None, klaar_op=timezone.now())
        return "mislukt"
    except Exception:
        rij.update(
            status=Inlezing.Status.MISLUKT,
            inhoud=None,
            klaar_op=timezone.now(),
            fout=(
                "Het inlezen is onverwacht mislukt; er is niets ingelezen. De technisch beheerder vindt de "
                "oorzaak in het logboek van de werker."
            ),
        )
        raise
    rij.update(status=Inlezing.Status.KLAAR, verslag=verslag.als_json(), inhoud=None, klaar_op=timezone.now())
    return "klaar"


def inlezing_afgebroken(inlezing_id: int) -> None:
    """Called by the planner when the task reading this file hung (its worker died). The
    submissions are stored in one transaction at the end, so nothing was half stored."""
    Inlezing.objects.filter(pk=inlezing_id, status__in=[Inlezing.Status.WACHT, Inlezing.Status.BEZIG]).update(
        status=Inlezing.Status.MISLUKT,
        inhoud=None,
        klaar_op=timezone.now(),
        fout=(
            "Het inlezen is afgebroken: de achtergrondverwerking stopte halverwege. Er is niets ingelezen; lees "
            "het bestand opnieuw in."
        ),
    )


def _rij_importeren(
    regel: Rij,
    *,
    verslag: ImportVerslag,
    meting: Meting,
    vragen: list[tuple[Vraag, set[str]]],
    organisaties: set[str],
    bestaand: dict,
    nieuw: list[_Nieuw],
    nieuw_ids: set[str],
) -> None:
    """One data row: a new submission in ``nieuw``, or a counted duplicate, or a reported error
    (with the row's line in the file)."""
    verslag.rijen += 1
    nummer, rij = regel.regel, regel.waarden
    try:
        if regel.fout:
            raise MonitorFout(regel.fout)
        bron_id = rij["respons_id"]
        if not bron_id:
            raise MonitorFout("respons_id ontbreekt")
        codes = [c.strip().upper() for c in rij["organisatie"].split("|") if c.strip()]
        if not codes:
            raise MonitorFout("organisatie ontbreekt")
        onbekend = [c for c in codes if c not in organisaties]
        if onbekend:
            raise MonitorFout(f"onbekende organisatie {', '.join(onbekend)} (niet in de indeling van {meting.jaar})")
        volledig = rij["volledig"].lower()
        if volledig not in ("ja", "nee"):
            raise MonitorFout(f"volledig moet ja of nee zijn, niet '{rij['volledig']}'")
        antwoorden = _antwoorden(vragen, rij)
        gestart_op, ingediend_op = _datum(rij["gestart_op"], "gestart_op"), _datum(rij["ingediend_op"], "ingediend_op")
    except MonitorFout as exc:
        verslag.fouten.append((nummer, str(exc)))
        return
    if bron_id in bestaand or bron_id in nieuw_ids:
        eerder = bestaand.get(bron_id)
        if eerder is not None and eerder == (antwoorden, codes):
            verslag.al_aanwezig += 1
        else:
            verslag.fouten.append((nummer, f"respons_id {bron_id} komt al voor met andere antwoorden"))
        return
    nieuw_ids.add(bron_id)
    nieuw.append(
        _Nieuw(
            bron_id,
            tuple(codes),
            gestart_op,
            ingediend_op,
            volledig == "ja",
            zlib.compress(json.dumps(antwoorden, ensure_ascii=False).encode(), 1),
        )
    )


def _koppel_uitnodigingen(meting: Meting, lijst: Vragenlijst, nieuw: list[_Nieuw]) -> dict:
    """Link each imported submission to the invitation of its (first) organisation when that
    invitation has no submission yet, so progress and the invitation list see it; a second
    submission of the same organisation stays unlinked (cleaning decides between them).
    Returns bron_id → invitation."""

    vrij = {
        u.organisatie_code: u
        for u in Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst, inzending__isnull=True)
    }
    koppeling = {}
    for n in sorted(nieuw, key=lambda i: (not i.volledig, i.ingediend_op is None, i.bron_id)):
        u = vrij.pop(n.organisaties[0], None)
        if u is not None:
            koppeling[n.bron_id] = u
    return koppeling


def _antwoorden(vragen: list[tuple[Vraag, set[str]]], rij: dict[str, str]) -> dict:
    antwoorden: dict = {}
    for vraag, opties in vragen:
        if vraag.type == Vraag.Type.MEER:
            gekozen = []
            for code in sorted(opties):
                waarde = rij.get(f"{vraag.code}_{code}", "")
                if waarde not in ("", "0", "1"):
                    raise MonitorFout(f"{vraag.code}_{code} moet 1 of leeg zijn, niet '{waarde}'")
                if waarde == "1":
                    gekozen.append(code)
            if gekozen:
                antwoorden[vraag.code] = gekozen
        else:
            waarde = rij.get(vraag.code, "")
            if waarde and vraag.type == Vraag.Type.ENKEL and waarde not in opties:
                raise MonitorFout(f"onbekende antwoordcode '{waarde}' bij {vraag.code}")
            if waarde:
                antwoorden[vraag.code] = waarde
        if vraag.anders and rij.get(f"{vraag.code}_anders"):
            antwoorden[f"{vraag.code}_anders"] = rij[f"{vraag.code}_anders"]
    return antwoorden


def _antwoordcellen(vragen: list[Vraag], antwoorden: dict) -> list[str]:
    row: list[str] = []
    for vraag in vragen:
        antwoord = antwoorden.get(vraag.code)
        if vraag.type == Vraag.Type.MEER:
            row += ["1" if o.code in (antwoord or []) else "" for o in vraag.opties.all()]
        else:
            row.append(antwoord or "")
        if vraag.anders:
            row.append(antwoorden.get(f"{vraag.code}_anders", ""))
    return row


def sjabloon(*, lijst: Vragenlijst) -> str:
    """An empty file in the exchange format of ``lijst`` (header only, ``;``), to fill in or
    to map a survey tool's export onto."""
    buf = io.StringIO()
    csv_writer(buf).writerow(kolommen(lijst))
    return buf.getvalue()


def handleiding_html() -> str:
    """The analyst's manual from docs/monitor-handleiding.md, rendered and sanitised like the
    kennisbank's articles (its own title is the page's)."""

    pad = Path(settings.BASE_DIR) / "docs" / "monitor-handleiding.md"
    tekst = (
        pad.read_text(encoding="utf-8")
        if pad.is_file()
        else "De handleiding ontbreekt in deze installatie (docs/monitor-handleiding.md)."
    )
    return markdown_naar_html("\n".join(r for r in tekst.splitlines() if not r.startswith("# ")))


def _iso(dt) -> str:
    return dt.isoformat() if dt else ""


@schrijfdienst
def inzendingen_exporteren(*, meting: Meting, lijst: Vragenlijst, actor) -> str:
    """CSV (;) with stable columns in questionnaire order and the questionnaire version (every
    organisation's answers: the analist's, with its audit row)."""
    meting = eigen(meting, metingen_beheerd(actor))
    lijst = eigen(lijst, meting.vragenlijsten.all())
    vragen = list(lijst.vragen.prefetch_related("opties"))
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["meting", "vragenlijst", "versie", *kolommen(lijst)])
    for i in Inzending.objects.filter(meting=meting, vragenlijst=lijst).order_by("bron_id"):
        w.writerow(
            [
                meting.code,
                lijst.code,
                i.vragenlijst_versie,
                i.bron_id,
                "|".join(i.organisaties),
                _iso(i.gestart_op),
                _iso(i.ingediend_op),
                "ja" if i.volledig else "nee",
                *_antwoordcellen(vragen, i.antwoorden),
            ]
        )
    audit_log_create(actie=Actie.EXPORT, actor=actor, obj=meting, object_repr=f"export {lijst.code} van {meting.code}")
    return buf.getvalue()


@schrijfdienst
def opgeschoond_exporteren(*, meting: Meting, lijst: Vragenlijst, actor) -> str:
    """The cleaned data set in the same format: one row per response (a split submission
    gives one row per gemeente; a combined one lists its sources joined by '+')."""

    meting = eigen(meting, metingen_beheerd(actor))
    lijst = eigen(lijst, meting.vragenlijsten.all())

    vragen = list(lijst.vragen.prefetch_related("opties"))
    bron = dict(Inzending.objects.filter(meting=meting, vragenlijst=lijst).values_list("pk", "bron_id"))
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["meting", "vragenlijst", "versie", *kolommen(lijst)])
    rijen = sorted(
        (r for r in opgeschoonde_responsen(meting) if r.vragenlijst_id == lijst.pk), key=lambda r: r.organisatie
    )
    for r in rijen:
        w.writerow(
            [
                meting.code,
                lijst.code,
                lijst.versie,
                "+".join(bron[i] for i in r.inzendingen),
                r.organisatie,
                "",
                "",
                "ja" if r.volledig else "nee",
                *_antwoordcellen(vragen, r.antwoorden),
            ]
        )
    audit_log_create(
        actie=Actie.EXPORT, actor=actor, obj=meting, object_repr=f"export opgeschoond {lijst.code} van {meting.code}"
    )
    return buf.getvalue()


@schrijfdienst
def meting_aanmaken(*, data: dict, kopieren: bool = False, actor) -> Meting:
    vereis_beheer(actor)
    if Meting.objects.filter(code=data["code"]).exists():
        raise MonitorFout(f"Er bestaat al een meting met code {data['code']}.")
    lijsten = [eigen(lijst, vragenlijsten_beheerd(actor)) for lijst in data["vragenlijsten"]]
    if data.get("vorige") is not None:
        data = {**data, "vorige": eigen(data["vorige"], metingen_beheerd(actor))}
    if kopieren:
        lijsten = [
            vragenlijst_kopieren(
                bron=lijst, code=f"{lijst.doelgroep}-{data['code']}", naam=f"{lijst.naam} ({data['naam']})", actor=actor
            )
            for lijst in lijsten
        ]
    velden = {
        k: data[k]
        for k in ("code", "naam", "jaar", "open_van", "open_tot", "vorige", "herinnering_na_dagen", "max_herinneringen")
        if k in data
    }
    meting = Meting.objects.create(**velden)
    meting.vragenlijsten.set(lijsten)
    if meting.vorige_id:  # the codebook carries over to the next wave
        codeboek_overnemen(meting=meting, actor=actor)
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=meting, details={"vragenlijsten": [v.code for v in lijsten]})
    return meting


@schrijfdienst
def meting_sluiten(*, meting: Meting, gesloten: bool, actor) -> None:
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    meting.gesloten = gesloten
    meting.save(update_fields=["gesloten"])
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=meting, details={"gesloten": gesloten})


INSTELLINGEN = ("open_van", "open_tot", "herinnering_na_dagen", "max_herinneringen", "vergelijking_kanttekening")


@schrijfdienst
def meting_instellen(*, meting: Meting, data: dict, actor) -> Meting:
    """A wave's settings (period, reminders, the comparison's caveat): the analist's only."""
    velden = [k for k in INSTELLINGEN if k in data]
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    gewijzigd = [k for k in velden if getattr(meting, k) != data[k]]
    for k in velden:
        setattr(meting, k, data[k])
    if velden:
        meting.save(update_fields=velden)
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=meting, details={"velden": gewijzigd})
    return meting


@schrijfdienst
def categorie_toevoegen(*, meting: Meting, vraag_code: str, label: str, bouwsteen: str = "", actor):
    meting = eigen(meting, metingen_beheerd(actor), lock=True)

    if not Vraag.objects.filter(vragenlijst__metingen=meting, code=vraag_code, type=Vraag.Type.OPEN).exists():
        raise MonitorFout("Dit is geen open vraag van deze meting.")
    code = slugify(label)[:40] or "categorie"
    if Codecategorie.objects.filter(meting=meting, vraag_code=vraag_code, code=code).exists():
        raise MonitorFout(f"De categorie '{label}' bestaat al bij deze vraag.")
    volgorde = Codecategorie.objects.filter(meting=meting, vraag_code=vraag_code).count() + 1
    cat = Codecategorie.objects.create(
        meting=meting, vraag_code=vraag_code, code=code, label=label.strip(), bouwsteen=bouwsteen, volgorde=volgorde
    )
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=meting, object_repr=f"codeboek {vraag_code}: {cat.label}")
    return cat


@schrijfdienst
def rapport_aanvragen(*, meting: Meting, formaat: str, actor, uitsplitsingen=None):
    meting = eigen(meting, metingen_beheerd(actor))

    try:
        gekozen = list(uitsplitsingen_kiezen(uitsplitsingen))  # the default written out: part of the report's identity
    except ValueError as exc:
        raise MonitorFout(str(exc)) from exc
    r = Rapport.objects.create(
        meting=meting, formaat=formaat, uitsplitsingen=gekozen, aangevraagd_door=getattr(actor, "user", None)
    )
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=meting,
        object_repr=f"rapport {formaat} van {meting.code} aangevraagd",
        details={"rapport": r.pk, "uitsplitsingen": gekozen},
    )
    transaction.on_commit(lambda: rapport_maken.enqueue(r.pk))
    return r
