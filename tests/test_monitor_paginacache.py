"""Issue 14 item 10: the monitor's working pages draw their figures (charts, tables, response
sentences, progress) once per version of everything they are computed from and read them from
the fragment cache after that: a second view reads no analysis and few queries. Every change —
a decision, a coding, an invitation, a renamed region, a saved answer — is a new version and
shows on the next view."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import analyse, deelnemers, opschoning, selectors, uitnodigingen
from kompas.monitor.models import Meting, Opschoonstap, Uitnodiging, Vragenlijst
from kompas.monitor.respons import aantallen_uitgenodigd, uitgenodigde_set
from kompas.regio.models import Regio
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


@pytest.fixture
def analist():
    return verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))


@pytest.fixture
def gemeente():
    return verified_client(member(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")))


@pytest.fixture
def regio(m):
    oost = m.regios["ZVH Oost"]
    return verified_client(
        member(
            Rol.KETENREGISSEUR, OrganisatieFactory(naam="ZVH Oost", type=OrganisatieType.ZVH, cbs_code="", regio=oost)
        )
    )


def beslissen(m, code):
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org[code].pk],
        organisatie_code=code,
        reden="test",
        actor=SYSTEEM,
    )


def uitnodigen(m, code, **kwargs):
    return Uitnodiging.objects.create(
        meting=m,
        vragenlijst=Vragenlijst.objects.get(code="gemeente-2021"),
        organisatie_code=code,
        organisatie_naam=code,
        email=f"{code}@example.org",
        **kwargs,
    )


class Gelezen:
    """Counts the reads of the cached analyses and figures (:func:`analyse.per_versie`)."""

    def __enter__(self):
        self.patch = mock.patch.object(selectors, "per_versie", wraps=selectors.per_versie)
        self.mock = self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    def namen(self) -> list[str]:
        return [call.kwargs.get("sleutel") or call.args[1] for call in self.mock.call_args_list]


def zonder_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def tabel_gelezen(namen: list[str]) -> bool:
    return any(not n.endswith(":kop") for n in namen)


# --- onze resultaten --------------------------------------------------------------------


def test_onze_resultaten_reads_no_rows_when_its_table_is_cached(m, gemeente, django_assert_max_num_queries):
    url = reverse("monitor:mijn_meting", args=[m.code])
    eerste = gemeente.get(url).content.decode()
    # the user; the wave; the own codes; the reference-data version; the wave's version; the audit entry
    with Gelezen() as g, django_assert_max_num_queries(7):
        tweede = gemeente.get(url).content.decode()
    assert zonder_token(tweede) == zonder_token(eerste) and not tabel_gelezen(g.namen())


def test_onze_resultaten_follows_an_invitation_a_decision_and_a_saved_answer(m, gemeente):
    url = reverse("monitor:mijn_meting", args=[m.code])
    assert "8 van de 8 uitgenodigde gemeenten" in gemeente.get(url).content.decode()
    uitnodigen(m, "GM0001", buiten_kompas=True)  # an uploaded list of one (the others count as not invited)
    # the rate counts the invited only (it was "8 van de 1", a response of 800%)
    assert "Landelijk heeft 1 van de 1 uitgenodigde gemeente geantwoord" in gemeente.get(url).content.decode()
    beslissen(m, "GM0002")
    assert "N=7" in gemeente.get(url).content.decode()
    inz = m.inzendingen_per_org["GM0001"]  # the gemeente's own answer, saved again
    inz.antwoorden = volledig_antwoord(B3_DRIEHOEK="nooit")
    inz.opgeslagen_op = timezone.now()
    inz.save()
    assert '<td class="utrecht-table__cell">Nooit</td>' in gemeente.get(url).content.decode()


def test_onze_resultaten_follows_a_renamed_region(m, gemeente):
    url = reverse("monitor:mijn_meting", args=[m.code])
    assert "Regio: ZVH Midden." in gemeente.get(url).content.decode()
    Regio.objects.filter(naam="ZVH Midden").update(naam="ZVH Midden-Nederland", bijgewerkt_op=timezone.now())
    assert "Regio: ZVH Midden-Nederland." in gemeente.get(url).content.decode()


def test_own_codes_are_one_query(m):
    org = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    deelnemers.organisatie_koppelen(org)
    with CaptureQueriesContext(connection) as q:
        codes = deelnemers.eigen_codes(org, [m])
    assert codes == {m.pk: {"GM0001"}} and len(q.captured_queries) == 1


# --- the region ---------------------------------------------------------------------------


def test_region_page_reads_no_analysis_when_its_table_is_cached(m, regio, django_assert_max_num_queries):
    url = reverse("monitor:regio") + f"?meting={m.code}"
    eerste = regio.get(url).content.decode()
    # the user; the waves; the reference-data version; the wave's version
    with Gelezen() as g, django_assert_max_num_queries(5):
        tweede = regio.get(url).content.decode()
    assert zonder_token(tweede) == zonder_token(eerste) and not tabel_gelezen(g.namen())


def test_region_page_follows_a_renamed_region(m, regio):
    url = reverse("monitor:regio") + f"?meting={m.code}"
    assert "Monitor: regio ZVH Oost<" in regio.get(url).content.decode()
    Regio.objects.filter(naam="ZVH Oost").update(naam="ZVH Oost-Nederland", bijgewerkt_op=timezone.now())
    assert "Monitor: regio ZVH Oost-Nederland<" in regio.get(url).content.decode()


def test_region_page_follows_a_decision_and_an_invitation(m, regio):
    url = reverse("monitor:regio") + f"?meting={m.code}"
    page = regio.get(url).content.decode()
    assert "4 van de 4 uitgenodigde gemeenten in de regio" in page
    oost = [code for code, *_r, zvh in GEMEENTEN if zvh == "ZVH Oost"]
    beslissen(m, oost[0])
    page = regio.get(url).content.decode()
    assert "3 van de 4 uitgenodigde gemeenten in de regio" in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">3</td>' in page  # N in the table
    uitnodigen(m, oost[1], buiten_kompas=True)
    assert "1 van de 1 uitgenodigde gemeente in de regio heeft geantwoord" in regio.get(url).content.decode()


# --- the wave page ------------------------------------------------------------------------


def test_wave_page_computes_nothing_when_its_figures_are_cached(m, analist, django_assert_max_num_queries):
    url = reverse("monitor:meting", args=[m.code])
    analist.get(url)
    with (
        mock.patch.object(uitnodigingen, "voortgang", wraps=uitnodigingen.voortgang) as voortgang,
        mock.patch.object(analyse, "per_versie", wraps=analyse.per_versie) as gelezen,
        django_assert_max_num_queries(
            5
        ),  # the session and the user; the wave; the wave's and the reference data's version
    ):
        analist.get(url)
    assert voortgang.call_count == 0 and gelezen.call_count == 0


def test_wave_page_follows_an_invitation_a_decision_and_a_saved_answer(m, analist):
    url = reverse("monitor:meting", args=[m.code])
    page = analist.get(url).content.decode()
    assert "8 van de 8 uitgenodigde organisaties" in page
    u = uitnodigen(m, "GM0001")  # ready, not sent: a list of invitations in Kompas, nobody invited yet
    page = analist.get(url).content.decode()
    assert "0 van de 0 uitgenodigde" not in page and "uitnodiging nog niet verstuurd" in page
    Uitnodiging.objects.filter(pk=u.pk).update(uitgenodigd_op=timezone.now())
    page = analist.get(url).content.decode()
    assert "1 van de 1 uitgenodigde organisatie heeft geantwoord" in page
    assert "Daarnaast antwoordden 7 organisaties die niet waren uitgenodigd" in page
    beslissen(m, "GM0001")
    assert "0 van de 1 uitgenodigde organisatie heeft geantwoord" in analist.get(url).content.decode()
    inz = m.inzendingen_per_org["GM0002"]  # a saved answer: the progress table follows
    inz.antwoorden = volledig_antwoord(B3_DRIEHOEK="nooit")
    inz.opgeslagen_op = timezone.now()
    inz.save()
    inzending(m, "GM0003", volledig_antwoord(B3_DRIEHOEK="nooit"))  # a second complete one: a point to decide
    assert "1 punt wacht op een beslissing" in analist.get(url).content.decode()


def test_wave_page_follows_a_renamed_region(m, analist):
    url = reverse("monitor:meting", args=[m.code])
    assert "ZVH Oost" in analist.get(url).content.decode()
    Regio.objects.filter(naam="ZVH Oost").update(naam="ZVH Oost-Nederland", bijgewerkt_op=timezone.now())
    assert "ZVH Oost-Nederland" in analist.get(url).content.decode()


# --- the list of waves --------------------------------------------------------------------


def test_the_invited_counts_of_the_list_are_those_of_the_invited_set(m):
    ander = meting("m2022", jaar=2021)
    derde = meting("m2023", jaar=2021)
    uitnodigen(ander, "GM0001")  # ready, not sent
    uitnodigen(ander, "GM0002", uitgenodigd_op=timezone.now())
    uitnodigen(ander, "GM0003", uitgenodigd_op=timezone.now(), onbestelbaar_op=timezone.now())
    uitnodigen(derde, "GM0001", buiten_kompas=True)  # an uploaded list
    uitnodigen(derde, "GM0004", buiten_kompas=True)
    metingen = list(Meting.objects.prefetch_related("vragenlijsten"))
    verwacht = {x.pk: sum(len(uitgenodigde_set(x, lijst).codes) for lijst in x.vragenlijsten.all()) for x in metingen}
    assert aantallen_uitgenodigd(metingen) == verwacht
    assert verwacht[ander.pk] == 2 + 2 and verwacht[derde.pk] == 2 + 2  # + the 2 ZVH regions of 2021


def test_the_list_of_waves_is_a_few_queries_and_follows_an_invitation(m, analist, django_assert_max_num_queries):
    for code in ("m2022", "m2023", "m2024"):
        meting(code)
    url = reverse("monitor:metingen")
    analist.get(url)
    with django_assert_max_num_queries(
        6
    ):  # the session and the user; waves, questionnaires, invitations; reference-data version
        page = analist.get(url).content.decode()
    cel = '<td class="utrecht-table__cell utrecht-table__cell--numeric">{}</td>'
    assert page.count(cel.format(10)) == 4  # 8 gemeenten and 2 ZVH of the year, per wave
    uitnodigen(m, "GM0001", uitgenodigd_op=timezone.now())
    page = analist.get(url).content.decode()
    assert page.count(cel.format(10)) == 3 and page.count(cel.format(3)) == 1  # 1 gemeente invited, 2 ZVH
