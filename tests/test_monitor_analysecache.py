"""Issue 13 (left over) and issue 14 item 10: the monitor's analysis — the suppression of small
cells over every question and breakdown — is cached per version of everything it is computed
from, like the cleaned data set: a second view computes nothing, and a new decision, coding,
invitation, breakdown choice or change to the reference data shows on the next view. The cache
keys hold what scopes the result: a gemeente's own answers are never shown to another."""

from unittest import mock

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import analyse, opschoning, rapport
from kompas.monitor.models import Codecategorie, Codering, Opschoonstap, Uitnodiging, Vragenlijst
from kompas.regio.models import Indeling, Regio, RegioLidmaatschap
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import GEMEENTEN, inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bouwen(zonder_paginacache):
    """These tests measure building the page; serving it from memory is tests/test_paginacache.py."""


@pytest.fixture
def m():
    m = meting()
    m.regios = wereld()
    m.inzendingen_per_org = {code: inzending(m, code, volledig_antwoord()) for code, *_r in GEMEENTEN}
    return m


def gemeente_client(code="GM0001", naam="Gemeente Aadorp"):
    return verified_client(member(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam=naam, cbs_code=code)))


class Analyses:
    """Counts the analyses computed (the costly part)."""

    def __enter__(self):
        self.patch = mock.patch.object(analyse, "analyseren", wraps=analyse.analyseren)
        self.mock = self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    @property
    def aantal(self) -> int:
        return self.mock.call_count


def test_second_view_of_onze_resultaten_computes_no_analysis_and_a_decision_shows(m, django_assert_max_num_queries):
    c = gemeente_client()
    url = reverse("monitor:mijn_meting", args=[m.code])
    with Analyses() as a:
        assert "N=8" in c.get(url).content.decode()
    assert a.aantal == 2  # national and regional
    with Analyses() as a, django_assert_max_num_queries(7):
        page = c.get(url).content.decode()
    assert "N=8" in page and a.aantal == 0
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0002"].pk],
        organisatie_code="GM0002",
        reden="test",
        actor=SYSTEEM,
    )
    with Analyses() as a:
        page = c.get(url).content.decode()
    assert "N=7" in page and "N=8" not in page and a.aantal == 2


def test_own_answers_are_cached_per_gemeente(m):
    """GM0001 and GM0002 share a region and a version: each still sees its own answer."""
    m.inzendingen_per_org["GM0002"].delete()
    inzending(m, "GM0002", volledig_antwoord(B3_DRIEHOEK="nooit"))
    url = reverse("monitor:mijn_meting", args=[m.code])
    eerste = gemeente_client("GM0001", "Gemeente Aadorp").get(url).content.decode()
    tweede = gemeente_client("GM0002", "Gemeente Beekstad").get(url).content.decode()
    nooit, jaarlijks = (
        '<td class="utrecht-table__cell">Nooit</td>',
        '<td class="utrecht-table__cell">Minimaal eens per jaar</td>',
    )
    assert nooit in tweede and jaarlijks not in tweede
    assert jaarlijks in eerste and nooit not in eerste


def test_region_page_is_cached_and_follows_the_reference_data(m):
    oost = m.regios["ZVH Oost"]
    c = verified_client(
        member(
            Rol.KETENREGISSEUR, OrganisatieFactory(naam="ZVH Oost", type=OrganisatieType.ZVH, cbs_code="", regio=oost)
        )
    )
    url = reverse("monitor:regio") + f"?meting={m.code}"
    assert "4 van de 4 uitgenodigde gemeenten in de regio" in c.get(url).content.decode()
    with Analyses() as a:
        c.get(url)
    assert a.aantal == 0
    # Grasland moves from Oost to Midden in the reference data (a correction, in place)
    lid = RegioLidmaatschap.objects.get(gemeente__cbs_code="GM0007", indeling=Indeling.ZVH)
    lid.regio = m.regios["ZVH Midden"]
    lid.save()
    with Analyses() as a:
        page = c.get(url).content.decode()
    assert "3 van de 3 uitgenodigde gemeenten in de regio" in page and a.aantal == 1


