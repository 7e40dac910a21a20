"""Documents from a completed zelfscan: a draft beleidsplan (DOCX) with the chapters of
seed 001, and the scan result (PDF)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from kompas.core.bouwstenen import Bouwsteen
from kompas.core.datums import datum
from kompas.core.pdf import pdf_maken
from kompas.zelfscan.definitie import ANTWOORDEN, ITEMS
from kompas.zelfscan.fte import berekenen, fte, getal
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.scoring import PLATEAU_LABEL, Profiel, beoordelen, vergelijken

ANTWOORD = dict(ANTWOORDEN)
OPEN = "IN TE VULLEN"


def _open(par, tekst: str) -> None:
    """An open place in the plan: highlighted, so the writer cannot miss it."""
    from docx.enum.text import WD_COLOR_INDEX

    run = par.add_run(f"[{OPEN}: {tekst}]")
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    run.bold = True


def _stand(doc, scan: Zelfscan, bouwsteen: str) -> None:
    for item in [i for i in ITEMS if i.bouwsteen == bouwsteen]:
        antwoord = scan.antwoorden.get(item.code, "")
        par = doc.add_paragraph(style="List Bullet")
        par.add_run(f"{item.vraag} ").bold = False
        par.add_run(f"({ANTWOORD.get(antwoord, 'niet beantwoord').lower()})").italic = True
        if antwoord != "ja":
            par.add_run(" ")
            _open(par, f"beschrijf hoe de gemeente dit gaat regelen, door wie en wanneer. Suggestie: {item.stap}")


def beleidsplan_docx(scan: Zelfscan, profiel: Profiel) -> bytes:
    from docx import Document

    resultaat = beoordelen(scan.antwoorden, profiel)
    doc = Document()
    doc.core_properties.title = f"Beleidsplan aanpak mensenhandel {profiel.naam}"
    doc.core_properties.language = "nl-NL"
    doc.add_heading(f"Beleidsplan aanpak mensenhandel – {profiel.naam}", level=0)
    p = doc.add_paragraph("Concept, opgesteld met Kompas op basis van de zelfscan van ")
    p.add_run(datum(scan.afgerond_op)).bold = True
    p.add_run(". Gele plekken vult u zelf in.")

    doc.add_heading("1 Inleiding", level=1)
    inw = f"{getal(profiel.inwoners)} inwoners" if profiel.inwoners else None
    p = doc.add_paragraph(f"Dit plan beschrijft de aanpak van mensenhandel in {profiel.naam}")
    p.add_run(f" ({inw})" if inw else "")
    p.add_run(
        ". Het volgt het Kader voor de aanpak van mensenhandel en de afspraak uit het Interbestuurlijk Programma "
        "dat elke gemeente beleid heeft. "
    )
    if profiel.zvh_regio:
        p.add_run(f"De gemeente werkt samen in de regio {profiel.zvh_regio}. ")
    _open(p, "aanleiding en bestuurlijke opdracht")

    doc.add_heading("2 Wat is mensenhandel?", level=1)
    doc.add_paragraph(
        "Mensenhandel is het werven, vervoeren of huisvesten van mensen met dwang, geweld, misleiding of misbruik "
        "van een kwetsbare positie, met het doel hen uit te buiten (artikel 273f Wetboek van Strafrecht). Bij "
        "minderjarigen is dwang niet nodig. Dit plan gaat over alle vormen: seksuele uitbuiting (waaronder "
        "uitbuiting door loverboys), arbeidsuitbuiting, criminele uitbuiting en gedwongen orgaanverwijdering."
    )
    p = doc.add_paragraph("Wat we weten over mensenhandel in onze gemeente: ")
    _open(p, "signalen, kwetsbare sectoren en het beeld van partners (omgevingsscan)")

    doc.add_heading("3 Ambitie en basisniveau", level=1)
    p = doc.add_paragraph(
        f"{profiel.naam} voldoet aan het basisniveau bestuurlijke aanpak mensenhandel en streeft ernaar mensenhandel "
        "te voorkomen, te bestrijden en slachtoffers te beschermen. "
    )
    p.add_run("Stand volgens de zelfscan: het basisniveau is ")
    p.add_run("gehaald." if resultaat.basisniveau else "nog niet gehaald.").bold = True
    for eis in resultaat.eisen:
        doc.add_paragraph(f"{eis.item.basisniveau}: {eis.reden}", style="List Bullet")

    doc.add_heading("4 Gemeentelijke rol", level=1)
    for rol, uitleg in [
        ("Beleidsmaker", "een plan voor een sluitende aanpak"),
        ("Signaleerder", "medewerkers als ogen en oren"),
        ("Regisseur van de integrale aanpak", "partners verbinden, bestuurlijk en strafrechtelijk"),
        ("Opvang en hulpverlening", "opvang en zorg voor slachtoffers"),
    ]:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{rol} – {uitleg}. Uitgevoerd door: ")
        _open(p, "afdeling of functie")

    doc.add_heading("5 Aanpak per doelstelling", level=1)
    for code, label in Bouwsteen.choices:
        doc.add_heading(f"{label} ({PLATEAU_LABEL[resultaat.plateaus[code]].lower()})", level=2)
        _stand(doc, scan, code)
    doc.add_heading("Interne meldroute en rollen", level=2)
    doc.add_paragraph(
        "Signalen gaan via de interne meldroute: melden bij de aandachtsfunctionaris, ontvangst bevestigen, "
        "verrijken met eigen informatie, bespreken op de lokale tafel of met de politie, zo nodig het RIEC en de "
        "regionale tafel mensenhandel, en terugkoppelen aan de melder."
    )
    p = doc.add_paragraph("Aandachtsfunctionaris: ")
    _open(p, "naam of functie, en vervanger")

    doc.add_heading("6 Opvang en hulpverlening", level=1)
    p = doc.add_paragraph(
        "Slachtoffers krijgen opvang en ondersteuning via de Wmo en, voor minderjarigen, de Jeugdwet. "
        "De zorgcoördinator mensenhandel regelt opvang, bedenktijd en hulp. "
    )
    if profiel.centrumgemeente_vo:
        p.add_run(
            f"Als centrumgemeente vrouwenopvang{' voor ' + profiel.vo_regio if profiel.vo_regio else ''} financiert "
            "de gemeente de regionale zorgcoördinatie. "
        )
    if profiel.inwoners:
        b = berekenen(profiel.inwoners)
        p.add_run(f"Ter indicatie (CoMensha-regel, alleen deze gemeente): {b.formule}. ")
    _open(p, "afspraken over financiering en de regio van de zorgcoördinatie")

    doc.add_heading("7 Borgen en evalueren", level=1)
    evaluatie = scan.evaluatie_op or timezone.localdate()
    p = doc.add_paragraph(
        f"Het plan wordt geëvalueerd op of rond {datum(evaluatie)} (twee jaar na opstellen). Kompas herinnert "
        "daaraan op het overzicht. De gemeente volgt de aantallen signalen via de meldroute en doet mee aan de "
        "landelijke monitor. "
    )
    _open(p, "financiering en wie de voortgang bewaakt")

    doc.add_heading("8 Partners", level=1)
    for partner in [
        "Politie",
        "RIEC",
        "Nederlandse Arbeidsinspectie",
        "Koninklijke Marechaussee",
        "Openbaar Ministerie",
        "Veilig Thuis",
        "Zorg- en veiligheidshuis" + (f" ({profiel.zvh_regio})" if profiel.zvh_regio else ""),
        "Zorgcoördinator mensenhandel",
        "CoMensha",
    ]:
        p = doc.add_paragraph(f"{partner} – contactpersoon: ", style="List Bullet")
        _open(p, "naam")

    doc.add_heading("9 Verbinding met bestaand beleid", level=1)
    for beleid in [
        "Zorg en Wmo",
        "Jeugd",
        "Huiselijk geweld en de meldcode",
        "Veiligheid en ondermijning",
        "Prostitutie",
    ]:
        p = doc.add_paragraph(f"{beleid}: ", style="List Bullet")
        _open(p, "hoe dit beleid mensenhandel meeneemt")

    doc.add_heading("Bijlage: volgende stappen uit de zelfscan", level=1)
    for stap in resultaat.stappen:
        doc.add_paragraph(f"{stap.tekst} ({stap.item.bouwsteen}, {stap.reden})", style="List Number")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def resultaat_pdf(scan: Zelfscan, profiel: Profiel, artikelen: dict, vorige: Zelfscan | None = None) -> bytes:
    """The result as a PDF: the page's content, with the progress chart when there is a previous scan."""
    html = render_to_string(
        "zelfscan/resultaat_pdf.html",
        {
            "scan": scan,
            "profiel": profiel,
            "resultaat": beoordelen(scan.antwoorden, profiel),
            "artikelen": artikelen,
            "bouwstenen": Bouwsteen.choices,
            "fte": fte,
            "vorige": vorige,
            "vergelijking": vergelijken(scan.antwoorden, vorige.antwoorden) if vorige else None,
        },
    )
    return pdf_maken(html)
