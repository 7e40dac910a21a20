"""The kennisbank's working pages stay cheap (issue 14): the search results written out in
Python give the HTML the template gave, and the pages keep their number of queries."""

import pytest
from django.template import engines
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.core.schrijven import SYSTEEM
from kompas.kennisbank import selectors, services, weergave
from kompas.kennisbank.models import Artikel
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bouwen(zonder_paginacache):
    """These tests measure building the page; serving it from memory is tests/test_paginacache.py."""


# the loop of kennisbank/bibliotheek.html before the results were written out in Python
OUDE_LUS = """{% load i18n %}{% for a in artikelen %}
  <li><a class="utrecht-link" href="{% url 'kennisbank:artikel' a.slug %}">{{ a.titel }}</a>{% if a.status == "concept" %} <strong>({% translate "concept" %})</strong>{% endif %}<br><span class="kompas-muted">{{ a.get_bouwsteen_display }} · {{ a.get_soort_display }}</span><br>{{ a.samenvatting }}</li>
{% endfor %}"""  # noqa: E501


@pytest.fixture
def bib():
    services.inhoud_laden(actor=SYSTEEM)
    org = OrganisatieFactory(naam="Gemeente Hoorn")
    return {
        "adviseur": member(Rol.BELEIDSADVISEUR, org),
        "redacteur": member(Rol.REDACTEUR, OrganisatieFactory(naam="VNG", type="vng", cbs_code="")),
    }


def _actor(user):
    from kompas.accounts.actor import actor_for

    return actor_for(user, user.lidmaatschappen.first().organisatie)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_results_in_python_are_the_html_of_the_template(bib, taal):
    from django.utils import translation

    a = Artikel.objects.order_by("pk").first()
    Artikel.objects.filter(pk=a.pk).update(
        titel='Ouders & "kinderen" <b>', samenvatting="Wat <i>'t</i> is & doet", status=Artikel.Status.CONCEPT
    )
    Artikel.objects.filter(pk=Artikel.objects.order_by("-pk").first().pk).update(soort=Artikel.Soort.KAART)
    treffers = selectors.zoek(_actor(bib["redacteur"]))
    assert len(treffers) > 20 and any(t.status == "concept" for t in treffers)
    artikelen = Artikel.objects.in_bulk([t.pk for t in treffers])
    with translation.override(taal):
        verwacht = engines["django"].from_string(OUDE_LUS).render({"artikelen": [artikelen[t.pk] for t in treffers]})
        assert weergave.resultaten_html(treffers) == verwacht
    assert "&lt;b&gt;" in verwacht and "&quot;kinderen&quot;" in verwacht


def test_search_page_shows_the_hits_and_stays_cheap(bib, django_assert_max_num_queries):
    c = verified_client(bib["adviseur"])
    url = reverse("kennisbank:bibliotheek") + "?q=loverboy"
    c.get(url)
    with django_assert_max_num_queries(6):  # the hits from the cache: one version query
        html = c.get(url).content.decode()
    assert reverse("kennisbank:artikel", args=["loverboys"]) in html
    assert "Niets gevonden" not in html
    assert "Niets gevonden" in c.get(reverse("kennisbank:bibliotheek") + "?q=xyzzyonzin").content.decode()


def _zoek(client, q):
    return client.get(reverse("kennisbank:bibliotheek") + f"?q={q}").content.decode()


def test_cached_search_follows_every_change_to_the_articles(bib):
    adviseur = verified_client(bib["adviseur"])
    assert "Loverboys" in _zoek(adviseur, "loverboy")
    artikel = Artikel.objects.get(slug="loverboys")
    artikel.titel = "Loverboys en pooierboys"
    services.opslaan(artikel=artikel, actor=SYSTEEM, publiceren=True)
    assert "Loverboys en pooierboys" in _zoek(adviseur, "loverboy")
    # a change made elsewhere (another process, the admin) shows as well: the version is read from the database
    artikel = Artikel.objects.get(slug="loverboys")
    artikel.samenvatting = "Nieuwe samenvatting"
    artikel.save()
    assert "Nieuwe samenvatting" in _zoek(adviseur, "loverboy")
    Artikel.objects.filter(slug="loverboys").delete()
    assert reverse("kennisbank:artikel", args=["loverboys"]) not in _zoek(adviseur, "loverboy")


def test_drafts_a_redacteur_found_do_not_reach_anyone_else(bib):
    artikel = Artikel.objects.get(slug="loverboys")
    artikel.status = Artikel.Status.CONCEPT
    services.opslaan(artikel=artikel, actor=SYSTEEM, publiceren=False)
    assert reverse("kennisbank:artikel", args=["loverboys"]) in _zoek(verified_client(bib["redacteur"]), "loverboy")
    assert reverse("kennisbank:artikel", args=["loverboys"]) not in _zoek(verified_client(bib["adviseur"]), "loverboy")


OUDE_REDACTIE = """{% load i18n %}{% for a in artikelen %}<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href="{% url 'kennisbank:bewerken' a.slug %}">{{ a.titel }}</a></th><td class="utrecht-table__cell">{{ a.bouwsteen_label }}</td><td class="utrecht-table__cell">{{ a.status_label }}</td><td class="utrecht-table__cell"><a class="utrecht-link" href="{% url 'kennisbank:versies' a.slug %}">{{ a.versie }}<span class="kompas-visually-hidden"> – {% translate "versies van" %} {{ a.titel }}</span></a></td></tr>{% endfor %}"""  # noqa: E501


def test_redactie_rows_in_python_are_the_html_of_the_template(bib):
    a = Artikel.objects.order_by("pk").first()
    Artikel.objects.filter(pk=a.pk).update(titel='Ouders & "kinderen" <b>', status=Artikel.Status.CONCEPT, versie=1234)
    artikelen = list(Artikel.objects.order_by("status", "titel"))
    bouwstenen, statussen = dict(Artikel._meta.get_field("bouwsteen").flatchoices), dict(Artikel.Status.choices)
    for x in artikelen:  # what the view did before
        x.bouwsteen_label = str(bouwstenen.get(x.bouwsteen, x.bouwsteen or ""))
        x.status_label = str(statussen.get(x.status, x.status))
    verwacht = engines["django"].from_string(OUDE_REDACTIE).render({"artikelen": artikelen})
    rijen = Artikel.objects.order_by("status", "titel").values("slug", "titel", "bouwsteen", "status", "versie")
    assert weergave.redactie_regels_html(rijen) == verwacht
    assert "&quot;kinderen&quot;" in verwacht and (">1234<" in verwacht or ">1.234<" in verwacht)


def test_redactie_stays_cheap(bib, django_assert_max_num_queries):
    c = verified_client(bib["redacteur"])
    c.get(reverse("kennisbank:redactie"))
    with django_assert_max_num_queries(4):  # user, session, count, the page's rows
        html = c.get(reverse("kennisbank:redactie")).content.decode()
    assert reverse("kennisbank:versies", args=["loverboys"]) in html or "Pagina 1 van" in html
