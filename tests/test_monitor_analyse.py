"""Analysis of a cleaned wave, checked against counts worked out by hand."""

from datetime import date

import pytest
from django.utils import timezone

from kompas.core.schrijven import SYSTEEM
from kompas.monitor.analyse import analyseren, grootteklasse
from kompas.monitor.models import Codecategorie, Codering, Uitnodiging, Vragenlijst
from kompas.monitor.opschoning import regels_toepassen
from tests.monitor_world import (
    GEMEENTEN,
    inzending,
    meting,
    samenvoeging,
    volledig_antwoord,
    wereld,
)

pytestmark = pytest.mark.django_db


def _lijst(resultaten, code="gemeente-2021"):
    return next(r for r in resultaten if r.lijst.code == code)


def _vraag(lijst, code):
    return next(r for r in lijst.alle_vragen if r.code == code)


@pytest.fixture
def m():
    wereld()
    return meting()


def test_size_classes():
    assert grootteklasse(19_999).startswith("minder dan 20.000")
    assert grootteklasse(20_000).startswith("20.000 tot")
    assert grootteklasse(100_000) == "100.000 inwoners of meer"
    assert grootteklasse(None) == "onbekend"


def test_empty_wave(m):
    res = _lijst(analyseren(m))
    assert (res.ontvangen, res.respons.uitgenodigd, res.respons.respons, res.respons.pct) == (0, len(GEMEENTEN), 0, 0.0)
    beleid = _vraag(res, "B1_BELEID")
    assert beleid.n == 0 and all(o.aantal == 0 and o.pct is None for o in beleid.opties)
    assert all(row.n == 0 for row in beleid.uitsplitsing["grootteklasse"])


def test_counts_and_percentages_per_question_type(m):
    # 6 responses after cleaning; one raw duplicate dropped by rule
    inzending(
        m, "GM0001", volledig_antwoord(B1_BELEID="specifiek", B1_VORMEN=["seksueel", "arbeid"], HELPEND="korte lijnen")
    )
    inzending(m, "GM0001", {"B1_BELEID": "geen"}, volledig=False)
    inzending(m, "GM0002", volledig_antwoord(B1_BELEID="specifiek", B1_VORMEN=["seksueel"]))
    inzending(m, "GM0003", volledig_antwoord(B1_BELEID="ontwikkeling", B1_VORMEN=["weetniet"]))
    inzending(m, "GM0004", volledig_antwoord(B1_BELEID="geen", B1_VORMEN=None, B2_ZICHT=None))
    inzending(m, "GM0005", volledig_antwoord(B1_BELEID="specifiek", B1_VORMEN=["seksueel", "arbeid", "crimineel"]))
    inzending(m, "GM0006", {"B1_BELEID": "anders", "B1_BELEID_anders": "regionaal"}, volledig=False)
    regels_toepassen(meting=m, actor=SYSTEEM)
    res = _lijst(analyseren(m))
    assert res.ontvangen == 7
    assert (res.respons.uitgenodigd, res.respons.respons, res.respons.volledig) == (8, 6, 5)
    assert res.respons.pct == pytest.approx(75.0)
    beleid = _vraag(res, "B1_BELEID")
    assert beleid.n == 6
    counts = {o.code: (o.aantal, o.pct) for o in beleid.opties}
    assert counts["specifiek"] == (3, pytest.approx(50.0))
    assert counts["ontwikkeling"][0] == 1 and counts["geen"][0] == 1 and counts["anders"][0] == 1
    assert beleid.anders_teksten == 1
    vormen = _vraag(res, "B1_VORMEN")  # meer: % per option over those who ticked any (4)
    assert vormen.n == 4
    assert {o.code: o.aantal for o in vormen.opties} == {
        "seksueel": 3,
        "arbeid": 2,
        "crimineel": 1,
        "orgaan": 0,
        "weetniet": 1,
    }
    assert {o.code: o.pct for o in vormen.opties}["seksueel"] == pytest.approx(75.0)
    zicht = _vraag(res, "B2_ZICHT")  # GM0004 skipped it, GM0006 never got there
    assert zicht.n == 4 and {o.code: o.aantal for o in zicht.opties}["onvoldoende"] == 4
    # a question nobody answered
    assert all(r.n == 0 for r in res.open if r.vraag.code == "ONDERSTEUNING")
    # response by province: Utrecht invited 4 (GM0001-3, GM0008) responded 3
    prov = {r.groep: (r.uitgenodigd, r.respons) for r in res.responstabellen["provincie"]}
    assert prov == {"Gelderland": (4, 3), "Utrecht": (4, 3)}
    # matrix grouped under its bouwsteen
    signaleren = next(b for b in res.bouwstenen if b.code == "signaleren")
    [matrix] = signaleren.matrixen
    assert len(matrix.rijen) == 10 and matrix.rijen[0][0] == "Agrarische sector"
    assert matrix.rijen[0][1].n == 5 and matrix.rijen[0][1].opties[2].aantal == 5  # all "geen"


