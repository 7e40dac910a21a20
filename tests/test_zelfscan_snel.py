"""The zelfscan's working pages stay cheap (issue 14): the result page's requirements and next
steps written out in Python give the HTML the template gave, the gemeente's profile and region
come from the cache per version of the reference data (and follow a change), and the pages
keep their number of queries."""

import pytest
from django.template import engines
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.core.schrijven import SYSTEEM
from kompas.kennisbank.models import Artikel
from kompas.kennisbank.services import inhoud_laden
from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap
from kompas.zelfscan import scoring, selectors, weergave
from kompas.zelfscan.definitie import ITEMS
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.scoring import Profiel
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bouwen(zonder_paginacache):
    """These tests measure building the page; serving it from memory is tests/test_paginacache.py."""


# the loops of zelfscan/resultaat.html before they were written out in Python
OUDE_EISEN = """{% load i18n zelfscan_tags %}{% for eis in resultaat.eisen %}<li><strong>{{ eis.item.basisniveau }}</strong>: {{ eis.reden }}{% if not eis.voldaan %} {% for slug in eis.item.artikelen %}{% with a=artikelen|get_item:slug %}{% if a %}<a class="utrecht-link" href="{% url 'kennisbank:artikel' a.slug %}">{% blocktranslate with t=a.titel %}Lees: {{ t }}{% endblocktranslate %}</a>{% if not forloop.last %} · {% endif %}{% endif %}{% endwith %}{% endfor %}{% endif %}</li>{% endfor %}"""  # noqa: E501
OUDE_STAPPEN = """{% load i18n zelfscan_tags %}{% for stap in resultaat.stappen %}
  <li>{{ stap.tekst }} <span class="kompas-muted">({{ stap.item.bouwsteen|bouwsteen }}: {{ stap.reden }})</span>
    {% for slug in stap.artikelen %}{% with a=artikelen|get_item:slug %}{% if a %}<br><a class="utrecht-link" href="{% url 'kennisbank:artikel' a.slug %}">{{ a.titel }}</a>{% endif %}{% endwith %}{% endfor %}{% if stap.item.rekenhulp %}<br><a class="utrecht-link" href="{% url 'zelfscan:fte' %}{% if fte_regio %}?regio={{ fte_regio.pk }}{% endif %}">{% translate "Reken uit hoeveel fte zorgcoördinatie uw regio nodig heeft (fte-rekenhulp)" %}</a>{% endif %}</li>
{% endfor %}"""  # noqa: E501


@pytest.fixture
def wereld(db):
    inhoud_laden(actor=SYSTEEM)
    zvh = Regio.objects.create(indeling=Indeling.ZVH, code="ZVH-T", naam="ZVH Testregio")
    for code, naam, inw in [("GM7001", "Groothaven", 150_000), ("GM7002", "Kleindorp", 8_000)]:
        g = Gemeente.objects.create(jaar=2026, cbs_code=code, naam=naam, provincie="Utrecht", inwoners=inw)
        RegioLidmaatschap.objects.create(gemeente=g, regio=zvh, indeling=Indeling.ZVH)
    return {"zvh": zvh, "org": OrganisatieFactory(naam="Gemeente Kleindorp", cbs_code="GM7002")}


@pytest.mark.parametrize("waarde", ["nee", "weetniet", "deels", ""])
@pytest.mark.parametrize("met_regio", [True, False])
def test_requirements_and_steps_in_python_are_the_html_of_the_template(wereld, waarde, met_regio):
    # an article with characters to escape, and one that is not published (a link left out)
    Artikel.objects.filter(slug=ITEMS[0].artikelen[0]).update(titel='Beleid & "basis" <nu>')
    Artikel.objects.filter(slug=ITEMS[0].artikelen[-1]).update(status=Artikel.Status.CONCEPT)
    antwoorden = {i.code: (waarde if n % 2 else "ja") for n, i in enumerate(ITEMS)}
    antwoorden.update({i.code: waarde for i in ITEMS if i.basisniveau or i.rekenhulp})
    resultaat = scoring.beoordelen(antwoorden, Profiel(naam="Kleindorp", inwoners=8000, zvh_regio="Z & V"))
    artikelen, fte_regio = selectors.hulpartikelen(), wereld["zvh"] if met_regio else None
    assert resultaat.stappen and any(s.item.rekenhulp for s in resultaat.stappen)
    ctx = {"resultaat": resultaat, "artikelen": artikelen, "fte_regio": fte_regio}
    django = engines["django"]
    assert weergave.eisen_html(resultaat.eisen, artikelen) == django.from_string(OUDE_EISEN).render(ctx)
    verwacht = django.from_string(OUDE_STAPPEN).render(ctx)
    assert weergave.stappen_html(resultaat.stappen, artikelen, fte_regio) == verwacht
    assert "&amp; &quot;basis&quot; &lt;nu&gt;" in verwacht


