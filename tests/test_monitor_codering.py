"""Coding that scales (issue 13 item 6): per questionnaire and question, only the answers that
survive cleaning, identical texts coded together, CSV out and in with Dutch line-numbered
errors, and the codebook carried over to the next wave."""

import re

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.core.tabular import lees_csv
from kompas.monitor import codering
from kompas.monitor.analyse import analyseren
from kompas.monitor.models import Codecategorie, Codering, Meting, Vragenlijst
from kompas.monitor.opschoning import regels_toepassen
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    wereld()
    m = meting()
    m.a = inzending(m, "GM0001", volledig_antwoord(HELPEND="Goede samenwerking.", ONDERSTEUNING="Goede samenwerking"))
    m.b = inzending(m, "GM0002", volledig_antwoord(HELPEND="  goede   Samenwerking "))
    m.c = inzending(m, "GM0003", volledig_antwoord(HELPEND="Budget"))
    m.d = inzending(m, "GM0004", volledig_antwoord(HELPEND="Budget!"))
    # an incomplete duplicate beside a complete one: the rule drops it, so its text is not coded
    m.weg = inzending(m, "GM0004", {"HELPEND": "Alleen in de weggevallen inzending"}, volledig=False)
    # a ZVH with the same text: another questionnaire, coded on its own
    m.zvh = inzending(m, "ZVH01", {"ONDERSTEUNING": "Goede samenwerking"}, lijst="zvh-2021")
    regels_toepassen(meting=m, actor=SYSTEEM)
    m.samen = Codecategorie.objects.create(
        meting=m, vraag_code="HELPEND", code="samenwerking", label="Samenwerking", volgorde=1
    )
    m.geld = Codecategorie.objects.create(meting=m, vraag_code="HELPEND", code="geld", label="Financiering", volgorde=2)
    m.steun = Codecategorie.objects.create(
        meting=m, vraag_code="ONDERSTEUNING", code="samenwerking", label="Samenwerking", volgorde=1
    )
    return m


@pytest.fixture
def analist():
    return verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))


def _gemeente():
    return Vragenlijst.objects.get(code="gemeente-2021")


def test_groups_are_per_questionnaire_of_cleaned_answers_by_normalised_text(m):
    groepen = codering.tekstgroepen(m, _gemeente(), "HELPEND")
    assert {g.norm: sorted(g.inzendingen) for g in groepen} == {
        "goede samenwerking": sorted([m.a.pk, m.b.pk]),
        "budget": sorted([m.c.pk, m.d.pk]),
    }
    zvh = codering.tekstgroepen(m, Vragenlijst.objects.get(code="zvh-2021"), "ONDERSTEUNING")
    assert [g.inzendingen for g in zvh] == [[m.zvh.pk]]
    assert [g.inzendingen for g in codering.tekstgroepen(m, _gemeente(), "ONDERSTEUNING")] == [[m.a.pk]]


def test_one_coding_applies_to_every_identical_text_and_counts_in_the_report(m, analist):
    url = reverse("monitor:coderen", args=[m.code])
    page = analist.get(url + "?vragenlijst=gemeente-2021&vraag=HELPEND").content.decode()
    assert "4 antwoorden na het opschonen in 2 verschillende teksten" in page
    assert "weggevallen" not in page and "Tekst 1 (2 antwoorden)" in page
    r = analist.post(
        url,
        {
            "actie": "coderen",
            "vragenlijst": "gemeente-2021",
            "vraag": "HELPEND",
            "tekst-1": "goede samenwerking",
            "code-1": [str(m.samen.pk)],
            "tekst-2": "budget",
            "code-2": [str(m.geld.pk), str(m.samen.pk)],
        },
    )
    assert r.status_code == 302 and "vraag=HELPEND" in r["Location"]
    assert set(Codering.objects.get(inzending=m.b, vraag_code="HELPEND").categorieen.all()) == {m.samen}
    assert set(Codering.objects.get(inzending=m.d, vraag_code="HELPEND").categorieen.all()) == {m.samen, m.geld}
    assert not Codering.objects.filter(inzending__in=[m.zvh, m.weg]).exists()
    [gem, _zvh] = analyseren(m, vergelijken=False)
    helpend = next(o for o in gem.open if o.vraag.code == "HELPEND")
    assert helpend.n_gecodeerd == 4 and {c.code: n for c, n, _p in helpend.categorieen} == {
        "samenwerking": 4,
        "geld": 2,
    }
    # unticking every box uncodes the whole group
    analist.post(url, {"actie": "coderen", "vragenlijst": "gemeente-2021", "vraag": "HELPEND", "tekst-1": "budget"})
    assert not Codering.objects.filter(inzending__in=[m.c, m.d], vraag_code="HELPEND").exists()


