"""Issue 13 item 12: the gemeente's "onze resultaten" pages and the report page read the
cleaned data set from a cache per wave and version instead of replaying the cleaning on every
view; a new decision, a withdrawal or an import is a new version and shows on the next view."""

from unittest import mock

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import opschoning
from kompas.monitor.models import Opschoonstap
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import GEMEENTEN, inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    wereld()
    m = meting()
    m.inzendingen_per_org = {code: inzending(m, code, volledig_antwoord()) for code, *_r in GEMEENTEN}
    return m


@pytest.fixture
def gemeente():
    return verified_client(member(Rol.BELEIDSADVISEUR, OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")))


@pytest.fixture
def analist():
    return verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))


class Replays:
    """Counts how often the raw submissions are read and the cleaning is replayed."""

    def __enter__(self):
        self.lezen = mock.patch.object(opschoning.Context, "voor", wraps=opschoning.Context.voor)
        self.toepassen = mock.patch.object(opschoning, "toepassen", wraps=opschoning.toepassen)
        self.gelezen = self.lezen.start()
        self.afgespeeld = self.toepassen.start()
        return self

    def __exit__(self, *exc):
        self.lezen.stop()
        self.toepassen.stop()

    @property
    def aantal(self) -> int:
        return self.gelezen.call_count + self.afgespeeld.call_count


def test_onze_resultaten_reads_the_cache_and_a_decision_shows_on_the_next_view(m, gemeente):
    url = reverse("monitor:mijn_meting", args=[m.code])
    assert "N=8" in gemeente.get(url).content.decode()
    with Replays() as r:
        page = gemeente.get(url).content.decode()
        gemeente.get(reverse("monitor:mijn"))  # the list of waves: whether we answered, per wave
    assert "N=8" in page and r.aantal == 0
    # a decision drops GM0002's submission: a new version, so the next view replays once
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0002"].pk],
        organisatie_code="GM0002",
        reden="test",
        actor=SYSTEEM,
    )
    with Replays() as r:
        page = gemeente.get(url).content.decode()
    assert "N=7" in page and "N=8" not in page and r.afgespeeld.call_count == 1
    # withdrawing it is a new version too
    opschoning.stap_intrekken(stap=Opschoonstap.objects.get(meting=m), actor=SYSTEEM)
    assert "N=8" in gemeente.get(url).content.decode()


def test_an_import_is_a_new_version(m, gemeente):
    url = reverse("monitor:mijn_meting", args=[m.code])
    assert "N=8" in gemeente.get(url).content.decode()
    inzending(m, "GM0999", volledig_antwoord())
    assert "N=9" in gemeente.get(url).content.decode()


def test_the_list_of_waves_follows_a_decision_about_the_own_submission(m, gemeente):
    lijst = reverse("monitor:mijn")
    assert "niet geantwoord" not in gemeente.get(lijst).content.decode().lower()
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0001"].pk],
        organisatie_code="GM0001",
        reden="test",
        actor=SYSTEEM,
    )
    assert "niet geantwoord" in gemeente.get(lijst).content.decode()
    assert opschoning.responderende_organisaties(m) == {c for c, *_r in GEMEENTEN} - {"GM0001"}


def test_report_page_reads_the_cache_and_follows_a_decision(m, analist):
    url = reverse("monitor:rapport", args=[m.code])
    assert "8 responsen" in analist.get(url).content.decode()
    with Replays() as r:
        page = analist.get(url).content.decode()
    assert "8 responsen" in page and r.aantal == 0
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0003"].pk],
        organisatie_code="GM0003",
        reden="test",
        actor=SYSTEEM,
    )
    page = analist.get(url).content.decode()
    assert "7 responsen" in page and "8 responsen" not in page


def test_a_respondent_saving_answers_is_a_new_version(m):
    eerste = opschoning.versie(m)
    assert opschoning.versie(m) == eerste
    inz = m.inzendingen_per_org["GM0004"]
    from django.utils import timezone

    inz.opgeslagen_op = timezone.now()
    inz.save(update_fields=["opgeslagen_op"])
    assert opschoning.versie(m) != eerste


class Tekeningen:
    """Counts the charts drawn for the report (core/grafieken SVG, the costly part of its page)."""

    def __enter__(self):
        from kompas.monitor import rapport

        self.patch = mock.patch.object(rapport, "staafdiagram", wraps=rapport.staafdiagram)
        self.mock = self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    @property
    def aantal(self) -> int:
        return self.mock.call_count


def test_report_page_draws_its_charts_once_per_version(m, analist):
    """The report page reads its drawn tables and charts from the cache under the version key
    of "onze resultaten"; a decision, its withdrawal, an import, a saved answer, a coding and
    a renamed wave each draw them again, once."""
    from django.utils import timezone

    from kompas.monitor.models import Codecategorie, Codering, Vragenlijst

    url = reverse("monitor:rapport", args=[m.code])

    def bekijken(verwacht_getekend: bool) -> str:
        with Tekeningen() as t, Replays() as r:
            page = analist.get(url).content.decode()
        assert (t.aantal > 0) is verwacht_getekend, t.aantal
        if not verwacht_getekend:
            assert r.aantal == 0
        return page

    assert "8 responsen" in bekijken(True)
    assert "8 responsen" in bekijken(False)
    assert "8 responsen" in bekijken(False)
    # another breakdown choice is another page
    with Tekeningen() as t:
        analist.get(url, {"uitsplitsing": ["provincie"]})
    assert t.aantal > 0
    # a decision
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0003"].pk],
        organisatie_code="GM0003",
        reden="test",
        actor=SYSTEEM,
    )
    page = bekijken(True)
    assert "7 responsen" in page and "8 responsen" not in page
    assert "7 responsen" in bekijken(False)
    # its withdrawal
    opschoning.stap_intrekken(stap=Opschoonstap.objects.get(meting=m), actor=SYSTEEM)
    assert "8 responsen" in bekijken(True)
    bekijken(False)
    # an import
    inzending(m, "GM0999", volledig_antwoord())
    assert "9 responsen" in bekijken(True)
    bekijken(False)
    # a respondent saving an answer
    inz = m.inzendingen_per_org["GM0004"]
    inz.antwoorden["B3_DRIEHOEK"] = "nooit"
    inz.opgeslagen_op = timezone.now()
    inz.save(update_fields=["antwoorden", "opgeslagen_op"])
    bekijken(True)
    bekijken(False)
    # a coding
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    open_vraag = next(v for v in lijst.vragen.all() if v.type == "open")
    cat = Codecategorie.objects.create(meting=m, vraag_code=open_vraag.code, code="x", label="Iets", volgorde=1)
    Codering.objects.create(inzending=inz, vraag_code=open_vraag.code).categorieen.add(cat)
    bekijken(True)
    bekijken(False)
    # the wave's own text (its name is in the report)
    m.naam = "Monitor hernoemd"
    m.save()
    assert "Monitor hernoemd" in bekijken(True)


def test_report_names_its_groups_in_a_sentence_in_lower_case(m, analist):
    """ "Respons per Provincie" read as a capital in mid-sentence; an abbreviation keeps its capitals."""
    from kompas.monitor.templatetags.monitor_tags import in_zin

    page = analist.get(reverse("monitor:rapport", args=[m.code])).content.decode()
    assert "Respons per provincie" in page and "Respons per Provincie" not in page
    assert "Respons per zorg- en veiligheidshuisregio" in page
    assert (
        in_zin("ZVH-regio") == "ZVH-regio"
        and in_zin("RIEC") == "RIEC"
        and in_zin("Politie-eenheid") == "politie-eenheid"
    )
