"""Cleaning (seed 000 §2.2): every step with its counts before and after, reversible."""

import pytest

from kompas.core.schrijven import SYSTEEM
from kompas.monitor import opschoning
from kompas.monitor.models import Opschoonstap, Vragenlijst
from kompas.monitor.opschoning import (
    OpschoonFout,
    beslissen,
    opgeschoonde_responsen,
    regels_toepassen,
    stap_intrekken,
    te_beslissen,
    verloop,
)
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db

Soort = Opschoonstap.Soort


@pytest.fixture
def m():
    wereld()
    return meting()


def _orgs(m):
    return sorted(r.organisatie for r in opgeschoonde_responsen(m))


def test_incomplete_beside_complete_is_dropped_by_rule(m):
    vol = inzending(m, "GM0001", volledig_antwoord())
    half = inzending(m, "GM0001", {"B1_BELEID": "geen"}, volledig=False)
    inzending(m, "GM0002", volledig_antwoord())
    assert _orgs(m) == ["GM0001", "GM0001", "GM0002"]
    stappen = regels_toepassen(meting=m, actor=SYSTEEM)
    assert [(s.soort, s.voor, s.na, s.inzendingen) for s in stappen] == [(Soort.VERWIJDEREN, 3, 2, [half.pk])]
    assert stappen[0].regel == opschoning.REGEL_ONVOLLEDIG
    [r1, _] = sorted(opgeschoonde_responsen(m), key=lambda r: r.organisatie)
    assert r1.inzendingen == (vol.pk,)
    assert regels_toepassen(meting=m, actor=SYSTEEM) == []  # idempotent


def test_two_complete_need_a_decision_then_choose_or_combine(m):
    a = inzending(m, "GM0003", volledig_antwoord(B1_BELEID="specifiek"))
    b = inzending(m, "GM0003", volledig_antwoord(B1_BELEID="geen", HELPEND="tekst b"))
    assert regels_toepassen(meting=m, actor=SYSTEEM) == []
    [punt] = te_beslissen(m)
    assert punt.soort == "dubbel" and punt.organisatie == "GM0003" and len(punt.responsen) == 2
    with pytest.raises(OpschoonFout, match="reden"):
        beslissen(meting=m, soort=Soort.VERWIJDEREN, organisatie_code="GM0003", inzendingen=[b.pk], actor=SYSTEEM)
    kies = beslissen(
        meting=m,
        soort=Soort.VERWIJDEREN,
        organisatie_code="GM0003",
        inzendingen=[b.pk],
        reden="Respondent koos a",
        actor=SYSTEEM,
    )
    assert (kies.voor, kies.na) == (2, 1) and te_beslissen(m) == []
    [r] = opgeschoonde_responsen(m)
    assert r.antwoorden["B1_BELEID"] == "specifiek"
    # withdrawn → back to two; combining on request: b takes priority, a fills in
    stap_intrekken(stap=kies, actor=SYSTEEM)
    assert len(opgeschoonde_responsen(m)) == 2
    comb = beslissen(
        meting=m,
        soort=Soort.COMBINEREN,
        organisatie_code="GM0003",
        inzendingen=[b.pk, a.pk],
        reden="Op verzoek gecombineerd",
        actor=SYSTEEM,
    )
    [r] = opgeschoonde_responsen(m)
    assert (
        (comb.voor, comb.na) == (2, 1) and r.antwoorden["B1_BELEID"] == "geen" and r.antwoorden["HELPEND"] == "tekst b"
    )
    assert r.inzendingen == (b.pk, a.pk) and r.volledig
    with pytest.raises(OpschoonFout, match="al ingetrokken"):
        stap_intrekken(stap=kies, actor=SYSTEEM)


def test_complementary_partials_are_combined_and_conflicting_ones_are_asked(m):
    p1 = inzending(
        m,
        "GM0004",
        {k: v for k, v in volledig_antwoord().items() if k.startswith("B1") or k.startswith("B2")},
        volledig=False,
    )
    p2 = inzending(
        m,
        "GM0004",
        {k: v for k, v in volledig_antwoord().items() if not (k.startswith("B1") or k.startswith("B2"))},
        volledig=False,
    )
    q1 = inzending(m, "GM0005", {"B1_BELEID": "geen"}, volledig=False)
    q2 = inzending(m, "GM0005", {"B1_BELEID": "specifiek"}, volledig=False)
    [stap] = regels_toepassen(meting=m, actor=SYSTEEM)
    assert stap.soort == Soort.COMBINEREN and stap.organisatie_code == "GM0004" and (stap.voor, stap.na) == (4, 3)
    r = next(r for r in opgeschoonde_responsen(m) if r.organisatie == "GM0004")
    assert r.volledig, "two halves together answer every closed question"
    assert set(r.inzendingen) == {p1.pk, p2.pk}
    [punt] = te_beslissen(m)
    assert punt.organisatie == "GM0005" and {x.inzendingen[0] for x in punt.responsen} == {q1.pk, q2.pk}