def test_export_and_import_as_csv(m, analist):
    codering.tekst_coderen(
        meting=m, lijst=_gemeente(), vraag_code="HELPEND", norm="budget", categorieen=[m.geld.pk], actor=SYSTEEM
    )
    r = analist.get(reverse("monitor:coderingen_export", args=[m.code]))
    assert (
        r.status_code == 200
        and AuditEntry.objects.filter(actie="export", object_repr="coderingen m2021 (CSV)").exists()
    )
    rijen = {
        (w.waarden["vragenlijst"], w.waarden["tekst"]): w.waarden for w in lees_csv(r.content.decode("utf-8-sig")).rijen
    }
    assert (
        rijen[("gemeente-2021", "Budget")]["categorieen"] == "geld"
        and rijen[("gemeente-2021", "Budget")]["aantal"] == "2"
    )
    assert rijen[("gemeente-2021", "Goede samenwerking.")]["categorieen"] == ""
    assert ("zvh-2021", "Goede samenwerking") in rijen and not any("weggevallen" in t for _l, t in rijen)
    # fill in and read back: a text matches every identical answer
    csv = (
        "vragenlijst;vraag;tekst;categorieen\n"
        "gemeente-2021;HELPEND;GOEDE SAMENWERKING;samenwerking | geld\n"
        "zvh-2021;ONDERSTEUNING;Goede samenwerking;samenwerking\n"
    )
    v = codering.importeren(meting=m, inhoud=csv.encode(), actor=SYSTEEM)
    assert v.fouten == [] and (v.teksten, v.antwoorden) == (2, 3)
    assert set(Codering.objects.get(inzending=m.a, vraag_code="HELPEND").categorieen.all()) == {m.samen, m.geld}
    assert set(Codering.objects.get(inzending=m.zvh, vraag_code="ONDERSTEUNING").categorieen.all()) == {m.steun}
    assert not Codering.objects.filter(
        inzending=m.a, vraag_code="ONDERSTEUNING"
    ).exists()  # the gemeente's is another group
    # a text that looks like a formula goes out as text and reads back as the same text
    formule = inzending(m, "GM0005", volledig_antwoord(HELPEND="=1+1 werkt"))
    uit = codering.exporteren(meting=m, actor=SYSTEEM)
    assert "'=1+1 werkt" in uit
    v = codering.importeren(
        meting=m, inhoud=uit.replace("'=1+1 werkt;1;;", "'=1+1 werkt;1;geld;").encode(), actor=SYSTEEM
    )
    assert v.fouten == [] and set(Codering.objects.get(inzending=formule, vraag_code="HELPEND").categorieen.all()) == {
        m.geld
    }
    assert not Codering.objects.filter(
        vraag_code="ONDERSTEUNING", inzending=m.a
    ).exists()  # empty categorieen: no coding rows


def test_an_import_with_errors_names_the_lines_and_changes_nothing(m, analist):
    csv = (
        "vragenlijst;vraag;tekst;categorieen\n"
        "gemeente-2021;HELPEND;Budget;geld\n"
        "gemeente-2021;HELPEND;Budget.;samenwerking\n"
        "onbekend;HELPEND;x;geld\n"
        "gemeente-2021;B1_BELEID;x;geld\n"
        "gemeente-2021;HELPEND;Alleen in de weggevallen inzending;geld\n"
        "gemeente-2021;HELPEND;Goede samenwerking;corruptie\n"
        'gemeente-2021;HELPEND;=HYPERLINK("x");geld\n'
    )
    v = codering.importeren(meting=m, inhoud=csv.encode(), actor=SYSTEEM)
    fouten = dict(v.fouten)
    assert sorted(fouten) == [3, 4, 5, 6, 7, 8]
    assert fouten[3] == "dezelfde tekst staat al op regel 2"
    assert "vragenlijst 'onbekend' hoort niet bij deze meting" in fouten[4]
    assert "'B1_BELEID' is geen open vraag van gemeente-2021" in fouten[5]
    assert "komt niet voor in de opgeschoonde antwoorden" in fouten[6]
    assert fouten[7] == "categorie corruptie staat niet in het codeboek van HELPEND (kies uit: geld, samenwerking)"
    assert not Codering.objects.exists()
    # through the page: the report says nothing was read, with the lines
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = analist.post(
        reverse("monitor:coderen", args=[m.code]),
        {"actie": "importeren", "bestand": SimpleUploadedFile("c.csv", csv.encode())},
    ).content.decode()
    assert "Niets ingelezen: 6 fouten" in page and "regel 3: dezelfde tekst staat al op regel 2" in page
    # a header without the needed columns
    with pytest.raises(codering.CodeerFout, match="De kopregel mist tekst, categorieen"):
        codering.importeren(meting=m, inhoud=b"vragenlijst;vraag\ngemeente-2021;HELPEND\n", actor=SYSTEEM)


