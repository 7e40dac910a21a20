"""Issue 14 item 10 for the meldroute's working pages: the fragments written in Python
(kompas.meldroute.weergave: inbox rows, step indicator, signaalkaart, figures' table rows) give
exactly the template's HTML, and the inbox and the case file keep their number of queries."""

from datetime import timedelta
from pathlib import Path

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
from kompas.meldroute.constants import SIGNAALKAART, Status, Vorm
from kompas.meldroute.models import Signaal
from kompas.meldroute.weergave import inbox_rijen, signaalkaart_html, stappen_html, tabel_rijen
from kompas.meldroute.workflow import Stap
from tests.factories import OrganisatieFactory
from tests.test_meldroute import PNG, melden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bouwen(zonder_paginacache):
    """These tests measure building the page; serving it from memory is tests/test_paginacache.py."""


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

# The other fragments as the templates wrote them (signaal.html, melden.html, cijfers.html).
FRAGMENTEN = Path(__file__).parent / "data" / "meldroute_fragmenten"
STAPPEN_TEMPLATE = "{% load i18n %}" + (FRAGMENTEN / "stappen.html").read_text()
SIGNAALKAART_TEMPLATE = (FRAGMENTEN / "signaalkaart.html").read_text()
TABEL_TEMPLATE = "{% load i18n %}" + (FRAGMENTEN / "tabelrijen.html").read_text()


def _render(bron, **context):
    return engines["django"].from_string(bron).render(context)


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
    with django_assert_max_num_queries(6):  # session, user, termijnen, count, rows, audit
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
    # user, signal (with its four EXISTS flags), audit, history, and zorg's through the registry:
    # two referral reads, the reference-data version, the werkgebied three times (contact card,
    # the referral form's own organisations and its choices), the referral and partner selects
    with django_assert_max_num_queries(13):  # 12, and the session
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


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("gesloten", [False, True])
def test_step_indicator_equals_the_template(taal, gesloten):
    nu = timezone.now().replace(hour=23, minute=50)
    stappen = [
        Stap(1, "Gemeld", "gedaan", nu - timedelta(days=9), "Jan <de> Melder", "Gemeld"),
        Stap(2, "Ontvangen", "gedaan", nu - timedelta(days=9), "", "In de inbox"),
        Stap(3, "Verrijkt & gewogen", "overgeslagen"),
        Stap(4, "Lokaal", "huidig", nu, "Af & co", "Besproken"),
        Stap(5, "RIEC", "open", nu - timedelta(days=2), "", "eerder: RIEC"),
        Stap(6, "Informatieplein", "open"),
        Stap(7, "Terugkoppeling", "gedaan" if gesloten else "open", nu if gesloten else None, "A", "Afgesloten"),
    ]
    with translation.override(taal):
        verwacht = _render(STAPPEN_TEMPLATE, stappen=stappen, gesloten=gesloten)
        assert str(stappen_html(stappen, gesloten)) == verwacht
    assert "Jan &lt;de&gt; Melder" in verwacht and verwacht.count('aria-current="step"') == 1 + gesloten


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_signaalkaart_equals_the_template(taal):
    gekozen = {items[0][0] for items in SIGNAALKAART.values()}
    kaart = [
        (Vorm(vorm).label, [(code, label, code in gekozen) for code, label in items])
        for vorm, items in SIGNAALKAART.items()
    ]
    kaart.append(("Vorm <x> & y", [('a"b', "label <i>", True)]))
    with translation.override(taal):
        verwacht = _render(SIGNAALKAART_TEMPLATE, signaalkaart=kaart)
        assert str(signaalkaart_html(kaart)) == verwacht
    assert verwacht.count(" checked>") == len(gekozen) + 1


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_figure_table_rows_equal_the_template(taal):
    for rijen in [[], [("januari 2026", 12345), ("Sector <x> & y", "<5"), ("z", "x"), ("nul", 0)]]:
        with translation.override(taal):
            assert str(tabel_rijen(rijen)) == _render(TABEL_TEMPLATE, t={"rijen": rijen})


def test_pages_with_the_fragments_render_them(melder, af, login):
    signaal = melden(melder)
    html = login(af).get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    assert html.count('<li class="kompas-stap kompas-stap--') == 7 and 'aria-current="step"' in html
    html = login(af).get(reverse("meldroute:cijfers")).content.decode()
    assert html.count('<td class="utrecht-table__cell utrecht-table__cell--numeric">') > 10
    html = login(melder).get(reverse("meldroute:melden")).content.decode()
    assert html.count('name="indicatoren"') == sum(len(items) for items in SIGNAALKAART.values())