def _afgeronde_scan(org, antwoorden):
    return Zelfscan.objects.create(
        cbs_code=org.cbs_code, gemeente_naam="Kleindorp", organisatie=org, status="afgerond", antwoorden=antwoorden
    )


def test_result_page_is_cheap_and_its_profile_follows_the_reference_data(wereld, django_assert_max_num_queries):
    from django.utils import timezone

    scan = _afgeronde_scan(wereld["org"], {i.code: "nee" for i in ITEMS})
    Zelfscan.objects.filter(pk=scan.pk).update(afgerond_op=timezone.now())
    c = verified_client(member(Rol.BELEIDSADVISEUR, wereld["org"]))
    url = reverse("zelfscan:resultaat", args=[scan.pk])
    assert "ZVH Testregio" in c.get(url).content.decode()
    # user, session, scan with its organisation, current year, reference version, previous scan, articles
    with django_assert_max_num_queries(7):
        page = c.get(url).content.decode()
    assert "8.000 inwoners" in page and f"?regio={wereld['zvh'].pk}" in page
    # the profile and the region come from the cache under the version of the reference data
    wereld["zvh"].naam = "ZVH Nieuwe naam"
    wereld["zvh"].save()
    Gemeente.objects.filter(cbs_code="GM7002").update(inwoners=21_000)  # an update in place: version via a save
    Gemeente.objects.get(cbs_code="GM7002").save()
    page = c.get(url).content.decode()
    assert "ZVH Nieuwe naam" in page and "21.000 inwoners" in page
    RegioLidmaatschap.objects.filter(gemeente__cbs_code="GM7002").delete()
    page = c.get(url).content.decode()
    assert "ZVH Nieuwe naam" not in page and "?regio=" not in page


OUDE_REGIO = """{% load i18n zelfscan_tags %}{% for r in rijen %}<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">{{ r.naam }}</th>
    {% if r.scan %}<td class="utrecht-table__cell">{{ r.scan.afgerond_op|date:"SHORT_DATE_FORMAT" }}</td><td class="utrecht-table__cell">{% if r.basisniveau %}{% translate "gehaald" %}{% else %}{% translate "niet gehaald" %}{% endif %}</td><td class="utrecht-table__cell">{% if r.aandachtsfunctionaris %}{% translate "ja" %}{% else %}{% translate "nee" %}{% endif %}</td>
      {% for code, label in bouwstenen %}<td class="utrecht-table__cell">{{ r.plateaus|get_item:code|plateau }}</td>{% endfor %}
    {% else %}<td class="utrecht-table__cell" colspan="{{ bouwstenen|length|add:3 }}">{% translate "nog geen afgeronde zelfscan" %}</td>{% endif %}</tr>{% endfor %}"""  # noqa: E501


def _regisseur(wereld):
    org = OrganisatieFactory(naam="ZVH Testregio", type="zvh", cbs_code="", regio=wereld["zvh"])
    return member(Rol.KETENREGISSEUR, org)


def test_region_rows_in_python_are_the_html_of_the_template(wereld):
    from datetime import UTC, datetime

    from kompas.accounts.actor import actor_for
    from kompas.core.bouwstenen import Bouwsteen

    Gemeente.objects.filter(cbs_code="GM7001").update(naam="Groot & <haven>")
    scan = _afgeronde_scan(wereld["org"], {**{i.code: "ja" for i in ITEMS}, "BN_AF": "nee"})
    Zelfscan.objects.filter(pk=scan.pk).update(afgerond_op=datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
    user = _regisseur(wereld)
    rijen = selectors.regio_overzicht(actor_for(user, user.lidmaatschappen.get().organisatie))
    assert len(rijen) == 2 and rijen[1]["scan"] and not rijen[0]["scan"]
    rijen.append({**rijen[1], "plateaus": {}, "basisniveau": True, "aandachtsfunctionaris": True})
    verwacht = engines["django"].from_string(OUDE_REGIO).render({"rijen": rijen, "bouwstenen": Bouwsteen.choices})
    assert weergave.regio_regels_html(rijen) == verwacht
    assert "Groot &amp; &lt;haven&gt;" in verwacht and "29-03-2026" in verwacht


def test_region_page_is_cheap_and_follows_the_reference_data(wereld, django_assert_max_num_queries):
    _afgeronde_scan(wereld["org"], {i.code: "ja" for i in ITEMS})
    c = verified_client(_regisseur(wereld))
    url = reverse("zelfscan:regio")
    assert "Zelfscans in ZVH Testregio" in c.get(url).content.decode()
    # user, session, current year, reference version, organisations of the gemeenten, scans
    with django_assert_max_num_queries(6):
        page = c.get(url).content.decode()
    assert "Groothaven" in page and "Kleindorp" in page
    wereld["zvh"].naam = "ZVH Andere naam"
    wereld["zvh"].save()
    RegioLidmaatschap.objects.filter(gemeente__cbs_code="GM7001").delete()
    page = c.get(url).content.decode()
    assert "Zelfscans in ZVH Andere naam" in page and "Groothaven" not in page and "Kleindorp" in page
