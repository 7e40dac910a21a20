"""A synthetic raw export in the exchange format, with the problems seed 000 §2.2 describes:
an incomplete submission beside a complete one, two complete submissions for one gemeente,
complementary partial submissions, one submission for several gemeenten and 'anders'
answers that belong to an existing option. Used by the demo, the tests and the benchmark.
The figures are invented; the distributions only resemble the 2021 report."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kompas.core.tabular import csv_writer
from kompas.monitor.models import Codecategorie, Codering, Inzending, Vraag, Vragenlijst
from kompas.monitor.services import kolommen

GEWICHTEN = {
    "B1_BELEID": {"specifiek": 15, "onderdeel": 10, "ontwikkeling": 35, "regionaal": 27, "geen": 5, "anders": 8},
    "B2_ZICHT": {"voldoende": 12, "onvoldoende": 80, "weetniet": 8},
    "B2_AANDACHTSFUNCTIONARIS": {"een": 55, "meerdere": 10, "contactpersoon": 15, "nee": 20},
    "B4_REGIOTAFEL": {"ja": 48, "nee": 30, "weetniet": 22},
    "B5_ZORGCOORDINATOR": {"ja": 72, "nee": 10, "weetniet": 18},
}
ANDERS_TEKSTEN = [
    "Het beleid is in ontwikkeling",
    "Wij werken aan een regionaal plan",
    "Loopt mee in het ondermijningsbeleid",
    "Nog niet besproken",
]
OPEN_TEKSTEN = {
    "HELPEND": [
        "Korte lijnen met de politie",
        "Een vaste aandachtsfunctionaris",
        "Regionale samenwerking",
        "Bestuurlijke aandacht",
    ],
    "BELEMMEREND": ["Te weinig capaciteit", "Geen zicht op slachtoffers", "Onduidelijke rolverdeling", "Weinig budget"],
    "ONDERSTEUNING": [
        "Goede voorbeelden van beleid",
        "Training voor medewerkers",
        "Een handreiking voor signalen",
        "Financiële middelen",
    ],
}


def _antwoord(vraag: Vraag, rng: random.Random) -> tuple[str | list[str], str]:
    opties = [o.code for o in vraag.opties.all()]
    if vraag.type == Vraag.Type.OPEN:
        return (rng.choice(OPEN_TEKSTEN.get(vraag.code, ["Geen opmerkingen"])) if rng.random() < 0.4 else ""), ""
    if vraag.type == Vraag.Type.MEER:
        gekozen = [o for o in opties if o != "weetniet" and rng.random() < 0.55]
        return (gekozen or ["weetniet"]), ""
    gewichten = GEWICHTEN.get(vraag.code)
    keuze = rng.choices(list(gewichten), weights=list(gewichten.values()))[0] if gewichten else rng.choice(opties)
    return keuze, (rng.choice(ANDERS_TEKSTEN) if keuze == "anders" else "")


def _rij(
    lijst_vragen: list[Vraag], bron_id: str, orgs: list[str], rng: random.Random, start: datetime, deel: float = 1.0
) -> dict:
    rij = {"respons_id": bron_id, "organisatie": "|".join(orgs), "gestart_op": start.isoformat(timespec="seconds")}
    alles = True
    for i, vraag in enumerate(lijst_vragen):
        if i >= len(lijst_vragen) * deel:
            alles = alles and vraag.type == Vraag.Type.OPEN
            continue
        waarde, anders = _antwoord(vraag, rng)
        if vraag.type == Vraag.Type.MEER:
            for o in vraag.opties.all():
                rij[f"{vraag.code}_{o.code}"] = "1" if o.code in waarde else ""
        else:
            rij[vraag.code] = waarde
        if vraag.anders:
            rij[f"{vraag.code}_anders"] = anders
    rij["ingediend_op"] = (
        (start + timedelta(minutes=rng.randint(8, 40))).isoformat(timespec="seconds") if deel >= 1 else ""
    )
    rij["volledig"] = "ja" if alles and deel >= 1 else "nee"
    return rij


def export_maken(
    lijst: Vragenlijst,
    organisaties: list[str],
    *,
    respons: float = 0.63,
    seed: int = 2021,
    problemen: bool = True,
    start: datetime | None = None,
    altijd: tuple[str, ...] = (),
) -> bytes:
    """A CSV (;) export for ``lijst`` over ``organisaties`` with the given response share."""
    rng = random.Random(seed)  # noqa: S311 - reproducible invented data, not security
    vragen = list(lijst.vragen.prefetch_related("opties"))
    start = start or datetime(2021, 9, 20, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    deelnemers = sorted(
        set(rng.sample(organisaties, max(0, round(len(organisaties) * respons)))) | (set(altijd) & set(organisaties))
    )
    rijen = []
    teller = 0

    def nieuw_id() -> str:
        nonlocal teller
        teller += 1
        return f"R{seed}-{teller:05d}"

    for org in deelnemers:
        rijen.append(_rij(vragen, nieuw_id(), [org], rng, start + timedelta(hours=rng.randint(0, 380))))
    if problemen and len(deelnemers) >= 12 and lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE:
        for org in deelnemers[:3]:  # §2.2a: an incomplete one beside the complete one
            rijen.append(_rij(vragen, nieuw_id(), [org], rng, start, deel=0.3))
        for org in deelnemers[3:5]:  # §2.2b: two complete ones
            rijen.append(_rij(vragen, nieuw_id(), [org], rng, start + timedelta(days=3)))
        anderen = [o for o in organisaties if o not in deelnemers]
        if len(anderen) >= 4:
            # complementary halves of one gemeente that did not answer otherwise
            org = anderen[0]
            eerste = _rij(vragen, nieuw_id(), [org], rng, start, deel=0.5)
            tweede = _rij(vragen, nieuw_id(), [org], rng, start + timedelta(days=1), deel=1.0)
            for vraag in vragen[: (len(vragen) + 1) // 2]:  # the second half only answers what the first did not
                for k in list(tweede):
                    if k == vraag.code or k.startswith(f"{vraag.code}_"):
                        tweede[k] = ""
            tweede["ingediend_op"], tweede["volledig"] = "", "nee"
            rijen += [eerste, tweede]
            # §2.2c: one respondent answers for three gemeenten
            rijen.append(_rij(vragen, nieuw_id(), anderen[1:4], rng, start + timedelta(days=2)))
    buf = io.StringIO()
    kop = kolommen(lijst)
    w = csv_writer(buf)
    w.writerow(kop)
    for rij in rijen:
        w.writerow([rij.get(k, "") for k in kop])
    return buf.getvalue().encode("utf-8")


def demo_coderen(meting) -> int:
    """Give the demo's open answers a codebook and code every answer by its (invented) text."""

    bouwstenen = {
        "Goede voorbeelden van beleid": "beleid",
        "Training voor medewerkers": "signaleren",
        "Regionale samenwerking": "samenwerking",
        "Geen zicht op slachtoffers": "signaleren",
        "Een vaste aandachtsfunctionaris": "signaleren",
        "Korte lijnen met de politie": "samenwerking",
    }
    cats = {}
    for vraag, teksten in OPEN_TEKSTEN.items():
        for i, tekst in enumerate(teksten, start=1):
            cats[(vraag, tekst)], _ = Codecategorie.objects.get_or_create(
                meting=meting,
                vraag_code=vraag,
                code=f"c{i}",
                defaults={"label": tekst, "volgorde": i, "bouwsteen": bouwstenen.get(tekst, "")},
            )
    n = 0
    for inz in Inzending.objects.filter(meting=meting):
        for vraag in OPEN_TEKSTEN:
            cat = cats.get((vraag, inz.antwoorden.get(vraag, "")))
            if cat:
                codering, _ = Codering.objects.get_or_create(inzending=inz, vraag_code=vraag)
                codering.categorieen.set([cat])
                n += 1
    return n
