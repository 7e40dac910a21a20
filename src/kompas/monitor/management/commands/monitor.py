"""``kompas monitor``: command line for analysts who script."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.schrijven import SYSTEEM
from kompas.core.tabular import TabelFout, controleer_grootte
from kompas.monitor import deelnemers, opschoning, rapport
from kompas.monitor.models import Inzending, Meting, Opschoonstap, Vragenlijst
from kompas.monitor.services import (
    MonitorFout,
    inzendingen_exporteren,
    inzendingen_importeren,
    opgeschoond_exporteren,
    vragenlijsten_laden,
)
from kompas.monitor.uitnodigingen import uitgenodigden_importeren


class Command(BaseCommand):
    help = "Landelijke monitor: metingen aanmaken, inzendingen importeren, opschonen, exporteren en het rapport maken."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        m = sub.add_parser("meting", help="Een meting (golf) aanmaken of bijwerken.")
        m.add_argument("code")
        m.add_argument("--jaar", type=int, required=True, help="Jaar van de gemeentelijke indeling.")
        m.add_argument("--naam", default="")
        m.add_argument("--vragenlijsten", nargs="+", required=True)
        imp = sub.add_parser("importeer", help="Inzendingen importeren (CSV met ; of , of XLSX).")
        imp.add_argument("meting")
        imp.add_argument("bestand")
        uit = sub.add_parser(
            "uitgenodigden",
            help=(
                "De lijst van uitgenodigde organisaties inlezen (één code per regel) voor een meting uit een "
                "ander hulpmiddel."
            ),
        )
        uit.add_argument("meting")
        uit.add_argument("bestand")
        exp = sub.add_parser("exporteer", help="Inzendingen exporteren (CSV).")
        exp.add_argument("meting")
        exp.add_argument("vragenlijst")
        exp.add_argument("--uit", required=True)
        exp.add_argument("--opgeschoond", action="store_true", help="De opgeschoonde gegevens in plaats van de ruwe.")
        ops = sub.add_parser(
            "opschonen", help="De regels van het opschonen toepassen en tonen wat nog een beslissing vraagt."
        )
        ops.add_argument("meting")
        bes = sub.add_parser(
            "beslissingen", help="Open punten (met id) en genomen beslissingen (met nummer) van het opschonen tonen."
        )
        bes.add_argument("meting")
        bsl = sub.add_parser("beslis", help="Een open punt beslissen (ids uit 'beslissingen'), of --overige-anders.")
        bsl.add_argument("meting")
        bsl.add_argument("punt", nargs="?", default="")
        bsl.add_argument("--houd", default="", help="Dubbele inzending: alleen deze respons_id gebruiken.")
        bsl.add_argument(
            "--combineer",
            nargs="+",
            default=None,
            help="Dubbele inzending: deze respons_ids combineren (eerste gaat voor).",
        )
        bsl.add_argument(
            "--naar",
            default="",
            help="'Anders, namelijk': de antwoordcode waar de toelichting bij hoort ('anders' = blijft anders).",
        )
        bsl.add_argument("--reden", default="")
        bsl.add_argument(
            "--overige-anders", action="store_true", help="Alle overige 'anders, namelijk'-antwoorden blijven 'anders'."
        )
        itr = sub.add_parser("intrekken", help="Een genomen beslissing intrekken (nummer uit 'beslissingen').")
        itr.add_argument("meting")
        itr.add_argument("stap", type=int)
        sub.add_parser(
            "koppelen",
            help="Uitnodigingen en inzendingen aan gemeente en organisatie koppelen (na nieuwe referentiedata of een "
            "nieuwe organisatie) en codes melden die bij geen gemeente of ZVH-regio van het jaar horen (exitcode 1).",
        )
        rap = sub.add_parser("rapport", help="Het rapport maken (html, pdf, xlsx of csv).")
        rap.add_argument("meting")
        rap.add_argument("--formaat", required=True, choices=["html", "pdf", "xlsx", "csv"])
        rap.add_argument("--uit", required=True)
        rap.add_argument(
            "--uitsplitsing",
            action="append",
            default=[],
            help="Een indeling om naar uit te splitsen (hoogstens twee keer): grootteklasse, provincie, regio (ZVH), "
            "vrouwenopvang, politie_eenheid, veiligheidsregio, ggd, veilig_thuis, arbeidsmarkt.",
        )

    def handle(self, *args, **o):
        vragenlijsten_laden()
        try:
            if o["actie"] == "meting":
                lijsten = list(Vragenlijst.objects.filter(code__in=o["vragenlijsten"]))
                missing = set(o["vragenlijsten"]) - {v.code for v in lijsten}
                if missing:
                    raise MonitorFout("Onbekende vragenlijst(en): " + ", ".join(sorted(missing)))
                meting, created = Meting.objects.update_or_create(
                    code=o["code"], defaults={"jaar": o["jaar"], "naam": o["naam"] or o["code"]}
                )
                meting.vragenlijsten.set(lijsten)
                self.stdout.write(
                    f"Meting {meting.code} {'aangemaakt' if created else 'bijgewerkt'} ({meting.jaar}; "
                    f"{', '.join(sorted(v.code for v in lijsten))})."
                )
            elif o["actie"] == "koppelen":
                verslag = deelnemers.koppelen(actor=SYSTEEM)
                for regel in verslag.regels():
                    self.stdout.write(regel)
                if verslag.onbekend:
                    raise CommandError(
                        f"{len(verslag.onbekend)} code(s) zonder gemeente of ZVH-regio in het jaar van de meting."
                    )
            elif o["actie"] == "importeer":
                meting = self._meting(o["meting"])
                pad = Path(o["bestand"])
                if not pad.is_file():
                    raise MonitorFout(f"Bestand niet gevonden: {pad}")
                controleer_grootte(pad.stat().st_size)  # before the whole file is read
                verslag = inzendingen_importeren(
                    meting=meting, inhoud=pad.read_bytes(), bestandsnaam=pad.name, actor=SYSTEEM
                )
                for regel in verslag.regels():
                    self.stdout.write(regel)
            elif o["actie"] == "uitgenodigden":
                meting = self._meting(o["meting"])
                pad = Path(o["bestand"])
                if not pad.is_file():
                    raise MonitorFout(f"Bestand niet gevonden: {pad}")
                controleer_grootte(pad.stat().st_size)  # before the whole file is read
                for regel in uitgenodigden_importeren(meting=meting, inhoud=pad.read_bytes(), actor=SYSTEEM).regels():
                    self.stdout.write(regel)
            elif o["actie"] == "beslissingen":
                self._beslissingen(self._meting(o["meting"]))
            elif o["actie"] == "beslis":
                meting = self._meting(o["meting"])
                if o["overige_anders"]:
                    stappen = opschoning.overige_anders(meting=meting, actor=SYSTEEM)
                    self.stdout.write(
                        f"{sum(len(s.inzendingen) for s in stappen)} 'anders'-antwoorden blijven 'anders' "
                        f"({len(stappen)} beslissingen)."
                    )
                else:
                    stap = opschoning.punt_beslissen(
                        meting=meting,
                        punt=o["punt"],
                        houd=o["houd"],
                        combineer=o["combineer"],
                        naar=o["naar"],
                        reden=o["reden"],
                        actor=SYSTEEM,
                    )
                    self.stdout.write(
                        f"#{stap.pk} vastgelegd: {stap.get_soort_display()} ({stap.voor} → {stap.na} responsen)."
                    )
            elif o["actie"] == "intrekken":
                meting = self._meting(o["meting"])
                stap = Opschoonstap.objects.filter(meting=meting, pk=o["stap"]).first()
                if stap is None:
                    raise MonitorFout(f"Meting {meting.code} heeft geen beslissing #{o['stap']}.")
                opschoning.stap_intrekken(stap=stap, actor=SYSTEEM)
                self.stdout.write(f"#{stap.pk} ingetrokken.")
            elif o["actie"] == "opschonen":
                self._opschonen(self._meting(o["meting"]))
            elif o["actie"] == "rapport":
                meting = self._meting(o["meting"])
                uit = Path(o["uit"])
                if not uit.parent.is_dir():
                    raise MonitorFout(f"Map bestaat niet: {uit.parent}")
                try:
                    inhoud = rapport.maken(meting, o["formaat"], uitsplitsingen=o["uitsplitsing"] or None)
                except ValueError as exc:
                    raise MonitorFout(f"Uitsplitsing: {exc}.") from exc
                uit.write_bytes(inhoud)
                audit_log_create(
                    actie=Actie.EXPORT, obj=meting, object_repr=f"rapport {meting.code}.{o['formaat']} (opdrachtregel)"
                )
                self.stdout.write(f"Rapport ({o['formaat']}) geschreven: {uit} ({uit.stat().st_size} bytes).")
            else:
                meting = self._meting(o["meting"])
                lijst = meting.vragenlijsten.filter(code=o["vragenlijst"]).first()
                if lijst is None:
                    raise MonitorFout(f"Vragenlijst {o['vragenlijst']} hoort niet bij meting {meting.code}.")
                maker = opgeschoond_exporteren if o["opgeschoond"] else inzendingen_exporteren
                Path(o["uit"]).write_text(maker(meting=meting, lijst=lijst, actor=SYSTEEM), encoding="utf-8")
                self.stdout.write(f"Geschreven: {o['uit']}")
        except (MonitorFout, TabelFout, opschoning.OpschoonFout) as exc:
            raise CommandError(str(exc)) from exc

    def _opschonen(self, meting: Meting) -> None:
        voor = len(opschoning.opgeschoonde_responsen(meting))
        genomen = opschoning.regels_toepassen(meting=meting, actor=SYSTEEM)
        self.stdout.write(
            f"Meting {meting.code}: {voor} responsen voor, {len(opschoning.opgeschoonde_responsen(meting))} na de "
            "regels."
        )
        for stap in genomen:
            self.stdout.write(
                f"  {stap.get_soort_display()} {stap.organisatie_code}: {stap.regel} ({stap.voor} → {stap.na})"
            )
        punten = opschoning.te_beslissen(meting)
        self.stdout.write(f"{len(punten)} punt(en) vragen een beslissing van de analist:")
        for p in punten:
            waar = f"{p.organisatie} {p.vraag_code}".strip()
            self.stdout.write(
                f"  {waar}: {p.uitleg}"
                + (
                    f" Toelichting: '{p.tekst}'" + (f" (suggestie: {p.suggestie})" if p.suggestie else "")
                    if p.tekst
                    else ""
                )
            )

    def _beslissingen(self, meting: Meting) -> None:
        punten = opschoning.punten_met_id(meting)
        self.stdout.write(f"Open punten ({len(punten)}):")
        bron = dict(Inzending.objects.filter(meting=meting).values_list("pk", "bron_id"))
        for pid, p in punten:
            if p.soort == "dubbel":
                delen = ", ".join(
                    f"{bron[i]} ({'volledig' if r.volledig else 'onvolledig'}, {len(r.antwoorden)} antwoorden)"
                    for r in p.responsen
                    for i in r.inzendingen
                )
                self.stdout.write(f"  {pid}: {p.uitleg} Inzendingen: {delen}")
            else:
                self.stdout.write(f"  {pid}: '{p.tekst}'" + (f" (suggestie: {p.suggestie})" if p.suggestie else ""))
        stappen = opschoning.verloop(meting)
        self.stdout.write(f"Genomen beslissingen ({len(stappen)}):")
        for stap, voor, na in stappen:
            waar = " ".join(
                x for x in (stap.organisatie_code, stap.vraag_code and f"{stap.vraag_code} → {stap.naar}") if x
            )
            self.stdout.write(
                f"  #{stap.pk} {stap.get_soort_display()} {waar}: {stap.regel or stap.reden} ({voor} → {na})"
            )

    def _meting(self, code: str) -> Meting:
        meting = Meting.objects.filter(code=code).first()
        if meting is None:
            raise MonitorFout(
                f"Onbekende meting: {code}. Maak haar aan met 'kompas monitor meting {code} --jaar … "
                "--vragenlijsten …'."
            )
        return meting