def test_the_codebook_carries_over_to_the_next_wave(m, analist):
    from kompas.monitor import services

    nieuw = services.meting_aanmaken(
        data={
            "code": "m2023",
            "naam": "Monitor 2023",
            "jaar": 2021,
            "vorige": m,
            "vragenlijsten": list(m.vragenlijsten.all()),
        },
        actor=SYSTEEM,
    )
    assert set(Codecategorie.objects.filter(meting=nieuw).values_list("vraag_code", "code", "label")) == {
        ("HELPEND", "samenwerking", "Samenwerking"),
        ("HELPEND", "geld", "Financiering"),
        ("ONDERSTEUNING", "samenwerking", "Samenwerking"),
    }
    # a wave made before: the screen offers the previous codebook, once
    oud = Meting.objects.create(code="m2025", naam="Monitor 2025", jaar=2021, vorige=m)
    oud.vragenlijsten.set(m.vragenlijsten.all())
    url = reverse("monitor:coderen", args=[oud.code])
    assert "3 categorieën overnemen uit Monitor m2021" in analist.get(url).content.decode()
    analist.post(url, {"actie": "overnemen"})
    assert Codecategorie.objects.filter(meting=oud).count() == 3
    assert "overnemen uit" not in analist.get(url).content.decode()
    assert codering.codeboek_overnemen(meting=oud, actor=SYSTEEM) == 0


def test_a_submission_for_several_gemeenten_is_coded_once_and_counted_for_each(m):
    samen = inzending(m, ["GM0005", "GM0006", "GM0007"], volledig_antwoord(HELPEND="budget"))
    regels_toepassen(meting=m, actor=SYSTEEM)
    budget = next(g for g in codering.tekstgroepen(m, _gemeente(), "HELPEND") if g.norm == "budget")
    assert budget.inzendingen.count(samen.pk) == 1 and budget.aantal == 5
    assert (
        codering.tekst_coderen(
            meting=m, lijst=_gemeente(), vraag_code="HELPEND", norm="budget", categorieen=[m.geld.pk], actor=SYSTEEM
        )
        == 5
    )
    [gem, _zvh] = analyseren(m, vergelijken=False)
    helpend = next(o for o in gem.open if o.vraag.code == "HELPEND")
    assert {c.code: n for c, n, _p in helpend.categorieen}["geld"] == 5


def _getoond(page: str) -> list[str]:
    """The texts shown as groups to code, in order."""
    return re.findall(
        r"<legend[^>]*>Tekst \d+ \(\d+ antwoorden?\)</legend>\s*<p class=\"utrecht-paragraph\"><q>([^<]*)</q>", page
    )


def test_the_coding_screen_filters_uncoded_texts_and_searches_and_keeps_both_in_the_url(m, analist):
    codering.tekst_coderen(
        meting=m, lijst=_gemeente(), vraag_code="HELPEND", norm="budget", categorieen=[m.geld.pk], actor=SYSTEEM
    )
    url = reverse("monitor:coderen", args=[m.code]) + "?vragenlijst=gemeente-2021&vraag=HELPEND"
    assert _getoond(analist.get(url).content.decode()) == ["Budget", "Goede samenwerking."]
    page = analist.get(url + "&ongecodeerd=1").content.decode()
    assert _getoond(page) == ["Goede samenwerking."]  # 'Budget' is coded
    assert "1 van de 2 teksten voldoet aan het filter." in page
    assert (
        "4 antwoorden na het opschonen in 2 verschillende teksten, waarvan 2 gecodeerd" in page
    )  # the counts stay the question's
    # the search ignores case and spacing as the grouping does, and combines with the filter
    assert _getoond(analist.get(url + "&zoek=" + "  SAMEN  ").content.decode()) == ["Goede samenwerking."]
    assert _getoond(analist.get(url + "&zoek=budget&ongecodeerd=1").content.decode()) == []
    assert (
        "Geen teksten die aan het filter voldoen." in analist.get(url + "&zoek=budget&ongecodeerd=1").content.decode()
    )
    # switching question keeps the filters; saving returns to the same filtered view
    assert (
        'href="?vragenlijst=gemeente-2021&amp;vraag=ONDERSTEUNING&amp;zoek=samen&amp;ongecodeerd=1"'
        in analist.get(url + "&zoek=samen&ongecodeerd=1").content.decode()
    )
    r = analist.post(
        reverse("monitor:coderen", args=[m.code]),
        {
            "actie": "coderen",
            "vragenlijst": "gemeente-2021",
            "vraag": "HELPEND",
            "zoek": "samen",
            "ongecodeerd": "1",
            "tekst-1": "goede samenwerking",
            "code-1": [str(m.samen.pk)],
        },
    )
    assert r.status_code == 302 and "zoek=samen" in r["Location"] and "ongecodeerd=1" in r["Location"]
    assert set(Codering.objects.get(inzending=m.b, vraag_code="HELPEND").categorieen.all()) == {m.samen}
    assert set(Codering.objects.get(inzending=m.c, vraag_code="HELPEND").categorieen.all()) == {
        m.geld
    }  # not shown, not touched
    assert _getoond(analist.get(r["Location"]).content.decode()) == []


