"""An analyst runs the 2021 wave from a raw export to the report, in the browser's HTTP
terms (views) and on the command line; the report's figures are exactly those of the
cleaned data, counted here independently from the cleaned export."""

import csv
import io
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.monitor.models import Meting, Opschoonstap, Rapport, Vraag, Vragenlijst
from kompas.monitor.synthetisch import export_maken
from kompas.regio.models import Gemeente
from kompas.regio.services import referentiedata_laden
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.pdfcheck import assert_toegankelijke_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def analist():
    referentiedata_laden(actor=SYSTEEM)
    vng = OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")
    return verified_client(member(Rol.ANALIST, vng))


def _ruwe_export() -> bytes:
    codes = list(Gemeente.objects.filter(jaar=2021).values_list("cbs_code", flat=True))
    return export_maken(Vragenlijst.objects.get(code="gemeente-2021"), codes, respons=0.6, seed=7)


def _onafhankelijk_geteld(export_csv: str) -> tuple[int, dict]:
    """Count the cleaned export without any Kompas code: per enkel question Counter of codes,
    per meer question Counter of ticked options and the N of those who ticked any."""
    rijen = list(csv.DictReader(io.StringIO(export_csv), delimiter=";"))
    tellingen = defaultdict(Counter)
    for rij in rijen:
        meer = defaultdict(list)
        for kolom, waarde in rij.items():
            if kolom.startswith("B") and waarde and not kolom.endswith("_anders"):
                basis, _, optie = kolom.rpartition("_")
                if waarde == "1" and basis in ("B1_VORMEN",):
                    meer[basis].append(optie)
                elif waarde != "1":
                    tellingen[kolom][waarde] += 1
        for basis, opties in meer.items():
            tellingen[basis]["__n__"] += 1
            for o in opties:
                tellingen[basis][o] += 1
    return len(rijen), tellingen


