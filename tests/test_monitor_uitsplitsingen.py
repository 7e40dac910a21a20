"""Breakdowns by any division chosen at report time (issue 13 item 8), protected by
kompas.core.publicatie, and no demo-only label in names shown to users."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.monitor.analyse import INDELINGEN, analyseren, uitsplitsingen_kiezen
from kompas.monitor.forms import RapportForm
from kompas.monitor.models import Rapport
from kompas.regio.models import Gemeente, Indeling, Regio, RegioLidmaatschap
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db

# 12 gemeenten: eenheid Noord has 7 (all answer), eenheid Zuid 5, of which 3 answer
EXTRA = [(f"GM01{i:02d}", f"Plaats {i}", "Drenthe", 10_000 + i, "ZVH Midden") for i in range(4)]


@pytest.fixture
def m():
    from tests.monitor_world import GEMEENTEN

    wereld(gemeenten=GEMEENTEN + EXTRA)
    noord = Regio.objects.create(indeling=Indeling.POLITIE_EENHEID, code="PE-N", naam="Eenheid Noord")
    zuid = Regio.objects.create(indeling=Indeling.POLITIE_EENHEID, code="PE-Z", naam="Eenheid Zuid")
    codes = sorted(Gemeente.objects.filter(jaar=2021).values_list("cbs_code", flat=True))
    for i, code in enumerate(codes):
        RegioLidmaatschap.objects.create(
            gemeente=Gemeente.objects.get(jaar=2021, cbs_code=code),
            regio=noord if i < 7 else zuid,
            indeling=Indeling.POLITIE_EENHEID,
        )
    m = meting()
    for code in codes[:10]:
        inzending(m, code, volledig_antwoord(B1_JEUGD="ja" if code in codes[:6] else "nee"))
    return m


@pytest.fixture
def analist():
    return verified_client(member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")))


def test_every_division_of_kompas_regio_can_be_chosen_up_to_two():
    for indeling in Indeling:
        assert (indeling.value if indeling != Indeling.ZVH else "regio") in INDELINGEN
    assert {"grootteklasse", "provincie"} <= set(INDELINGEN)
    assert list(uitsplitsingen_kiezen(None)) == ["grootteklasse", "regio"]
    assert list(uitsplitsingen_kiezen(["politie_eenheid", "vrouwenopvang"])) == ["politie_eenheid", "vrouwenopvang"]
    with pytest.raises(ValueError, match="hoogstens 2"):
        uitsplitsingen_kiezen(["provincie", "ggd", "regio"])
    with pytest.raises(ValueError, match="onbekende indeling"):
        uitsplitsingen_kiezen(["gemeentehuis"])
    form = RapportForm({"formaat": "csv", "uitsplitsing": ["provincie", "ggd", "regio"]})
    assert not form.is_valid() and "hoogstens twee" in str(form.errors["uitsplitsing"])


def test_breakdown_by_police_unit_is_protected_as_one_table(m):
    [gem, _zvh] = analyseren(m, vergelijken=False, uitsplitsingen=uitsplitsingen_kiezen(["politie_eenheid"]))
    jeugd = next(r for r in gem.alle_vragen if r.code == "B1_JEUGD")
    assert list(jeugd.uitsplitsing) == ["politie_eenheid"]
    rijen = {g.groep: g for g in jeugd.uitsplitsing["politie_eenheid"]}
    # Zuid has 3 answers: a group under 5 shows '<5', never its count, nor a cell of it; Noord's
    # N (7) would reveal it from the national N (10), so it is hidden too
    zuid = {o.code: shown for o, (shown, _p) in zip(jeugd.opties, rijen["Eenheid Zuid"].cellen, strict=True)}
    assert rijen["Eenheid Zuid"].n == "<5" and zuid["nee"] == "<5"
    assert not any(isinstance(s, int) and 0 < s < 5 for g in rijen.values() for s, _p in g.cellen)
    assert rijen["Eenheid Noord"].n == "x" and jeugd.n == 10
    # and Noord's 'nee' (1) is small; its 'ja' (6) would reveal it, so it is hidden as well
    cel = {o.code: shown for o, (shown, _p) in zip(jeugd.opties, rijen["Eenheid Noord"].cellen, strict=True)}
    assert cel["nee"] == "<5" and cel["ja"] != 6
    responstabel = {r.groep: (r.uitgenodigd, r.respons) for r in gem.responstabellen["politie_eenheid"]}
    assert responstabel == {"Eenheid Noord": (7, 7), "Eenheid Zuid": (5, 3)}


def test_report_made_with_the_breakdowns_chosen_on_the_page(m, analist, django_capture_on_commit_callbacks):
    url = reverse("monitor:rapport", args=[m.code])
    page = analist.get(url + "?uitsplitsing=politie_eenheid&uitsplitsing=provincie").content.decode()
    assert "Bijlage: uitsplitsingen naar Politie-eenheid (RIEC-regio) en Provincie" in page
    assert 'name="uitsplitsing" value="politie_eenheid"' in page
    page = analist.get(url).content.decode()
    assert "Bijlage: uitsplitsingen naar Grootteklasse (inwoners) en Zorg- en veiligheidshuisregio" in page
    # the default breaks down by ZVH region, which is no CBS division: the report says what "onbekend" is
    assert '"Onbekend" zijn de organisaties waarvan Kompas de regio in deze indeling' in page
    with django_capture_on_commit_callbacks(execute=True):
        analist.post(url, {"formaat": "csv", "uitsplitsing": ["politie_eenheid"]})
    r = Rapport.objects.get(meting=m)
    assert r.status == "klaar" and r.uitsplitsingen == ["politie_eenheid"]
    rijen = list(csv.reader(io.StringIO(bytes(r.inhoud).decode("utf-8-sig")), delimiter=";"))
    indelingen = {rij[4] for rij in rijen if rij[1] == "uitsplitsing"}
    assert indelingen == {"Politie-eenheid (RIEC-regio)"}
    # three at once is refused on the page and no report is made
    analist.post(url, {"formaat": "csv", "uitsplitsing": ["politie_eenheid", "provincie", "ggd"]})
    assert Rapport.objects.count() == 1


def test_command_line_breakdowns(m, tmp_path):
    call_command(
        "monitor",
        "rapport",
        m.code,
        "--formaat",
        "csv",
        "--uit",
        str(tmp_path / "r.csv"),
        "--uitsplitsing",
        "provincie",
    )
    assert "uitsplitsing;gemeente-2021;B1_JEUGD;Provincie;Drenthe" in (tmp_path / "r.csv").read_text(
        encoding="utf-8-sig"
    )
    with pytest.raises(CommandError, match="onbekende indeling"):
        call_command(
            "monitor", "rapport", m.code, "--formaat", "csv", "--uit", str(tmp_path / "r.csv"), "--uitsplitsing", "wijk"
        )


def test_demo_regions_carry_no_demo_label(db):
    from kompas.regio.demo import demo_step
    from kompas.regio.services import DATA_DIR

    rijen = [
        r
        for r in (DATA_DIR / "demo_zvh_vrouwenopvang.csv").read_text(encoding="utf-8").splitlines()
        if not r.startswith("#")
    ]
    assert not any("voorbeeld" in r.lower() for r in rijen)
    # a demo loaded by an earlier version is put right by the demo step
    Gemeente.objects.create(jaar=2026, cbs_code="GM0361", naam="Alkmaar", provincie="Noord-Holland")
    Regio.objects.create(
        indeling=Indeling.ZVH, code="ZVH-NHN", naam="Zorg- en Veiligheidshuis Noord-Holland Noord (voorbeeld)"
    )
    Regio.objects.create(indeling=Indeling.POLITIE_EENHEID, code="PE-NH", naam="Noord-Holland")
    demo_step({})
    assert not Regio.objects.filter(naam__icontains="voorbeeld").exists()


def test_a_reports_breakdowns_are_part_of_its_identity(m, analist, django_capture_on_commit_callbacks):
    """Two reports of one wave with other breakdowns: two files under two names, neither
    overwritten or served for the other, each listed with its breakdowns, and a failed one made
    again with its own."""
    url = reverse("monitor:rapport", args=[m.code])
    with django_capture_on_commit_callbacks(execute=True):
        analist.post(url, {"formaat": "csv", "uitsplitsing": ["politie_eenheid"]})
    politie = Rapport.objects.get(meting=m)
    eerst = bytes(politie.inhoud)
    with django_capture_on_commit_callbacks(execute=True):
        analist.post(url, {"formaat": "csv"})  # no choice: the default, written out
    standaard = Rapport.objects.exclude(pk=politie.pk).get(meting=m)
    assert standaard.uitsplitsingen == ["grootteklasse", "regio"]
    assert (politie.bestandsnaam, standaard.bestandsnaam) == (
        f"monitor-{m.code}-politie_eenheid.csv",
        f"monitor-{m.code}-grootteklasse-regio.csv",
    )
    politie.refresh_from_db()
    assert bytes(politie.inhoud) == eerst  # the second did not overwrite the first

    def indelingen(r):
        r = analist.get(reverse("monitor:rapport_download", args=[m.code, r.pk]))
        rijen = csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";")
        return r["Content-Disposition"], {rij[4] for rij in rijen if rij[1] == "uitsplitsing"}

    assert indelingen(politie) == (
        f'attachment; filename="monitor-{m.code}-politie_eenheid.csv"',
        {"Politie-eenheid (RIEC-regio)"},
    )
    schijf, groepen = indelingen(standaard)
    assert "grootteklasse-regio" in schijf and groepen == {"Grootteklasse (inwoners)", "Zorg- en veiligheidshuisregio"}
    page = " ".join(analist.get(url).content.decode().split())
    assert "Open data (CSV), uitgesplitst naar Politie-eenheid (RIEC-regio)</a>" in page
    assert "Open data (CSV), uitgesplitst naar Grootteklasse (inwoners) en Zorg- en veiligheidshuisregio</a>" in page
    # a failed report is made again with its own breakdowns, not the page's default
    mislukt = Rapport.objects.create(
        meting=m, formaat="csv", uitsplitsingen=["provincie"], status=Rapport.Status.MISLUKT, fout="x"
    )
    status = analist.get(reverse("monitor:rapport_status", args=[m.code, mislukt.pk])).content.decode()
    assert (
        "Uitgesplitst naar Provincie." in status
        and '<input type="hidden" name="uitsplitsing" value="provincie">' in status
    )
    with django_capture_on_commit_callbacks(execute=True):
        analist.post(url, {"formaat": "csv", "uitsplitsing": ["provincie"]})
    assert Rapport.objects.filter(meting=m, uitsplitsingen=["provincie"], status="klaar").count() == 1


def test_reports_stored_without_breakdowns_get_the_default_written_out(m):
    import importlib

    from django.apps import apps

    oud = Rapport.objects.create(meting=m, formaat="pdf", uitsplitsingen=[])
    gekozen = Rapport.objects.create(meting=m, formaat="pdf", uitsplitsingen=["ggd"])
    importlib.import_module("kompas.monitor.migrations.0008_rapport_uitsplitsingen_uitgeschreven").uitschrijven(
        apps, None
    )
    oud.refresh_from_db()
    gekozen.refresh_from_db()
    assert (oud.uitsplitsingen, gekozen.uitsplitsingen) == (["grootteklasse", "regio"], ["ggd"])
    assert oud.bestandsnaam == f"monitor-{m.code}-grootteklasse-regio.pdf"