def test_all_weet_niet(m):
    for code, *_ in GEMEENTEN[:5]:
        inzending(m, code, volledig_antwoord(B1_JEUGD="weetniet"))
    jeugd = _vraag(_lijst(analyseren(m)), "B1_JEUGD")
    assert jeugd.n == 5 and {o.code: o.pct for o in jeugd.opties} == {"ja": 0.0, "nee": 0.0, "weetniet": 100.0}


def test_breakdown_suppresses_small_cells(m):
    # ZVH Oost: GM0004-7 (4 gemeenten) → whole group below 5; ZVH Midden: 4 with answers
    for code in ("GM0001", "GM0002", "GM0003", "GM0008"):
        inzending(m, code, volledig_antwoord(B1_JEUGD="ja"))
    for code in ("GM0004", "GM0005", "GM0006", "GM0007"):
        inzending(m, code, volledig_antwoord(B1_JEUGD="nee"))
    jeugd = _vraag(_lijst(analyseren(m)), "B1_JEUGD")
    regio = {r.groep: r for r in jeugd.uitsplitsing["regio"]}
    # a group under 5 shows no count: '<5' everywhere, except a zero the national figure gives
    # away anyway (nobody answered 'weet niet')
    assert regio["ZVH Oost"].n == "<5" and regio["ZVH Oost"].cellen == [("<5", None), ("<5", None), (0, None)]
    assert regio["ZVH Midden"].n == "<5"
    assert jeugd.n == 8 and {o.code: o.aantal for o in jeugd.opties} == {"ja": 4, "nee": 4, "weetniet": 0}


def test_secondary_suppression_in_a_row():
    from kompas.core.publicatie import rij

    assert [c.publiek for c in rij([10, 3, 7], 20).cellen] == [10, "<5", "x"]
    assert [c.publiek for c in rij([10, 3, 2, 0], 15).cellen] == [10, "<5", "<5", 0]
    assert [c.publiek for c in rij([12, 0, 6], 18).cellen] == [12, 0, 6]


def test_breakdown_shows_cells_of_five_or_more():
    from kompas.regio.models import Gemeente

    gemeenten = [(f"GM01{i:02d}", f"G{i}", "Zeeland", 30_000, "ZVH Zee") for i in range(12)]
    wereld(gemeenten=gemeenten)
    m = meting()
    for i, (code, *_r) in enumerate(gemeenten):
        inzending(m, code, volledig_antwoord(B1_JEUGD="ja" if i < 7 else "nee"))
    jeugd = _vraag(_lijst(analyseren(m)), "B1_JEUGD")
    [row] = jeugd.uitsplitsing["grootteklasse"]
    assert row.groep == "20.000 tot 50.000 inwoners" and row.n == 12
    assert (
        row.cellen[0] == (7, pytest.approx(700 / 12))
        and row.cellen[1] == (5, pytest.approx(500 / 12))
        and row.cellen[2] == (0, 0.0)
    )
    assert Gemeente.objects.count() == 12


def test_invitations_define_the_population(m):
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    for code in ("GM0001", "GM0002"):
        Uitnodiging.objects.create(
            meting=m, vragenlijst=lijst, organisatie_code=code, organisatie_naam=code, uitgenodigd_op=timezone.now()
        )
    # prepared but never sent (no contact address): not invited, so not in the denominator
    Uitnodiging.objects.create(meting=m, vragenlijst=lijst, organisatie_code="GM0003", organisatie_naam="GM0003")
    inzending(m, "GM0001", volledig_antwoord())
    res = _lijst(analyseren(m))
    assert (res.respons.uitgenodigd, res.respons.respons, res.respons.pct) == (2, 1, 50.0)


def test_open_answers_coded_with_a_codebook(m):
    a = inzending(m, "GM0001", volledig_antwoord(ONDERSTEUNING="Voorbeelden en een training graag"))
    b = inzending(m, "GM0002", volledig_antwoord(ONDERSTEUNING="Goede voorbeelden"))
    inzending(m, "GM0003", volledig_antwoord(ONDERSTEUNING="nog niet gecodeerd"))
    inzending(m, "GM0004", volledig_antwoord())
    vb = Codecategorie.objects.create(
        meting=m, vraag_code="ONDERSTEUNING", code="voorbeelden", label="Goede voorbeelden", bouwsteen="beleid"
    )
    tr = Codecategorie.objects.create(meting=m, vraag_code="ONDERSTEUNING", code="training", label="Training")
    Codecategorie.objects.create(meting=m, vraag_code="ONDERSTEUNING", code="geld", label="Financiering")
    Codering.objects.create(inzending=a, vraag_code="ONDERSTEUNING").categorieen.set([vb, tr])
    Codering.objects.create(inzending=b, vraag_code="ONDERSTEUNING").categorieen.set([vb])
    res = _lijst(analyseren(m))
    [ond] = [o for o in res.open if o.vraag.code == "ONDERSTEUNING"]
    assert (ond.n, ond.n_gecodeerd) == (3, 2)
    assert [(c.code, n, p) for c, n, p in ond.categorieen] == [
        ("voorbeelden", 2, 100.0),
        ("training", 1, 50.0),
        ("geld", 0, 0.0),
    ]
    beleid = next(bs for bs in res.bouwstenen if bs.code == "beleid")
    assert beleid.factoren == {"ONDERSTEUNING": [(vb, "<5")]}  # published, so a count of 2 is hidden


