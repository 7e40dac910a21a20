"""What a gemeente and a region see of the monitor: own answers beside aggregates only."""

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import AuditEntry
from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import GEMEENTEN, inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    regios = wereld()
    m = meting()
    # 8 gemeenten answer; GM0001 alone says "geen" policy, the rest "specifiek"
    for code, *_r in GEMEENTEN:
        inzending(
            m,
            code,
            volledig_antwoord(B1_BELEID="geen" if code == "GM0001" else "specifiek", HELPEND=f"geheim van {code}"),
        )
    m.regios = regios
    return m


def test_gemeente_sees_own_answers_beside_aggregates(m):
    org = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    c = verified_client(member(Rol.BELEIDSADVISEUR, org))
    page = c.get(reverse("monitor:mijn_meting", args=[m.code])).content.decode()
    assert "Geen beleid" in page and 'class="kompas-eigen">Geen beleid' in page
    assert "N=8" in page
    # the single "geen" nationally is a cell below 5: not shown as a number
    assert "Geen beleid: –" in page
    # open texts of others never appear
    assert "geheim van GM0002" not in page and "geheim van GM0001" not in page
    # with 8 answers every percentage is hidden (1 is "<5", so 7 is "x"): no chart to draw
    assert 'role="img"' not in page
    # the regions have 4 gemeenten each: said once, not "minder dan 5 antwoorden" on every row
    assert "In uw regio hebben minder dan 5 gemeenten geantwoord" in page and "minder dan 5 antwoorden" not in page
    assert AuditEntry.objects.filter(object_repr="eigen monitorantwoorden m2021").exists()
    r = c.get(reverse("monitor:mijn_download", args=[m.code]))
    assert r.status_code == 200 and "B1_BELEID" in r.content.decode() and "GM0002" not in r.content.decode()
    assert AuditEntry.objects.filter(actie="export", object_repr__contains="(CSV)").exists()


def test_gemeente_without_response_sees_aggregates(m):
    org = OrganisatieFactory(naam="Gemeente Elders", cbs_code="GM0999")
    page = (
        verified_client(member(Rol.AANDACHTSFUNCTIONARIS, org))
        .get(reverse("monitor:mijn_meting", args=[m.code]))
        .content.decode()
    )
    assert "niet geantwoord" in page and "N=8" in page


def test_region_sees_aggregates_of_its_region_only(m):
    oost = m.regios["ZVH Oost"]
    org = OrganisatieFactory(naam="ZVH Oost", type=OrganisatieType.ZVH, cbs_code="", regio=oost)
    c = verified_client(member(Rol.KETENREGISSEUR, org))
    page = c.get(reverse("monitor:regio") + f"?meting={m.code}").content.decode()
    assert "4 van de 4 uitgenodigde gemeenten in de regio hebben geantwoord (respons 100,0%)" in page
    assert "minder dan 5 antwoorden" in page  # a region of 4 shows no figures per answer
    midden = Regio.objects.get(naam="ZVH Midden")
    # Midden gets a fifth gemeente that did not answer, so the two regions differ: a page that
    # kept showing Oost (or any region but the organisation's own) is caught
    stil = Gemeente.objects.create(jaar=2021, cbs_code="GM0009", naam="Ijsselhoek", provincie="Utrecht", inwoners=7_000)
    RegioLidmaatschap.objects.create(gemeente=stil, regio=midden, indeling=Indeling.ZVH)
    page = c.get(reverse("monitor:regio") + f"?meting={m.code}").content.decode()
    assert "4 van de 4 uitgenodigde gemeenten in de regio hebben geantwoord (respons 100,0%)" in page  # still Oost
    org.regio = midden
    org.save()
    page = c.get(reverse("monitor:regio") + f"?meting={m.code}").content.decode()
    assert "4 van de 5 uitgenodigde gemeenten in de regio hebben geantwoord (respons 80,0%)" in page
    assert "4 van de 4 uitgenodigde" not in page


def test_a_wave_without_answers_says_so_instead_of_a_wall_of_empty_rows(db):
    leeg = meting("leeg2021")
    org = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    page = (
        verified_client(member(Rol.BELEIDSADVISEUR, org))
        .get(reverse("monitor:mijn_meting", args=[leeg.code]))
        .content.decode()
    )
    assert "nog geen antwoorden verwerkt" in page and "N=0" not in page and "<table" not in page
    # nothing to explain or download yet
    assert "Vetgedrukt" not in page and "Download als CSV" not in page


def test_an_open_wave_says_the_gemeente_has_not_answered_yet_and_until_when(db):
    from datetime import date, timedelta

    from django.utils import timezone

    vandaag = timezone.localdate()
    open_ = meting("open2026", jaar=2021, open_van=vandaag - timedelta(days=3), open_tot=date(2099, 2, 3))
    org = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    page = (
        verified_client(member(Rol.BELEIDSADVISEUR, org))
        .get(reverse("monitor:mijn_meting", args=[open_.code]))
        .content.decode()
    )
    assert "Uw gemeente heeft nog niet geantwoord." in page
    assert "De vragenlijst is open tot en met 3 februari 2099." in page
    assert "in deze meting niet geantwoord" not in page


def test_the_answer_chart_marks_the_own_answer_and_draws_no_hidden_cell():
    from types import SimpleNamespace

    from django.template import Context, Template

    rij = {
        "vraag": SimpleNamespace(tekst="Heeft uw gemeente beleid?"),
        "landelijk": [
            ("Specifiek", 150, 75.0, True),
            ("Geen beleid", "<5", None, False),
            ("In ontwikkeling", 47, 23.5, False),
        ],
    }
    svg = Template("{% load monitor_tags %}{% antwoordgrafiek rij %}").render(Context({"rij": rij}))
    assert 'role="img"' in svg and "Specifiek (uw antwoord)" in svg and "75%" in svg
    assert svg.count("<rect") == 2 and "niet getoond (&lt;5)" in svg