def test_submission_for_several_gemeenten_is_split(m):
    samen = inzending(m, ["GM0001", "GM0002", "GM0003"], volledig_antwoord())
    inzending(m, "GM0003", {"B1_BELEID": "geen"}, volledig=False)
    assert len(opgeschoonde_responsen(m)) == 2
    stappen = regels_toepassen(meting=m, actor=SYSTEEM)
    assert [(s.soort, s.voor, s.na) for s in stappen] == [(Soort.UITSPLITSEN, 2, 4), (Soort.VERWIJDEREN, 4, 3)]
    assert _orgs(m) == ["GM0001", "GM0002", "GM0003"]
    assert all(r.inzendingen == (samen.pk,) for r in opgeschoonde_responsen(m))
    # the replay shows the same counts
    assert [(v, n) for _s, v, n in verloop(m)] == [(2, 4), (4, 3)]
    # withdrawing the split: the joint submission counts for its first gemeente only, and
    # the decision to drop GM0003's partial still stands
    stap_intrekken(stap=stappen[0], actor=SYSTEEM)
    assert _orgs(m) == ["GM0001"]
    stap_intrekken(stap=stappen[1], actor=SYSTEEM)
    assert _orgs(m) == ["GM0001", "GM0003"]


def test_anders_recoded_into_existing_option(m):
    i = inzending(m, "GM0006", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders="Het beleid is in ontwikkeling"))
    inzending(m, "GM0007", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders="Iets heel anders"))
    punten = te_beslissen(m)
    assert [(p.soort, p.organisatie, p.suggestie) for p in punten] == [
        ("anders", "GM0006", "ontwikkeling"),
        ("anders", "GM0007", ""),
    ]
    with pytest.raises(OpschoonFout, match="geen bestaande antwoordcode"):
        beslissen(
            meting=m,
            soort=Soort.HERCODEREN,
            inzendingen=[i.pk],
            vraag_code="B1_BELEID",
            naar="bestaatniet",
            actor=SYSTEEM,
        )
    with pytest.raises(OpschoonFout, match="geen antwoord 'anders"):
        beslissen(meting=m, soort=Soort.HERCODEREN, inzendingen=[i.pk], vraag_code="B1_JEUGD", naar="ja", actor=SYSTEEM)
    stap = beslissen(
        meting=m, soort=Soort.HERCODEREN, inzendingen=[i.pk], vraag_code="B1_BELEID", naar="ontwikkeling", actor=SYSTEEM
    )
    assert (stap.voor, stap.na) == (2, 2)
    r = next(r for r in opgeschoonde_responsen(m) if r.organisatie == "GM0006")
    assert r.antwoorden["B1_BELEID"] == "ontwikkeling"
    # the other one stays 'anders' after review and leaves the list
    other = te_beslissen(m)[0]
    beslissen(
        meting=m,
        soort=Soort.HERCODEREN,
        inzendingen=[other.inzending],
        vraag_code="B1_BELEID",
        naar="anders",
        actor=SYSTEEM,
    )
    assert te_beslissen(m) == []
    assert next(r for r in opgeschoonde_responsen(m) if r.organisatie == "GM0007").antwoorden["B1_BELEID"] == "anders"
    # the raw submission is unchanged
    i.refresh_from_db()
    assert i.antwoorden["B1_BELEID"] == "anders"


def test_decisions_are_audited(m):
    from kompas.audit.models import AuditEntry

    a = inzending(m, "GM0001", volledig_antwoord())
    inzending(m, "GM0001", {}, volledig=False)
    regels_toepassen(meting=m, actor=SYSTEEM)
    assert AuditEntry.objects.filter(object_repr__startswith="opschonen m2021").count() == 1
    assert a.pk  # raw kept


def test_zvh_duplicates_are_grouped_per_questionnaire(m):
    regio_code = "MIDDEN"
    inzending(m, regio_code, {"Z_JEUGD": "ja", "Z_ZICHT": "voldoende", "Z_VORMEN": ["arbeid"]}, lijst="zvh-2021")
    inzending(m, regio_code, {"Z_JEUGD": "ja"}, volledig=False, lijst="zvh-2021")
    [stap] = regels_toepassen(meting=m, actor=SYSTEEM)
    assert stap.organisatie_code == regio_code and (stap.voor, stap.na) == (2, 1)
    assert Vragenlijst.objects.get(code="zvh-2021").pk == opgeschoonde_responsen(m)[0].vragenlijst_id