def test_analyst_from_raw_export_to_report(analist, django_capture_on_commit_callbacks):
    # 1. a new wave through the form
    lijsten = Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"])
    r = analist.post(
        reverse("monitor:meting_nieuw"),
        {
            "code": "2021",
            "naam": "Monitor 2021",
            "jaar": 2021,
            "vragenlijsten": [v.pk for v in lijsten],
            "herinnering_na_dagen": 7,
            "max_herinneringen": 2,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    meting = Meting.objects.get(code="2021")
    # bad input gets a Dutch error and nothing is created
    r = analist.post(
        reverse("monitor:meting_nieuw"),
        {
            "code": "2099",
            "naam": "x",
            "jaar": 2099,
            "vragenlijsten": [lijsten[0].pk],
            "herinnering_na_dagen": 7,
            "max_herinneringen": 2,
        },
    )
    assert (
        "geen gemeenten in de referentiegegevens" in r.content.decode()
        and not Meting.objects.filter(code="2099").exists()
    )

    # 2. import the raw export (twice: the second adds nothing)
    from django.core.files.uploadedfile import SimpleUploadedFile

    inhoud = _ruwe_export()
    with django_capture_on_commit_callbacks(execute=True):  # the upload is read by the task worker
        r = analist.post(
            reverse("monitor:importeren", args=["2021"]), {"bestand": SimpleUploadedFile("ruw.csv", inhoud)}
        )
    r = analist.get(r["Location"])
    assert r.status_code == 200 and "0 niet ingelezen" in r.content.decode()
    ruw = meting.inzendingen.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = analist.post(
            reverse("monitor:importeren", args=["2021"]), {"bestand": SimpleUploadedFile("ruw.csv", inhoud)}
        )
    r = analist.get(r["Location"])
    assert f"{ruw} al eerder ingelezen" in r.content.decode() and meting.inzendingen.count() == ruw

    # 3. cleaning: the rules, then the two decisions left for the analyst
    analist.post(reverse("monitor:opschonen", args=["2021"]), {"actie": "regels"})
    soorten = Counter(Opschoonstap.objects.filter(meting=meting).values_list("soort", flat=True))
    assert soorten == {"verwijderen": 3, "uitsplitsen": 1, "combineren": 1}
    page = analist.get(reverse("monitor:opschonen", args=["2021"])).content.decode()
    assert "2 volledige inzendingen" in page
    from kompas.monitor.opschoning import te_beslissen

    for punt in [p for p in te_beslissen(meting) if p.soort == "dubbel"]:
        laatste = punt.responsen[-1].inzendingen[0]
        r = analist.post(
            reverse("monitor:opschonen", args=["2021"]),
            {
                "soort": "verwijderen",
                "organisatie_code": punt.organisatie,
                "inzendingen": str(laatste),
                "reden": "Respondent koos de eerste",
            },
        )
        assert r.status_code == 302
    for punt in [p for p in te_beslissen(meting) if p.soort == "anders"]:
        analist.post(
            reverse("monitor:opschonen", args=["2021"]),
            {
                "soort": "hercoderen",
                "vraag_code": punt.vraag_code,
                "inzendingen": str(punt.inzending),
                "naar": punt.suggestie or "anders",
            },
        )
    assert te_beslissen(meting) == []

    # 4. the report's figures equal an independent count of the cleaned export
    export = analist.get(reverse("monitor:export", args=["2021"]) + "?vragenlijst=gemeente-2021").content.decode()
    n_responsen, tellingen = _onafhankelijk_geteld(export)
    from kompas.monitor.analyse import analyseren

    [gem, zvh] = analyseren(meting)
    assert gem.respons.respons == n_responsen and gem.respons.uitgenodigd == 352
    assert zvh.respons.respons == 0  # an empty questionnaire of the wave
    for res in gem.alle_vragen:
        if res.vraag.type == Vraag.Type.MEER:
            assert res.n == tellingen[res.code]["__n__"]
        else:
            assert res.n == sum(tellingen[res.code].values()), res.code
        for o in res.opties:
            assert o.aantal == tellingen[res.code][o.code], (res.code, o.code)
            if res.n:
                assert o.pct == pytest.approx(100 * o.aantal / res.n)

    # 5. the report in every format, built as a task with progress, downloads audited
    page = analist.get(reverse("monitor:rapport", args=["2021"])).content.decode()
    assert "Bevindingen per bouwsteen" in page and f"{gem.respons.respons} responsen" in page
    for formaat in ("pdf", "xlsx", "csv", "html"):
        with django_capture_on_commit_callbacks(execute=True):
            r = analist.post(reverse("monitor:rapport", args=["2021"]), {"formaat": formaat})
        rapport = Rapport.objects.get(meting=meting, formaat=formaat)
        assert rapport.status == "klaar" and rapport.voortgang == 100, rapport.fout
        status = analist.get(r["Location"]).content.decode()
        assert "Het rapport is klaar" in status
        d = analist.get(reverse("monitor:rapport_download", args=["2021", rapport.pk]))
        assert d.status_code == 200
        inhoud = d.content
        if formaat == "pdf":
            assert inhoud.startswith(b"%PDF") and len(inhoud) > 20_000
            assert assert_toegankelijke_pdf(inhoud)["Title"] == meting.naam
        elif formaat == "xlsx":
            wb = load_workbook(io.BytesIO(inhoud))
            assert wb.sheetnames == [
                "Respons",
                "Vragen",
                "Uitsplitsing",
                "Open antwoorden",
                "Vergelijking",
                "Opschoning",
            ]
            rows = list(wb["Vragen"].iter_rows(min_row=2, values_only=True))
            beleid = {r[5]: r[8] for r in rows if r[0] == "gemeente-2021" and r[2] == "B1_BELEID"}
            expected = {
                o.code: (o.aantal if o.aantal == 0 or o.aantal >= 5 else "<5") for o in gem.alle_vragen[0].opties
            }
            assert {k: v for k, v in beleid.items() if v != "<5"} == {k: v for k, v in expected.items() if v != "<5"}
            # only decisions that changed something: every drop/split/combine, and the recodes to an
            # existing option grouped per question and code; "stays anders" is not a change
            opschoning = list(wb["Opschoning"].iter_rows(min_row=2, values_only=True))
            stappen = Opschoonstap.objects.filter(meting=meting)
            hercodes = {(s.vraag_code, s.naar) for s in stappen if s.soort == "hercoderen" and s.naar != "anders"}
            assert len(opschoning) == stappen.exclude(soort="hercoderen").count() + len(hercodes)
            assert (
                all(rij[4] != rij[5] for rij in opschoning)
                and stappen.filter(soort="hercoderen", naar="anders").exists()
            )
        elif formaat == "csv":
            tekst = inhoud.decode()
            provincies = set(Gemeente.objects.values_list("provincie", flat=True))  # Groningen and Utrecht are both
            namen = set(Gemeente.objects.filter(jaar=2021).values_list("naam", flat=True)) - provincies
            assert not [n for n in namen if f";{n};" in tekst], "open data never names a gemeente"
            assert not any(c in tekst for c in ("GM0363", "GM0599"))
    assert AuditEntry.objects.filter(actie="export", object_repr__startswith="rapport monitor-2021").count() == 4


def test_command_line(analist, tmp_path, capsys):
    pad = tmp_path / "ruw.csv"
    pad.write_bytes(_ruwe_export())
    call_command("monitor", "meting", "2021", "--jaar", "2021", "--vragenlijsten", "gemeente-2021", "zvh-2021")
    call_command("monitor", "importeer", "2021", str(pad))
    call_command("monitor", "opschonen", "2021")
    out = capsys.readouterr().out
    assert (
        "responsen voor" in out and "§2.2a" in out and "vragen een beslissing" in out and "volledige inzendingen" in out
    )
    for formaat in ("html", "pdf", "xlsx", "csv"):
        call_command("monitor", "rapport", "2021", "--formaat", formaat, "--uit", str(tmp_path / f"r.{formaat}"))
        assert (tmp_path / f"r.{formaat}").stat().st_size > 500
    assert "Rapport (csv) geschreven" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Onbekende meting"):
        call_command("monitor", "opschonen", "bestaatniet")
    with pytest.raises(CommandError, match="Map bestaat niet"):
        call_command("monitor", "rapport", "2021", "--formaat", "pdf", "--uit", str(tmp_path / "nee" / "r.pdf"))
    call_command(
        "monitor", "exporteer", "2021", "gemeente-2021", "--opgeschoond", "--uit", str(tmp_path / "schoon.csv")
    )
    assert (tmp_path / "schoon.csv").read_text().startswith("meting;vragenlijst;versie;respons_id")
