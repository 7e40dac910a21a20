"""Zelfscan: scoring (plateaus, basisniveau), tailoring, the fte rule with worked examples,
the scan flow, the regional overview and the documents."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.bouwstenen import Bouwsteen
from kompas.core.datums import datum
from kompas.core.schrijven import SYSTEEM
from kompas.kennisbank.services import inhoud_laden
from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap
from kompas.zelfscan import fte, scoring
from kompas.zelfscan.definitie import ITEMS
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.scoring import Profiel
from kompas.zelfscan.services import evaluatiedatum
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.pdfcheck import assert_toegankelijke_pdf

ALLES_JA = {i.code: "ja" for i in ITEMS}


def _zonder(*codes, waarde="nee"):
    return {**ALLES_JA, **dict.fromkeys(codes, waarde)}


# --- scoring -----------------------------------------------------------------------------


def test_plateaus_worked_examples():
    assert set(scoring.plateaus(ALLES_JA).values()) == {"verdieping"}
    # one verdieping statement missing: basis for that bouwsteen only
    p = scoring.plateaus(_zonder("V_JEUGD"))
    assert p["beleid"] == "basis" and p["signaleren"] == "verdieping"
    # 'deels' on a basis statement: below basis, even with all verdieping statements met
    p = scoring.plateaus(_zonder("O_WMO", waarde="deels"))
    assert p["opvang"] == "onder_basis"
    assert scoring.plateaus({})["beleid"] == "onder_basis"


def test_basisniveau_needs_all_three_with_reason_per_requirement():
    assert scoring.basisniveau(ALLES_JA)[0] is True
    gehaald, eisen = scoring.basisniveau(_zonder("BN_AF"))
    assert gehaald is False
    assert [(e.item.basisniveau, e.voldaan) for e in eisen] == [
        ("Vastgesteld beleid", True),
        ("Aandachtsfunctionaris", False),
        ("Actieve signalering", True),
    ]
    assert eisen[1].reden == "Niet voldaan."
    _g, eisen = scoring.basisniveau(_zonder("BN_BELEID", waarde="deels"))
    assert eisen[0].reden.startswith("Nog niet voldaan: deels")
    _g, eisen = scoring.basisniveau({})
    assert all(e.reden == "Niet beantwoord." for e in eisen)


def test_next_steps_are_prioritised():
    antwoorden = _zonder("BN_SIGNALERING", "B_VORMEN", "V_SPECIFIEK", "K_KETENREGIE")
    antwoorden["S_SCAN"] = "weetniet"
    stappen = scoring.volgende_stappen(antwoorden, Profiel("Middendorp", 40_000))
    codes = [s.item.code for s in stappen]
    # basisniveau first, then basis statements, then verdieping of bouwstenen whose basis is reached
    assert codes[0] == "BN_SIGNALERING" and codes[1] == "B_VORMEN"
    assert codes.index("K_KETENREGIE") < codes.index("V_SPECIFIEK")  # beleid is below basis: its verdieping waits
    assert next(s for s in stappen if s.item.code == "S_SCAN").tekst.startswith("Zoek eerst uit")
    assert all(s.artikelen for s in stappen)


def test_tailoring_by_profile():
    antwoorden = _zonder("BN_BELEID", "O_FINANCIERING", "K_REGIOTAFEL")
    klein = scoring.volgende_stappen(antwoorden, Profiel("Klein", 9_000, zvh_regio="ZVH Noord"))
    groot = scoring.volgende_stappen(
        antwoorden, Profiel("Groot", 250_000, centrumgemeente_vo=True, vo_regio="Regio West")
    )
    tekst = {s.item.code: s.tekst for s in klein}
    assert (
        "kleine gemeente" in tekst["BN_BELEID"]
        and "ZVH Noord" in tekst["BN_BELEID"]
        and "ZVH Noord" in tekst["K_REGIOTAFEL"]
    )
    g = {s.item.code: s for s in groot}
    assert g["O_FINANCIERING"].tekst.startswith("Als centrumgemeente vrouwenopvang voor Regio West")
    assert "kleine gemeente" not in g["BN_BELEID"].tekst
    # centrumgemeente: financing moves ahead of the other verdieping step
    assert [s.item.code for s in groot].index("O_FINANCIERING") < [s.item.code for s in groot].index("K_REGIOTAFEL")
    k = [s.item.code for s in klein]
    assert k.index("K_REGIOTAFEL") < k.index("O_FINANCIERING")  # a small gemeente: regional table first


def test_progress_against_an_earlier_scan():
    v = scoring.vergelijken(ALLES_JA, _zonder("BN_AF", "V_JEUGD"))
    assert v["basisniveau"] == (False, True)
    assert {i.code for i in v["nieuw"]} == {"BN_AF", "V_JEUGD"} and v["terug"] == []
    per = {b: verschil for b, _t, _n, verschil in v["bouwstenen"]}
    assert per["signaleren"] == 2 and per["beleid"] == 1 and per["opvang"] == 0


# --- fte rule ------------------------------------------------------------------------------


def test_fte_rule_worked_examples():
    b = fte.berekenen(650_000)
    assert (b.netwerk_min, b.netwerk_max, b.casus, b.totaal_min, b.totaal_max) == (0.5, 1.0, 0.65, 1.15, 1.65)
    assert b.formule == "(0,5 tot 1,0) + 0,1 × 650.000 / 100.000 = 0,50 tot 1,00 + 0,65 = 1,15 tot 1,65 fte"
    p = fte.berekenen(1_200_000, politieregio=True)
    assert (p.netwerk_min, p.netwerk_max, p.casus, p.totaal_max) == (1.0, 2.0, 1.2, 3.2)
    assert p.formule.startswith("2 × (0,5 tot 1,0)")
    assert fte.berekenen(0).totaal_min == 0.5
    with pytest.raises(ValueError):
        fte.berekenen(-1)


def test_evaluation_date_two_years_on():
    assert evaluatiedatum(date(2026, 11, 22)) == date(2028, 11, 22)
    assert evaluatiedatum(date(2024, 2, 29)) == date(2026, 2, 28)


# --- flow -----------------------------------------------------------------------------------


@pytest.fixture
def wereld(db):
    inhoud_laden(actor=SYSTEEM)
    zvh = Regio.objects.create(indeling=Indeling.ZVH, code="ZVH-T", naam="ZVH Testregio")
    vo = Regio.objects.create(
        indeling=Indeling.VROUWENOPVANG, code="VO-T", naam="VO Testregio", centrumgemeente_code="GM7001"
    )
    for code, naam, inw in [
        ("GM7001", "Groothaven", 150_000),
        ("GM7002", "Kleindorp", 8_000),
        ("GM7003", "Middenstad", 45_000),
    ]:
        g = Gemeente.objects.create(jaar=2026, cbs_code=code, naam=naam, provincie="Utrecht", inwoners=inw)
        RegioLidmaatschap.objects.create(gemeente=g, regio=zvh, indeling=Indeling.ZVH)
        RegioLidmaatschap.objects.create(gemeente=g, regio=vo, indeling=Indeling.VROUWENOPVANG)
    return {"zvh": zvh, "org": OrganisatieFactory(naam="Gemeente Kleindorp", cbs_code="GM7002")}


def _stap(c, scan, bouwsteen, antwoorden, naar="volgende"):
    codes = {i.code for i in ITEMS if i.bouwsteen == bouwsteen}
    return c.post(
        reverse("zelfscan:stap", args=[scan.pk, bouwsteen]),
        {**{k: v for k, v in antwoorden.items() if k in codes}, "naar": naar},
    )


def _alle_stappen(c, scan, antwoorden):
    for bouwsteen in Bouwsteen.values:
        assert _stap(c, scan, bouwsteen, antwoorden).status_code == 302


def test_scan_flow_result_links_and_beleidsplan(wereld):
    from docx import Document

    adviseur = member(Rol.BELEIDSADVISEUR, wereld["org"])
    c = verified_client(adviseur)
    r = c.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.get()
    assert r["Location"] == reverse("zelfscan:scan", args=[scan.pk]) and scan.gemeente_naam == "Kleindorp"
    # save a part; completing with gaps gives Dutch errors and keeps the answers
    _stap(c, scan, "beleid", {"BN_BELEID": "ja"}, naar="opslaan")
    _stap(c, scan, "signaleren", {"BN_AF": "nee"})
    r = c.post(reverse("zelfscan:samenvatting", args=[scan.pk]), {"toelichting": "eerste ronde", "afronden": "1"})
    assert "Beantwoord ook" in r.content.decode()
    scan.refresh_from_db()
    assert (
        scan.antwoorden == {"BN_BELEID": "ja", "BN_AF": "nee"}
        and scan.status == "concept"
        and scan.toelichting == "eerste ronde"
    )
    _alle_stappen(c, scan, _zonder("BN_AF"))
    r = c.post(reverse("zelfscan:samenvatting", args=[scan.pk]), {"toelichting": "eerste ronde", "afronden": "1"})
    assert r["Location"] == reverse("zelfscan:resultaat", args=[scan.pk])
    page = c.get(r["Location"]).content.decode()
    assert "Basisniveau niet gehaald" in page and "Aandachtsfunctionaris</strong>: Niet voldaan." in page
    assert reverse("kennisbank:artikel", args=["aandachtsfunctionaris"]) in page
    assert "kleine gemeente" in page or "regionaal delen" in page
    # a completed scan cannot be edited
    assert c.get(reverse("zelfscan:scan", args=[scan.pk])).status_code == 302
    # the beleidsplan: DOCX with the chapters of seed 001, open places marked, evaluation date set
    r = c.post(reverse("zelfscan:beleidsplan", args=[scan.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('beleidsplan-mensenhandel-GM7002.docx"')
    doc = Document(io.BytesIO(r.content))
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for hoofdstuk in [
        "1 Inleiding",
        "2 Wat is mensenhandel?",
        "3 Ambitie en basisniveau",
        "4 Gemeentelijke rol",
        "5 Aanpak per doelstelling",
        "6 Opvang en hulpverlening",
        "7 Borgen en evalueren",
        "8 Partners",
        "9 Verbinding met bestaand beleid",
    ]:
        assert hoofdstuk in koppen
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert "Kleindorp" in tekst and "8.000 inwoners" in tekst and "ZVH Testregio" in tekst and "[IN TE VULLEN:" in tekst
    assert "nog niet gehaald" in tekst
    scan.refresh_from_db()
    assert scan.evaluatie_op is not None
    assert "wordt geëvalueerd op" in c.get(reverse("core:dashboard")).content.decode()
    # the scan result as PDF
    r = c.get(reverse("zelfscan:resultaat_pdf", args=[scan.pk]))
    assert_toegankelijke_pdf(r.content)
    # a second scan starts from the answers of the first, and shows progress
    c.post(reverse("zelfscan:overzicht"))
    tweede = Zelfscan.objects.exclude(pk=scan.pk).get()
    assert tweede.antwoorden == scan.antwoorden
    _alle_stappen(c, tweede, ALLES_JA)
    c.post(reverse("zelfscan:samenvatting", args=[tweede.pk]), {"afronden": "1"})
    page = c.get(reverse("zelfscan:resultaat", args=[tweede.pk])).content.decode()
    assert "Basisniveau gehaald" in page and "vooruitgang" in page
    # the chart beside the plateau table: every statement 'ja', so every bouwsteen full
    grafiek = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in grafiek and grafiek.count("· Verdieping bereikt</text>") == 5


def test_other_gemeente_cannot_see_a_scan(wereld):
    eigen = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    eigen.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.get()
    ander = verified_client(member(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam="Gemeente Anders", cbs_code="GM7003")))
    for naam in ("zelfscan:scan", "zelfscan:resultaat", "zelfscan:resultaat_pdf"):
        assert ander.get(reverse(naam, args=[scan.pk])).status_code == 404


def test_region_scans_all_gemeenten_and_sees_status_only(wereld):
    zvh_org = OrganisatieFactory(naam="ZVH Testregio", type=OrganisatieType.ZVH, cbs_code="", regio=wereld["zvh"])
    c = verified_client(member(Rol.KETENREGISSEUR, zvh_org))
    r = c.post(
        reverse("zelfscan:regio_scan"), {**_zonder("O_FINANCIERING"), "toelichting": "vertrouwelijk", "afronden": "1"}
    )
    assert r.status_code == 302 and Zelfscan.objects.filter(regionaal=True, status="afgerond").count() == 3
    page = c.get(reverse("zelfscan:regio")).content.decode()
    assert (
        page.count("gehaald") >= 3
        and "Groothaven" in page
        and "Verdieping bereikt" in page
        and "vertrouwelijk" not in page
    )
    # the regional plan: the region's population (150.000 + 8.000 + 45.000) and its name
    from docx import Document

    r = c.post(reverse("zelfscan:regio_beleidsplan"))
    tekst = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "regio ZVH Testregio" in tekst and "203.000 inwoners" in tekst
    assert Zelfscan.objects.filter(regionaal=True, evaluatie_op__isnull=False).count() == 3


def test_fte_page_uses_the_region_population(wereld):
    c = verified_client(
        member(Rol.ZORGCOORDINATOR, OrganisatieFactory(naam="Zorg", type=OrganisatieType.ZORGAANBIEDER, cbs_code=""))
    )
    page = c.get(reverse("zelfscan:fte") + f"?regio={wereld['zvh'].pk}").content.decode()
    assert "203000" in page.replace(".", "") and "0,70 tot 1,20 fte" in page
    page = c.get(reverse("zelfscan:fte") + "?inwoners=1200000&politieregio=on").content.decode()
    assert "2 × (0,5 tot 1,0)" in page
    assert (
        "Kies een regio of vul het aantal inwoners in" in c.get(reverse("zelfscan:fte") + "?inwoners=").content.decode()
    )


# --- the fte calculator is findable (issue 14 item 6) ---------------------------------------


def _pdf_tekst(inhoud: bytes, tmp_path) -> str:
    import subprocess

    pad = tmp_path / "scan.pdf"
    pad.write_bytes(inhoud)
    uit = subprocess.run(["/usr/bin/pdftotext", str(pad), "-"], capture_output=True, text=True, check=True)  # noqa: S603 - fixed tool, own file
    return " ".join(uit.stdout.split())


def test_fte_calculator_is_linked_from_dashboards_advice_and_article(wereld, tmp_path):
    from django.urls import resolve

    from kompas.kennisbank.models import Artikel

    fte_url = reverse("zelfscan:fte")
    zvh = OrganisatieFactory(naam="ZVH Testregio", type=OrganisatieType.ZVH, cbs_code="")
    for rol, org, gelinkt in [
        (Rol.BELEIDSADVISEUR, wereld["org"], True),
        (Rol.KETENREGISSEUR, zvh, True),
        (Rol.ZORGCOORDINATOR, zvh, True),
        (Rol.MEDEWERKER, wereld["org"], False),
    ]:
        page = verified_client(member(rol, org)).get(reverse("core:dashboard")).content.decode()
        assert (f'href="{fte_url}"' in page) is gelinkt, rol
    # the advice of a scan without zorgcoördinatie links it, with the gemeente's ZVH region chosen
    c = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    c.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.get()
    Zelfscan.objects.filter(pk=scan.pk).update(antwoorden={**ALLES_JA, "O_ZC": "nee"}, status="afgerond")
    page = c.get(reverse("zelfscan:resultaat", args=[scan.pk])).content.decode()
    assert f'href="{fte_url}?regio={wereld["zvh"].pk}"' in page and "fte-rekenhulp" in page
    r = c.get(reverse("zelfscan:resultaat_pdf", args=[scan.pk]))
    assert "fte-rekenhulp" in _pdf_tekst(b"".join(r.streaming_content) if r.streaming else r.content, tmp_path)
    # the article that says to use it links it, to a page that exists
    artikel = Artikel.objects.get(slug="zorgcoordinatie")
    assert f'<a href="{fte_url}"' in artikel.html and resolve(fte_url).url_name == "fte"


def test_fte_regions_grouped_by_division_default_first_with_population_date(wereld):
    import re

    Regio.objects.create(indeling=Indeling.ARBEIDSMARKT, code="AM-A", naam="Aaa arbeidsmarkt")
    Regio.objects.create(indeling=Indeling.POLITIE_EENHEID, code="PE-T", naam="Politie Testeenheid")
    Gemeente.objects.filter(cbs_code="GM7001").update(inwoners_peildatum=date(2026, 1, 1))
    c = verified_client(
        member(Rol.ZORGCOORDINATOR, OrganisatieFactory(naam="Zorg", type=OrganisatieType.ZORGAANBIEDER, cbs_code=""))
    )
    page = c.get(reverse("zelfscan:fte")).content.decode()
    groepen = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groepen[0] == "Zorg- en Veiligheidshuisregio" and groepen[1] == "Politie-eenheid (RIEC-regio)"
    assert groepen.index("Arbeidsmarktregio") == len(groepen) - 1
    assert "gemeentelijke indeling van 2026" in page  # the year of the population, before choosing
    page = c.get(reverse("zelfscan:fte") + f"?regio={wereld['zvh'].pk}").content.decode()
    assert "203.000" in page and "peildatum 1 januari 2026" in page
    assert "Kies een van de mogelijkheden" in c.get(reverse("zelfscan:fte") + "?regio=999999").content.decode()


# --- the zelfscan in steps (issue 14 item 3) -------------------------------------------------


def test_scan_in_steps_one_per_bouwsteen_with_progress_and_summary(wereld):
    from kompas.audit.models import AuditEntry

    c = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    c.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.get()
    stap = lambda b: reverse("zelfscan:stap", args=[scan.pk, b])  # noqa: E731
    samenvatting = reverse("zelfscan:samenvatting", args=[scan.pk])
    assert c.get(reverse("zelfscan:scan", args=[scan.pk]))["Location"] == stap("beleid")
    page = c.get(stap("beleid")).content.decode()
    assert "Stap 1 van 6: Beleidsmatige basis" in page and "0 van 26 beantwoord" in page
    assert 'name="BN_BELEID"' in page and 'name="V_JEUGD"' in page and 'name="BN_AF"' not in page  # only this bouwsteen
    assert "(niet verplicht)" not in page
    # saving a step keeps it and goes on
    r = _stap(c, scan, "beleid", {"BN_BELEID": "ja", "B_VORMEN": "deels"})
    assert r["Location"] == stap("signaleren")
    assert AuditEntry.objects.filter(details__stap="beleid").exists()
    page = c.get(stap("signaleren")).content.decode()
    assert "2 van 26 beantwoord" in page and "Stap 2 van 6: Signalerend vermogen" in page
    assert re.search(r'kompas-stappenbalk__stap--huidig" aria-current="step">\s*<span[^>]*>2</span>', page)
    # back: the answers of this step are saved too, the earlier step's stay
    assert _stap(c, scan, "signaleren", {"BN_AF": "ja"}, naar="vorige")["Location"] == stap("beleid")
    assert _stap(c, scan, "beleid", {"BN_BELEID": "ja", "B_VORMEN": "deels"}, naar="vorige")["Location"] == stap(
        "beleid"
    )
    scan.refresh_from_db()
    assert scan.antwoorden == {"BN_BELEID": "ja", "B_VORMEN": "deels", "BN_AF": "ja"}
    # a tampered answer is refused with a Dutch message; the valid ones are saved
    r = c.post(stap("bewustwording"), {"W_TRAINING": "misschien", "W_DRIEHOEK": "ja", "naar": "volgende"})
    assert r.status_code == 200 and "Kies een van de antwoorden." in r.content.decode()
    scan.refresh_from_db()
    assert scan.antwoorden["W_DRIEHOEK"] == "ja" and "W_TRAINING" not in scan.antwoorden
    # to the summary from any step; the last step leads there too
    assert (
        _stap(c, scan, "beleid", {"BN_BELEID": "ja", "B_VORMEN": "deels"}, naar="samenvatting")["Location"]
        == samenvatting
    )
    assert _stap(c, scan, "opvang", {"O_ZC": "ja"})["Location"] == samenvatting
    page = c.get(samenvatting).content.decode()
    assert "5 van 26 beantwoord" in page and "Stap 6 van 6" in page and "Nog niet beantwoord" in page
    assert page.count("Wijzig de antwoorden bij") == 5 and f'href="{stap("samenwerking")}"' in page
    assert "Deels / in voorbereiding" in page
    # resuming goes to the first step with an open statement
    assert c.get(reverse("zelfscan:scan", args=[scan.pk]))["Location"] == stap("beleid")
    _alle_stappen(c, scan, ALLES_JA)
    assert c.get(reverse("zelfscan:scan", args=[scan.pk]))["Location"] == samenvatting
    assert "26 van 26 beantwoord" in c.get(samenvatting).content.decode()
    assert c.post(samenvatting, {"afronden": "1"})["Location"] == reverse("zelfscan:resultaat", args=[scan.pk])
    # a completed scan: its steps lead to the result and change nothing
    assert c.get(stap("beleid"))["Location"] == reverse("zelfscan:resultaat", args=[scan.pk])
    _stap(c, scan, "beleid", {"BN_BELEID": "nee"})
    scan.refresh_from_db()
    assert scan.antwoorden["BN_BELEID"] == "ja"


def test_steps_are_the_gemeentes_own_and_exist(wereld):
    eigen = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    eigen.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.get()
    assert eigen.get(reverse("zelfscan:stap", args=[scan.pk, "vliegen"])).status_code == 404
    ander = verified_client(
        member(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam="Gemeente Groothaven", cbs_code="GM7001"))
    )
    assert ander.get(reverse("zelfscan:stap", args=[scan.pk, "beleid"])).status_code == 404
    assert ander.post(reverse("zelfscan:stap", args=[scan.pk, "beleid"]), {"BN_BELEID": "ja"}).status_code == 404
    assert ander.get(reverse("zelfscan:samenvatting", args=[scan.pk])).status_code == 404
    scan.refresh_from_db()
    assert scan.antwoorden == {}


def test_saving_a_step_keeps_a_colleagues_other_step(wereld):
    from kompas.accounts.actor import actor_for
    from kompas.zelfscan import services

    actor = actor_for(member(Rol.BELEIDSADVISEUR, wereld["org"]), wereld["org"].pk)
    scan = services.scan_starten(cbs_code="GM7002", gemeente_naam="Kleindorp", actor=actor)
    eerste, tweede = Zelfscan.objects.get(pk=scan.pk), Zelfscan.objects.get(pk=scan.pk)  # two open pages
    services.stap_opslaan(scan=eerste, bouwsteen="beleid", antwoorden={"BN_BELEID": "ja"}, actor=actor)
    services.stap_opslaan(scan=tweede, bouwsteen="opvang", antwoorden={"O_ZC": "nee", "BN_BELEID": "nee"}, actor=actor)
    scan.refresh_from_db()
    assert scan.antwoorden == {"BN_BELEID": "ja", "O_ZC": "nee"}  # another step's answer in the POST is ignored


def test_result_shows_progress_since_the_previous_scan_as_a_chart_with_table_and_in_the_pdf(wereld, tmp_path):
    """Issue 14 item 4: the result page and its PDF show, per bouwsteen, the statements met at the
    previous scan beside now, as an accessible chart (title, description in words) and a table."""
    import re
    from datetime import timedelta

    from django.utils import timezone

    c = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    beleid = [i.code for i in ITEMS if i.bouwsteen == Bouwsteen.BELEID]
    toen = {**ALLES_JA, **dict.fromkeys(beleid, "nee")}
    eerst = Zelfscan.objects.create(
        organisatie=wereld["org"],
        cbs_code="GM7002",
        gemeente_naam="Kleindorp",
        antwoorden=toen,
        status="afgerond",
        afgerond_op=timezone.now() - timedelta(days=400),
    )
    c.post(reverse("zelfscan:overzicht"))
    scan = Zelfscan.objects.exclude(pk=eerst.pk).get()
    # the first scan alone has nothing to compare with: no progress chart
    eerst_pagina = c.get(reverse("zelfscan:resultaat", args=[eerst.pk])).content.decode()
    assert "Voortgang sinds de vorige scan" not in eerst_pagina
    Zelfscan.objects.filter(pk=scan.pk).update(antwoorden=ALLES_JA, status="afgerond", afgerond_op=timezone.now())
    page = c.get(reverse("zelfscan:resultaat", args=[scan.pk])).content.decode()
    sectie = page[page.index('id="voortgang-kop"') :]
    sectie = sectie[: sectie.index("</section>")]
    svg = re.search(r"<svg.*?</svg>", sectie, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    n = len(beleid)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert (
        f"Beleidsmatige basis: vorige scan ({datum(eerst.afgerond_op)}) 0 van {n}, nu {n} van {n} ({n} meer)." in desc
    )
    assert "gelijk gebleven" in desc  # the other bouwstenen did not move
    # the table beside says the same per bouwsteen
    assert re.search(
        rf"Beleidsmatige basis</th><td[^>]*>0 van {n}</td><td[^>]*>{n} van {n}</td><td[^>]*>\+{n}</td>", sectie
    )
    r = c.get(reverse("zelfscan:resultaat_pdf", args=[scan.pk]))
    tekst = _pdf_tekst(b"".join(r.streaming_content) if r.streaming else r.content, tmp_path)
    assert "Voortgang sinds de vorige scan" in tekst and f"0 van {n}" in tekst