def test_the_coding_screen_pages_long_lists_and_saving_a_page_leaves_the_others(m, analist, monkeypatch):
    from kompas.monitor import selectors

    monkeypatch.setattr(selectors, "CODEER_PER_PAGINA", 1)
    url = reverse("monitor:coderen", args=[m.code]) + "?vragenlijst=gemeente-2021&vraag=HELPEND"
    eerste = analist.get(url).content.decode()
    assert _getoond(eerste) == ["Budget"] and "Pagina 1 van 2 (tekst 1–1)" in eerste and "pagina=2" in eerste
    tweede = analist.get(url + "&pagina=2").content.decode()
    assert _getoond(tweede) == ["Goede samenwerking."] and "Tekst 2 (2 antwoorden)" in tweede  # numbered on from page 1
    assert '<input type="hidden" name="pagina" value="2">' in tweede
    assert _getoond(analist.get(url + "&pagina=9").content.decode()) == [
        "Goede samenwerking."
    ]  # out of range: the last page
    codering.tekst_coderen(
        meting=m, lijst=_gemeente(), vraag_code="HELPEND", norm="budget", categorieen=[m.geld.pk], actor=SYSTEEM
    )
    r = analist.post(
        reverse("monitor:coderen", args=[m.code]),
        {
            "actie": "coderen",
            "vragenlijst": "gemeente-2021",
            "vraag": "HELPEND",
            "pagina": "2",
            "tekst-2": "goede samenwerking",
            "code-2": [str(m.samen.pk)],
        },
    )
    assert "pagina=2" in r["Location"]
    assert set(Codering.objects.get(inzending=m.d, vraag_code="HELPEND").categorieen.all()) == {
        m.geld
    }  # page 1 untouched
    assert set(Codering.objects.get(inzending=m.a, vraag_code="HELPEND").categorieen.all()) == {m.samen}


def test_a_refusal_on_the_coding_screen_returns_to_its_filters_through_the_shared_middleware(m, analist, monkeypatch):
    """The view no longer catches its own refusal: WeigeringMiddleware sends it back to the
    ``next`` the screen's forms post, which holds the questionnaire, question, filters and page."""
    import html as html_module

    from kompas.monitor import selectors

    monkeypatch.setattr(selectors, "CODEER_PER_PAGINA", 1)
    basis = reverse("monitor:coderen", args=[m.code])
    page = analist.get(basis + "?vragenlijst=gemeente-2021&vraag=HELPEND&zoek=e&pagina=2").content.decode()
    volgende = html_module.unescape(re.search(r'<input type="hidden" name="next" value="([^"]+)">', page).group(1))
    assert volgende == basis + "?vragenlijst=gemeente-2021&vraag=HELPEND&zoek=e&pagina=2"
    # a category without a description is refused; the screen's state is only in ``next``
    r = analist.post(basis, {"actie": "categorie", "label": "", "next": volgende})
    assert r.status_code == 302 and r["Location"] == volgende
    assert "Geef de categorie een omschrijving." in analist.get(r["Location"]).content.decode()
    assert not Codecategorie.objects.filter(meting=m, label="").exists()
    # a ``next`` to another site is ignored: back to the URL that was posted to
    r = analist.post(basis, {"actie": "categorie", "label": "", "next": "https://elders.example/"})
    assert r.status_code == 302 and r["Location"] == basis