def test_a_coding_changes_the_analysis(m):
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    open_vraag = next(v for v in lijst.vragen.all() if v.type == "open")
    for code in ("GM0001", "GM0002", "GM0003", "GM0004", "GM0005", "GM0006"):
        inz = m.inzendingen_per_org[code]
        inz.antwoorden[open_vraag.code] = "loverboys"
        inz.save()
    cat = Codecategorie.objects.create(meting=m, vraag_code=open_vraag.code, code="lb", label="Loverboys", volgorde=1)
    eerst = analyse.analyse(m)
    assert [o for lijst_ in eerst for o in lijst_.open if o.vraag.code == open_vraag.code][0].n_gecodeerd == 0
    for code in ("GM0001", "GM0002", "GM0003", "GM0004", "GM0005", "GM0006"):
        Codering.objects.get_or_create(inzending=m.inzendingen_per_org[code], vraag_code=open_vraag.code)[
            0
        ].categorieen.add(cat)
    with Analyses() as a:
        daarna = analyse.analyse(m)
    assert a.aantal == 1
    assert [o for lijst_ in daarna for o in lijst_.open if o.vraag.code == open_vraag.code][0].n_gecodeerd == 6


def test_an_invitation_changes_the_response_figures(m):
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    eerst = analyse.analyse(m)[0]
    assert eerst.lijst == lijst and eerst.respons.uitgenodigd == 8  # no invitations: everyone of the year
    Uitnodiging.objects.create(
        meting=m,
        vragenlijst=lijst,
        organisatie_code="GM0001",
        organisatie_naam="Aadorp",
        email="a@example.org",
        buiten_kompas=True,
    )
    assert analyse.analyse(m)[0].respons.uitgenodigd == 1


def test_report_is_cached_per_breakdown_choice(m):
    with Analyses() as a:
        rapport.context(m)
        rapport.context(m)
        rapport.context(m, uitsplitsingen=["provincie"])
        rapport.context(m, uitsplitsingen=["provincie"])
    assert a.aantal == 2
    standaard = rapport.context(m)["resultaten"][0].alle_vragen[0].uitsplitsing
    provincie = rapport.context(m, uitsplitsingen=["provincie"])["resultaten"][0].alle_vragen[0].uitsplitsing
    assert set(standaard) == {"grootteklasse", "regio"} and set(provincie) == {"provincie"}


def test_a_renamed_region_shows_in_the_breakdown(m):
    assert any(g.groep == "ZVH Oost" for g in rapport.context(m)["resultaten"][0].alle_vragen[0].uitsplitsing["regio"])
    oost = Regio.objects.get(naam="ZVH Oost")
    oost.naam = "ZVH Oost-Nederland"
    oost.save()
    groepen = {g.groep for g in rapport.context(m)["resultaten"][0].alle_vragen[0].uitsplitsing["regio"]}
    assert "ZVH Oost-Nederland" in groepen and "ZVH Oost" not in groepen


def test_the_wave_page_reads_its_counts_from_the_cache(m, django_assert_max_num_queries):
    c = verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))
    url = reverse("monitor:meting", args=[m.code])
    assert "0 punten wachten op een beslissing" in c.get(url).content.decode()
    with (
        mock.patch.object(opschoning, "toepassen", wraps=opschoning.toepassen) as replay,
        django_assert_max_num_queries(5),  # with the session row
    ):
        c.get(url)
    assert replay.call_count == 0
    inzending(
        m, "GM0001", volledig_antwoord(B3_DRIEHOEK="nooit")
    )  # a second complete one: a new version, a point to decide
    assert "1 punt wacht op een beslissing" in c.get(url).content.decode()


def test_a_change_to_the_previous_wave_changes_the_comparison(m):
    oud = meting("m2020")
    for code, *_r in GEMEENTEN:
        inzending(oud, code, volledig_antwoord(B3_DRIEHOEK="nooit"))
    m.vorige = oud
    m.save()
    with Analyses() as a:
        analyse.analyse(m)
        analyse.analyse(m)
    assert a.aantal == 1
    eerst = next(r for r in analyse.analyse(m)[0].alle_vragen if r.code == "B3_DRIEHOEK").n_oud
    inzending(oud, "GM0001", volledig_antwoord(B3_DRIEHOEK="nooit"), lijst="zvh-2021")  # the older wave changes
    with Analyses() as a:
        analyse.analyse(m)
    assert a.aantal == 1 and eerst == 8
