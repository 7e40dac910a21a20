"""One count for every decision (issue 13 item 3 and the 2021 demo's 218 → 216 on the cleaning
page against 217 → 215 in the report): the responses of the decision's questionnaire before
and after it, on the cleaning page, on the command line, stored with the decision and in the
report's account of the cleaning."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import opschoning
from kompas.monitor.models import Opschoonstap
from kompas.monitor.rapport import context
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


def test_cleaning_page_command_line_and_report_show_the_same_counts(capsys):
    wereld()
    m = meting()
    for code in ("GM0001", "GM0002", "GM0003"):
        inzending(m, code, volledig_antwoord())
    inzending(m, "GM0003", {"B1_BELEID": "geen"}, volledig=False)  # dropped by the rule: 4 → 3
    inzending(m, "ZVH01", {"Z_VORMEN": ["arbeid"]}, lijst="zvh-2021")  # another questionnaire: not in the count
    inzending(m, "ZVH02", {"Z_VORMEN": ["arbeid"]}, lijst="zvh-2021")
    [stap] = opschoning.regels_toepassen(meting=m, actor=SYSTEEM)
    assert (stap.voor, stap.na) == (4, 3)  # stored per questionnaire, not 6 → 5 for the wave
    analist = verified_client(
        member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code=""))
    )
    page = analist.get(reverse("monitor:opschonen", args=[m.code])).content.decode()
    rij = page.split(">Inzending niet meegenomen</th>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in rij.split("</td>")[3:5]] == ["4", "3"] and "6" not in rij.split("</td>")[3]
    [regel] = context(m, grafieken=False)["aanpassingen"][stap.meting.vragenlijsten.get(code="gemeente-2021").pk]
    assert (regel.voor, regel.na) == (4, 3)
    call_command("monitor", "beslissingen", m.code)
    assert f"#{stap.pk} Inzending niet meegenomen GM0003" in (out := capsys.readouterr().out) and "(4 → 3)" in out
    # a decision taken by hand is stored the same way
    zvh = [i.pk for i in m.inzendingen.filter(vragenlijst__code="zvh-2021")]
    hand = opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=zvh[:1],
        organisatie_code="ZVH01",
        reden="test",
        actor=SYSTEEM,
    )
    assert (hand.voor, hand.na) == (2, 1)
