"""Questionnaire definitions with the shared codes, and import/export of the exchange format."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kompas.core.schrijven import SYSTEEM
from kompas.monitor.models import Inzending, Meting, Vraag, Vragenlijst
from kompas.monitor.services import (
    MonitorFout,
    inzendingen_exporteren,
    inzendingen_importeren,
    kolommen,
    vragenlijst_kopieren,
)
from kompas.regio.services import referentiedata_laden

SHARED = Path(__file__).resolve().parents[2] / "shared" / "monitor" / "vragenlijst-2021-kern.md"
# A copy of the shared definition travels with the tests, so the check never depends on what lies
# beside the repository (a skipped test fails CI); where shared/ is present, the copy must equal it.
KOPIE = Path(__file__).resolve().parent / "data" / "vragenlijst-2021-kern.md"
pytestmark = pytest.mark.django_db


def _shared_codes():
    """(questionnaire, question code) → set of option codes, read from the shared file."""
    text = KOPIE.read_text(encoding="utf-8")
    result, current = {}, None
    for line in text.splitlines():
        m = re.search(r"\(`(gemeente-2021|zvh-2021)`\)", line)
        if m:
            current = m.group(1)
        elif line.startswith("## "):
            current = None  # e.g. the exchange format section
        if current and line.startswith("| ") and not line.startswith("| code") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            options = set(re.findall(r"`([a-z]+)`", cells[-1]))
            for code in [c.strip() for c in cells[0].split(",")]:
                result[(current, code)] = options
    return result


def test_builtin_questionnaires_have_exactly_the_shared_codes():
    if SHARED.exists():
        assert KOPIE.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8"), "tests/data is verouderd"
    expected = _shared_codes()
    actual = {
        (v.vragenlijst.code, v.code): {o.code for o in v.opties.all()}
        for v in Vraag.objects.filter(vragenlijst__ingebouwd=True)
        .select_related("vragenlijst")
        .prefetch_related("opties")
    }
    assert actual == expected


def test_copy_for_a_new_wave_keeps_codes():
    bron = Vragenlijst.objects.get(code="gemeente-2021")
    kopie = vragenlijst_kopieren(bron=bron, code="gemeente-2023", naam="Monitor 2023", actor=SYSTEEM)
    assert kolommen(kopie) == kolommen(bron) and kopie.basis == bron
    with pytest.raises(MonitorFout):
        vragenlijst_kopieren(bron=bron, code="gemeente-2023", naam="dubbel", actor=SYSTEEM)


@pytest.fixture
def meting():
    referentiedata_laden(actor=SYSTEEM)
    m = Meting.objects.create(code="m2021", naam="Monitor 2021", jaar=2021)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"]))
    return m


def _csv(rows, sep=";"):
    header = [
        "respons_id",
        "organisatie",
        "gestart_op",
        "ingediend_op",
        "volledig",
        "B1_BELEID",
        "B1_BELEID_anders",
        "B1_VORMEN_seksueel",
        "B1_VORMEN_arbeid",
        "B2_AANDACHTSFUNCTIONARIS",
        "HELPEND",
        "ONBEKEND_VELD",
    ]
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


GOED = [
    "r1",
    "GM0363",
    "2021-06-01T10:00:00",
    "2021-06-01T10:30:00",
    "ja",
    "specifiek",
    "",
    "1",
    "1",
    "een",
    "Goede samenwerking",
]
ROWS = [
    GOED + [""],
    [
        "r2",
        "GM0405|GM0388",
        "2021-06-02T09:00:00",
        "",
        "nee",
        "anders",
        "via de regio",
        "",
        "1",
        "",
        "",
        "",
    ],  # one answer for two gemeenten
    ["r3", "GM9999", "2021-06-02T09:00:00", "", "nee", "geen", "", "", "", "", "", ""],  # unknown organisation
    ["r4", "GM0363", "2021-06-02T09:00:00", "", "nee", "misschien", "", "", "", "", "", ""],  # unknown option code
    ["r5", "GM0363", "2 juni", "", "nee", "geen", "", "", "", "", "", ""],  # bad date
    [
        "r6",
        "GM1992",
        "2021-06-02T09:00:00",
        "",
        "nee",
        "geen",
        "",
        "",
        "",
        "",
        "",
        "",
    ],  # Voorne aan Zee did not exist in 2021
    ["r7", "GM0363", "2021-06-02T09:00:00", "", "nee", "geen", "", "x", "", "", "", ""],  # bad meer value
]


@pytest.mark.parametrize("sep", [";", ","])
def test_import_takes_good_rows_reports_bad_ones_and_is_idempotent(meting, sep):
    verslag = inzendingen_importeren(meting=meting, inhoud=_csv(ROWS, sep), bestandsnaam="export.csv", actor=SYSTEEM)
    assert verslag.vragenlijst == "gemeente-2021"
    assert verslag.ingelezen == 2
    fouten = dict(verslag.fouten)
    assert set(fouten) == {4, 5, 6, 7, 8}
    assert "onbekende organisatie GM9999" in fouten[4]
    assert "onbekende antwoordcode 'misschien' bij B1_BELEID" in fouten[5]
    assert "geen geldige datum" in fouten[6]
    assert "GM1992" in fouten[7]
    assert "moet 1 of leeg zijn" in fouten[8]
    assert verslag.onbekende_kolommen == ["ONBEKEND_VELD"]
    r2 = Inzending.objects.get(bron_id="r2")
    assert r2.organisaties == ["GM0405", "GM0388"] and r2.antwoorden == {
        "B1_BELEID": "anders",
        "B1_BELEID_anders": "via de regio",
        "B1_VORMEN": ["arbeid"],
    }
    assert r2.ingediend_op is None and not r2.volledig and r2.vragenlijst_versie == 1
    again = inzendingen_importeren(meting=meting, inhoud=_csv(ROWS, sep), actor=SYSTEEM)
    assert again.ingelezen == 0 and again.al_aanwezig == 2 and Inzending.objects.count() == 2


def test_same_id_with_other_answers_is_reported_not_overwritten(meting):
    inzendingen_importeren(meting=meting, inhoud=_csv([GOED + [""]]), actor=SYSTEEM)
    changed = list(GOED)
    changed[5] = "geen"
    verslag = inzendingen_importeren(meting=meting, inhoud=_csv([changed + [""]]), actor=SYSTEEM)
    assert verslag.fouten == [(2, "respons_id r1 komt al voor met andere antwoorden")]
    assert Inzending.objects.get(bron_id="r1").antwoorden["B1_BELEID"] == "specifiek"


def test_xlsx_import_and_export_roundtrip(meting):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "respons_id",
            "organisatie",
            "gestart_op",
            "ingediend_op",
            "volledig",
            "B1_BELEID",
            "B1_VORMEN_arbeid",
            "B4_SCHAAL",
            "B4_SCHAAL_anders",
        ]
    )
    ws.append(
        ["x1", "GM0405", "2021-06-01T10:00:00", "2021-06-01T11:00:00", "ja", "regionaal", 1, "anders", "West-Friesland"]
    )
    buf = io.BytesIO()
    wb.save(buf)
    verslag = inzendingen_importeren(meting=meting, inhoud=buf.getvalue(), bestandsnaam="export.xlsx", actor=SYSTEEM)
    assert verslag.ingelezen == 1, verslag.regels()
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    csv_text = inzendingen_exporteren(meting=meting, lijst=lijst, actor=SYSTEEM)
    header = csv_text.splitlines()[0].split(";")
    assert header[:3] == ["meting", "vragenlijst", "versie"] and header[3:] == kolommen(lijst)
    # the export imports again, unchanged, into another wave
    other = Meting.objects.create(code="kopie", naam="kopie", jaar=2021)
    other.vragenlijsten.set([lijst])
    body = "\n".join(";".join(c for c in line.split(";")[3:]) for line in csv_text.splitlines()).encode()
    assert inzendingen_importeren(meting=other, inhoud=body, actor=SYSTEEM).ingelezen == 1
    assert Inzending.objects.get(meting=other).antwoorden == Inzending.objects.get(meting=meting).antwoorden


def test_zvh_file_is_recognised_by_its_columns(meting):
    from kompas.regio.models import Gemeente, Regio, RegioLidmaatschap

    nhn = Regio.objects.create(indeling="zvh", code="ZVH-NHN", naam="ZVH NHN")
    Regio.objects.create(indeling="zvh", code="ZVH-OUD", naam="ZVH zonder gemeenten in 2021")
    RegioLidmaatschap.objects.create(gemeente=Gemeente.objects.filter(jaar=2021).first(), regio=nhn, indeling="zvh")
    body = (
        b"respons_id,organisatie,gestart_op,ingediend_op,volledig,Z_VORMEN_arbeid,Z_JEUGD\nz1,ZVH-NHN,2021-06-01,,nee,1,ja\n"
        b"z2,ZVH-OUD,2021-06-01,,nee,1,ja\n"
    )
    verslag = inzendingen_importeren(meting=meting, inhoud=body, actor=SYSTEEM)
    assert verslag.vragenlijst == "zvh-2021" and verslag.ingelezen == 1
    # ZVH regions count by the wave's year: one without a gemeente of 2021 is not part of it
    assert verslag.fouten == [(3, "onbekende organisatie ZVH-OUD (niet in de indeling van 2021)")]


def test_unreadable_files_get_dutch_errors(meting):
    for inhoud, boodschap in [(b"", "leeg"), (b"foo;bar\n1;2\n", "ontbreken"), (b"PK\x03\x04kapot", "Excel")]:
        with pytest.raises(MonitorFout, match=boodschap):
            inzendingen_importeren(meting=meting, inhoud=inhoud, actor=SYSTEEM)


def test_command_line(meting, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(ROWS))
    call_command("monitor", "importeer", "m2021", str(path))
    out = capsys.readouterr().out
    assert (
        "7 rijen, 2 ingelezen, 0 al eerder ingelezen, 5 niet ingelezen" in out and "rij 4: onbekende organisatie" in out
    )
    with pytest.raises(CommandError, match="Onbekende meting"):
        call_command("monitor", "importeer", "bestaat-niet", str(path))
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("monitor", "importeer", "m2021", str(tmp_path / "nee.csv"))
    call_command("monitor", "exporteer", "m2021", "gemeente-2021", "--uit", str(tmp_path / "uit.csv"))
    assert (tmp_path / "uit.csv").read_text().count("\n") == 3
    call_command("monitor", "meting", "m2023", "--jaar", "2024", "--vragenlijsten", "gemeente-2021")
    assert Meting.objects.get(code="m2023").jaar == 2024
    with pytest.raises(CommandError, match="Onbekende vragenlijst"):
        call_command("monitor", "meting", "m2025", "--jaar", "2024", "--vragenlijsten", "bestaat-niet")
