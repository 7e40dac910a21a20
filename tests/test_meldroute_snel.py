"""Issue 14 item 10 for the meldroute's working pages: the inbox rows written in Python give
exactly the template's HTML, and the inbox and the case file keep their number of queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.meldroute import selectors, services
from kompas.meldroute.constants import Status
from kompas.meldroute.models import Signaal
from kompas.meldroute.weergave import inbox_rijen
from tests.factories import OrganisatieFactory
from tests.test_meldroute import PNG, melden

pytestmark = pytest.mark.django_db

# The rows of meldroute/inbox.html as the template wrote them before kompas.meldroute.weergave.
INBOX_RIJ_TEMPLATE = (
    "{% load i18n %}"
    '{% for s in page %}<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" '
    "href=\"{% url 'meldroute:signaal' s.pk %}\">{{ s.referentie }}</a></td>"
    '<td class="utrecht-table__cell">{{ s.aangemaakt_op|date:"SHORT_DATE_FORMAT" }}</td>'
    '<td class="utrecht-table__cell">{{ s.get_vormen_display }}</td>'
    '<td class="utrecht-table__cell">{{ s.get_sector_display }}</td>'
    '<td class="utrecht-table__cell">{{ s.get_status_display }}</td>'
    '<td class="utrecht-table__cell">{% if s.acuut %}<strong class="kompas-flag">{% translate "Acuut" %}</strong> '
    '{% endif %}{% if s.is_te_laat %}<strong class="kompas-flag">{% translate "Wacht te lang" %}</strong>'
    "{% endif %}</td></tr>{% endfor %}"
)


@pytest.fixture
def gemeente():
    return OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")


@pytest.fixture
def melder(make_member, gemeente):
    return make_member(Rol.MEDEWERKER, gemeente)


@pytest.fixture
def af(make_member, gemeente):
    return make_member(Rol.AANDACHTSFUNCTIONARIS, gemeente)


def _divers(melder):
    """Signals that differ in every column of the inbox: forms, sector, status, acute,
    overdue, a reference that needs escaping, a report just before midnight."""
    signalen = [
        melden(melder, vormen=["arbeid", "seksueel"], acuut=True),
        melden(melder, vormen=["onbekend"], sector="horeca"),
        melden(melder, vormen=["crimineel", "orgaan", "arbeid"], sector="bouw"),
        melden(melder),
    ]
    lang_geleden = timezone.now() - timedelta(days=400)
    Signaal.objects.filter(pk=signalen[0].pk).update(status_sinds=lang_geleden)
    Signaal.objects.filter(pk=signalen[1].pk).update(status=Status.RIEC, status_sinds=lang_geleden)
    Signaal.objects.filter(pk=signalen[2].pk).update(referentie="MH<&\"'>", status=Status.VERRIJKT)
    Signaal.objects.filter(pk=signalen[3].pk).update(aangemaakt_op=timezone.now().replace(hour=23, minute=30))
    return signalen


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_inbox_rows_equal_the_template(melder, af, taal):
    _divers(melder)
    signalen = list(selectors.inbox(actor_for(af, None), selectors.InboxFilter()))
    assert len(signalen) == 4 and any(s.is_te_laat for s in signalen) and any(s.acuut for s in signalen)
    with translation.override(taal):
        verwacht = engines["django"].from_string(INBOX_RIJ_TEMPLATE).render({"page": signalen})
        assert str(inbox_rijen(signalen)) == verwacht
    assert "MH&lt;&amp;&quot;&#x27;&gt;" in verwacht


def test_inbox_page_shows_the_rows_and_its_queries_do_not_grow_with_them(
    melder, af, login, django_assert_max_num_queries
):
    for _ in range(30):
        melden(melder)
    c = login(af)
    c.get(reverse("meldroute:inbox"))  # warm the per-process caches (label maps, sessions)
    with django_assert_max_num_queries(9):
        html = c.get(reverse("meldroute:inbox")).content.decode()
    assert html.count('<tr class="utrecht-table__row"><td') == 30


def _gelezen_lijsten(queries) -> set[str]:
    """The case file's lists that were read (a query on their own table, not an EXISTS)."""
    tabellen = {
        "verrijkingen": '"meldroute_verrijking"',
        "bijlagen": '"meldroute_bijlage"',
        "gerelateerd": '"meldroute_signaal_gerelateerd"',
        "partnerverzoeken": '"meldroute_partnerverzoek"',
    }
    return {
        naam
        for naam, tabel in tabellen.items()
        for q in queries
        if q["sql"].startswith("SELECT") and tabel in q["sql"].split(" WHERE ")[0].split("EXISTS")[0]
    }


def test_case_file_reads_no_empty_list(melder, af, login, django_assert_max_num_queries):
    signaal = melden(melder)
    c = login(af)
    url = reverse("meldroute:signaal", args=[signaal.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as q:
        assert c.get(url).status_code == 200
    assert _gelezen_lijsten(q.captured_queries) == set()
    with django_assert_max_num_queries(len(q.captured_queries)):
        c.get(url)


def test_case_file_reads_and_shows_the_lists_it_has(melder, af, login):
    af_actor = actor_for(af, None)
    signaal, ander = melden(melder), melden(melder)
    services.verrijking_toevoegen(
        actor=af_actor, signaal=signaal, bron="brp", grondslag="Wet BRP", tekst="Twaalf inschrijvingen."
    )
    services.bijlage_toevoegen(
        actor=af_actor, signaal=signaal, upload=SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    )
    services.signalen_koppelen(actor=af_actor, signaal=ander, ander=signaal)  # linked from the other side
    politie = OrganisatieFactory(naam="Politie Noord-Holland", type=OrganisatieType.POLITIE, cbs_code="")
    services.partnerverzoek_aanmaken(
        actor=af_actor,
        signaal=signaal,
        partner=politie,
        stap=4,
        gedeeld="g",
        vraag="v",
        deadline=timezone.localdate() + timedelta(days=3),
    )
    c = login(af)
    with CaptureQueriesContext(connection) as q:
        html = c.get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    assert _gelezen_lijsten(q.captured_queries) == {"verrijkingen", "bijlagen", "gerelateerd", "partnerverzoeken"}
    assert "Twaalf inschrijvingen." in html and "foto.png" in html
    assert ander.referentie in html and "Politie Noord-Holland" in html
    assert "Nog geen verrijking." not in html and "Geen bijlagen." not in html and "Nog geen verzoeken." not in html
