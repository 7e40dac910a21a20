"""A cleaning screen that cannot surprise (issue 13, item 5): a suggested recode is only a
suggestion, a bulk "the others stay 'anders'", duplicates side by side with the differences
marked, points that go once their submission goes, a report that lists only decisions that
changed something, and the same decisions from a script."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import rapport
from kompas.monitor.models import Opschoonstap
from kompas.monitor.opschoning import (
    Context,
    actieve_stappen,
    beslissen,
    opgeschoonde_responsen,
    overige_anders,
    te_beslissen,
    toepassen,
    verantwoording,
)
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db
Soort = Opschoonstap.Soort
ONTWIKKELING = "Het beleid is in ontwikkeling"


@pytest.fixture
def m():
    wereld()
    return meting()


@pytest.fixture
def analist():
    return verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))


def _beleid(m):
    return {r.organisatie: r.antwoorden.get("B1_BELEID") for r in opgeschoonde_responsen(m)}


def test_a_suggestion_is_not_preselected_and_saving_without_choosing_keeps_the_answer(m, analist):
    i = inzending(m, "GM0001", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    page = analist.get(reverse("monitor:opschonen", args=[m.code])).content.decode()
    select = re.search(rf'<select[^>]*id="naar-{i.pk}-B1_BELEID".*?</select>', page, flags=re.S).group(0)
    assert re.findall(r'<option value="(\w+)" selected>', select) == ["anders"]
    assert re.search(r'<option value="ontwikkeling">[^<]*\(suggestie\)</option>', select)
    assert "Suggestie: misschien past dit bij" in page and "zonder keuze blijft het antwoord" in page
    # 'Vastleggen' with the default: reviewed, nothing recoded
    r = analist.post(
        reverse("monitor:opschonen", args=[m.code]),
        {"soort": "hercoderen", "vraag_code": "B1_BELEID", "inzendingen": str(i.pk), "naar": "anders"},
    )
    assert r.status_code == 302 and te_beslissen(m) == [] and _beleid(m) == {"GM0001": "anders"}
    assert "het antwoord blijft" in analist.get(r["Location"]).content.decode()  # not "1 → 1 responsen"


def test_the_others_stay_anders_in_one_go(m, analist):
    a = inzending(m, "GM0001", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    inzending(m, "GM0002", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders="Iets heel anders"))
    inzending(
        m,
        "GM0003",
        volledig_antwoord(
            B1_BELEID="anders",
            B1_BELEID_anders="Nog niet besproken",
            B4_SCHAAL="anders",
            B4_SCHAAL_anders="Met de buurgemeenten",
        ),
    )
    beslissen(
        meting=m, soort=Soort.HERCODEREN, inzendingen=[a.pk], vraag_code="B1_BELEID", naar="ontwikkeling", actor=SYSTEEM
    )
    page = analist.get(reverse("monitor:opschonen", args=[m.code])).content.decode()
    assert "De overige blijven 'anders' (3 antwoorden)" in page.replace("&#x27;", "'")
    # each point is titled by its question's text, the code beside it for the analist
    assert re.search(r"<h3[^>]*>[^<]+ – Op welk schaalniveau werkt uw gemeente samen\? <span[^>]*>\(B4_SCHAAL\)", page)
    r = analist.post(reverse("monitor:opschonen", args=[m.code]), {"actie": "overige_anders"}, follow=True)
    assert "3 antwoorden blijven" in r.content.decode()
    assert te_beslissen(m) == [] and _beleid(m) == {"GM0001": "ontwikkeling", "GM0002": "anders", "GM0003": "anders"}
    assert Opschoonstap.objects.filter(soort=Soort.HERCODEREN, naar="anders").count() == 2  # one per question
    assert overige_anders(meting=m, actor=SYSTEEM) == []  # nothing left


def test_two_submissions_side_by_side_with_the_differences_marked(m, analist):
    inzending(m, "GM0004", volledig_antwoord(B1_JEUGD="ja"))
    inzending(m, "GM0004", volledig_antwoord(B1_JEUGD="nee"))
    page = analist.get(reverse("monitor:opschonen", args=[m.code])).content.decode()
    tabel = re.search(r'<table class="utrecht-table kompas-naast-elkaar">.*?</table>', page, flags=re.S).group(0)
    jeugd = re.search(r"<tr[^>]*>\s*<th[^>]*>B1_JEUGD:.*?</tr>", tabel, flags=re.S).group(0)
    assert (
        "kompas-verschil" in jeugd
        and "<mark>Ja</mark>" in jeugd
        and "<mark>Nee</mark>" in jeugd
        and "verschilt" in jeugd
    )
    zicht = re.search(r"<tr[^>]*>\s*<th[^>]*>B2_ZICHT:.*?</tr>", tabel, flags=re.S).group(0)
    assert "<mark>" not in zicht and "gelijk" in zicht
    assert tabel.count("verschilt") == 1


def test_points_go_once_a_decision_removes_their_submission(m):
    eerste = inzending(m, "GM0005", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    tweede = inzending(m, "GM0005", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders="Iets anders"))
    assert sorted((p.soort, p.inzending) for p in te_beslissen(m)) == [
        ("anders", eerste.pk),
        ("anders", tweede.pk),
        ("dubbel", None),
    ]
    beslissen(
        meting=m,
        soort=Soort.VERWIJDEREN,
        inzendingen=[tweede.pk],
        organisatie_code="GM0005",
        reden="Eerste telt",
        actor=SYSTEEM,
    )
    assert [(p.soort, p.inzending) for p in te_beslissen(m)] == [("anders", eerste.pk)]


def test_a_split_submission_is_one_point_and_a_combined_one_points_at_its_source(m):
    inzending(m, ["GM0001", "GM0002", "GM0003"], volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    beslissen(
        meting=m,
        soort=Soort.UITSPLITSEN,
        inzendingen=[opgeschoonde_responsen(m)[0].inzendingen[0]],
        regel="split",
        actor=SYSTEEM,
    )
    assert len(opgeschoonde_responsen(m)) == 3 and len(te_beslissen(m)) == 1
    deel1 = inzending(m, "GM0006", {"B1_JEUGD": "ja"}, volledig=False)
    deel2 = inzending(m, "GM0006", {"B1_BELEID": "anders", "B1_BELEID_anders": ONTWIKKELING}, volledig=False)
    beslissen(
        meting=m,
        soort=Soort.COMBINEREN,
        inzendingen=[deel1.pk, deel2.pk],
        organisatie_code="GM0006",
        reden="aanvullend",
        actor=SYSTEEM,
    )
    punt = next(p for p in te_beslissen(m) if p.organisatie == "GM0006")
    assert punt.inzending == deel2.pk  # the answer came from the second part
    beslissen(
        meting=m,
        soort=Soort.HERCODEREN,
        inzendingen=[punt.inzending],
        vraag_code="B1_BELEID",
        naar="ontwikkeling",
        actor=SYSTEEM,
    )
    assert _beleid(m)["GM0006"] == "ontwikkeling" and all(p.organisatie != "GM0006" for p in te_beslissen(m))


def test_the_report_lists_only_decisions_that_changed_something_per_questionnaire(m):
    a = inzending(m, "GM0001", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    b = inzending(m, "GM0002", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders="Iets heel anders"))
    inzending(m, "GM0003", volledig_antwoord())
    dubbel = inzending(m, "GM0003", volledig_antwoord())
    inzending(m, "MIDDEN", {"Z_JEUGD": "ja"}, lijst="zvh-2021")
    z2 = inzending(m, "MIDDEN", {"Z_JEUGD": "nee"}, lijst="zvh-2021")
    beslissen(
        meting=m, soort=Soort.HERCODEREN, inzendingen=[a.pk], vraag_code="B1_BELEID", naar="ontwikkeling", actor=SYSTEEM
    )
    beslissen(
        meting=m, soort=Soort.HERCODEREN, inzendingen=[b.pk], vraag_code="B1_BELEID", naar="anders", actor=SYSTEEM
    )  # no change
    beslissen(
        meting=m,
        soort=Soort.VERWIJDEREN,
        inzendingen=[dubbel.pk],
        organisatie_code="GM0003",
        reden="Dubbel",
        actor=SYSTEEM,
    )
    beslissen(
        meting=m,
        soort=Soort.VERWIJDEREN,
        inzendingen=[dubbel.pk],
        organisatie_code="GM0003",
        reden="Nog eens",
        actor=SYSTEEM,
    )  # no change
    beslissen(
        meting=m,
        soort=Soort.VERWIJDEREN,
        inzendingen=[z2.pk],
        organisatie_code="MIDDEN",
        reden="ZVH koos de eerste",
        actor=SYSTEEM,
    )
    ctx = Context.voor(m)
    regels = verantwoording(ctx, toepassen(ctx, actieve_stappen(m))[1])
    per_lijst = {
        m.vragenlijsten.get(pk=pk).code: [(r.tekst, r.voor, r.na, r.eenheid) for r in rs] for pk, rs in regels.items()
    }
    assert per_lijst == {
        "gemeente-2021": [("B1_BELEID → ontwikkeling", 2, 1, "antwoorden 'anders'"), ("Dubbel", 4, 3, "responsen")],
        "zvh-2021": [("ZVH koos de eerste", 2, 1, "responsen")],
    }
    html = rapport.maken(m, "html").decode()
    assert (
        "Nog eens" not in html and "Dubbel — 4 → 3 responsen" in html and "ZVH koos de eerste — 2 → 1 respons<" in html
    )  # Dutch singular
    assert "B1_BELEID → ontwikkeling — 2 → 1 antwoord 'anders'" in html


def test_decisions_from_the_command_line_list_decide_and_withdraw(m, capsys):
    inzending(m, "GM0004", volledig_antwoord(B1_JEUGD="ja"))
    inzending(m, "GM0004", volledig_antwoord(B1_JEUGD="nee"))
    anders = inzending(m, "GM0001", volledig_antwoord(B1_BELEID="anders", B1_BELEID_anders=ONTWIKKELING))
    call_command("monitor", "beslissingen", m.code)
    out = capsys.readouterr().out
    assert "Open punten (2):" in out and "dubbel/gemeente-2021/GM0004" in out
    assert f"anders/gemeente-2021/{anders.bron_id}/B1_BELEID: '{ONTWIKKELING}' (suggestie: ontwikkeling)" in out
    bron = re.search(r"Inzendingen: (\S+) ", out).group(1)
    with pytest.raises(CommandError, match="--houd"):
        call_command("monitor", "beslis", m.code, "dubbel/gemeente-2021/GM0004")
    with pytest.raises(CommandError, match="geen inzending van dit punt"):
        call_command("monitor", "beslis", m.code, "dubbel/gemeente-2021/GM0004", "--houd", "R-onbekend", "--reden", "x")
    with pytest.raises(CommandError, match="Geen open punt"):
        call_command("monitor", "beslis", m.code, "anders/gemeente-2021/bestaatniet/B1_BELEID", "--naar", "anders")
    call_command("monitor", "beslis", m.code, "dubbel/gemeente-2021/GM0004", "--houd", bron, "--reden", "Gebeld")
    call_command(
        "monitor", "beslis", m.code, f"anders/gemeente-2021/{anders.bron_id}/B1_BELEID", "--naar", "ontwikkeling"
    )
    assert te_beslissen(m) == [] and _beleid(m)["GM0001"] == "ontwikkeling"
    stap = Opschoonstap.objects.get(soort=Soort.HERCODEREN)
    call_command("monitor", "beslissingen", m.code)
    assert f"#{stap.pk} 'Anders, namelijk' gehercodeerd B1_BELEID → ontwikkeling" in capsys.readouterr().out
    call_command("monitor", "intrekken", m.code, str(stap.pk))
    assert "ingetrokken" in capsys.readouterr().out and _beleid(m)["GM0001"] == "anders" and len(te_beslissen(m)) == 1
    with pytest.raises(CommandError, match="al ingetrokken"):
        call_command("monitor", "intrekken", m.code, str(stap.pk))
    with pytest.raises(CommandError, match="geen beslissing #999999"):
        call_command("monitor", "intrekken", m.code, "999999")