def test_comparison_maps_merged_gemeenten_and_gives_percentage_points():
    # 2019: Aadorp and Beekstad separate; 2021: merged into GM0099 "Nieuwdorp"
    oud_g = [
        ("GM0001", "Aadorp", "Utrecht", 12_000, "ZVH Midden"),
        ("GM0002", "Beekstad", "Utrecht", 35_000, "ZVH Midden"),
        ("GM0003", "Cedam", "Utrecht", 80_000, "ZVH Midden"),
        ("GM0004", "Dijkwaard", "Gelderland", 150_000, "ZVH Oost"),
    ]
    nieuw_g = [("GM0099", "Nieuwdorp", "Utrecht", 47_000, "ZVH Midden"), *oud_g[2:]]
    wereld(2019, oud_g)
    wereld(2021, nieuw_g)
    samenvoeging(date(2020, 1, 1), [("GM0001", "Aadorp"), ("GM0002", "Beekstad")], ("GM0099", "Nieuwdorp"))
    oud = meting("m2019", 2019, lijsten=("gemeente-2021",))
    nieuw = meting("m2021", 2021, lijsten=("gemeente-2021",), vorige=oud)
    inzending(oud, "GM0001", volledig_antwoord(B5_ZORGCOORDINATOR="nee"))
    inzending(oud, "GM0002", volledig_antwoord(B5_ZORGCOORDINATOR="ja"))
    inzending(oud, "GM0003", volledig_antwoord(B5_ZORGCOORDINATOR="nee"))
    inzending(oud, "GM0004", volledig_antwoord(B5_ZORGCOORDINATOR="nee"))
    inzending(nieuw, "GM0099", volledig_antwoord(B5_ZORGCOORDINATOR="ja"))
    inzending(nieuw, "GM0003", volledig_antwoord(B5_ZORGCOORDINATOR="ja"))
    inzending(nieuw, "GM0004", volledig_antwoord(B5_ZORGCOORDINATOR="nee"))
    res = _lijst(analyseren(nieuw))
    assert res.vergelijking_met == oud and res.panel == 3 and res.heringedeeld == 2
    zc = _vraag(res, "B5_ZORGCOORDINATOR")
    assert zc.n_oud == 4
    ja = next(v for v in zc.vergelijking if v.code == "ja")
    # 1 of 4 then and 2 of 3 now: counts under 5, so neither percentage nor the difference is
    # printed (the movement at scale is tested in test_publicatie.py)
    assert (ja.pct_oud, ja.pct_nieuw, ja.pp) == (None, None, None)
    # open questions are not comparable
    assert all(not r.vergelijking for r in res.alle_vragen if not r.vraag.vergelijkbaar)


def test_conditional_question_counts_only_where_it_applies(m):
    from kompas.monitor.models import Optie, Vraag
    from kompas.monitor.services import vragenlijst_kopieren
    from kompas.monitor.vragen import ontbrekend

    kopie = vragenlijst_kopieren(
        bron=Vragenlijst.objects.get(code="gemeente-2021"), code="gemeente-2023", naam="2023", actor=SYSTEEM
    )
    vraag = Vraag.objects.create(
        vragenlijst=kopie,
        code="B1_VASTGESTELD",
        bouwsteen="beleid",
        tekst="Door de raad vastgesteld?",
        type="enkel",
        verplicht=True,
        volgorde=3,
        toon_als={"vraag": "B1_BELEID", "in": ["specifiek"]},
    )
    Optie.objects.bulk_create(
        [Optie(vraag=vraag, code="ja", label="Ja", volgorde=1), Optie(vraag=vraag, code="nee", label="Nee", volgorde=2)]
    )
    m.vragenlijsten.set([kopie])
    # an answer given where the question did not apply (e.g. a tampered import) is not counted
    inzending(m, "GM0001", volledig_antwoord(B1_BELEID="specifiek", B1_VASTGESTELD="ja"), lijst="gemeente-2023")
    inzending(m, "GM0002", volledig_antwoord(B1_BELEID="geen", B1_VASTGESTELD="nee"), lijst="gemeente-2023")
    res = _vraag(_lijst(analyseren(m), "gemeente-2023"), "B1_VASTGESTELD")
    assert res.n == 1 and {o.code: o.aantal for o in res.opties} == {"ja": 1, "nee": 0}
    # required only where it applies
    assert vraag in ontbrekend([vraag], {"B1_BELEID": "specifiek"})
    assert ontbrekend([vraag], {"B1_BELEID": "geen"}) == []
