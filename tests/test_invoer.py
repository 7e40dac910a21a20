"""Imports that explain themselves (issue 12, item 6): the encoding detected or named, header
problems named once, errors at the file's own line numbers, formula cells and control
characters refused per row, a size limit on every upload, and the same for the regio imports."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.core.tabular import TabelFout, lees_csv, lees_tekst
from kompas.monitor.models import Inzending, Meting, Vragenlijst
from kompas.monitor.services import MonitorFout, inzendingen_importeren
from kompas.regio.models import Regio
from kompas.regio.services import (
    ImportFout,
    gemeenten_importeren,
    lidmaatschappen_importeren,
    referentiedata_laden,
)
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db

KOP = "respons_id;organisatie;gestart_op;ingediend_op;volledig;B1_BELEID;B1_BELEID_anders;HELPEND"
GOED = "r1;GM0363;2021-06-01T10:00:00;;ja;anders;via café;Samen"
FOUT = "r9;GM9999;2021-06-01T10:00:00;;nee;geen;;"


@pytest.fixture
def meting():
    referentiedata_laden(actor=SYSTEEM)
    m = Meting.objects.create(code="m2021", naam="Monitor 2021", jaar=2021)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"]))
    return m


@pytest.fixture
def analist(meting):
    vng = OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")
    return verified_client(member(Rol.ANALIST, vng))


def _importeer(meting, tekst: str | bytes, naam="export.csv"):
    inhoud = tekst.encode() if isinstance(tekst, str) else tekst
    return inzendingen_importeren(meting=meting, inhoud=inhoud, bestandsnaam=naam, actor=SYSTEEM)


# --- 1. encoding ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252"])
def test_every_spreadsheet_encoding_is_read(meting, encoding):
    tekst = f"{KOP}\r\n{GOED}\r\n"
    inhoud = b"\xff\xfe" + tekst.encode("utf-16-le") if encoding == "utf-16-le-bom" else tekst.encode(encoding)
    verslag = _importeer(meting, inhoud)
    assert verslag.ingelezen == 1, verslag.regels()
    assert Inzending.objects.get().antwoorden["B1_BELEID_anders"] == "via café"


def test_unknown_encodings_are_named(meting):
    zonder_bom = f"{KOP}\n{GOED}\n".encode("utf-16-le")
    with pytest.raises(MonitorFout, match="Het bestand is geen UTF-8: het lijkt UTF-16 zonder BOM"):
        _importeer(meting, zonder_bom)
    # 0x81 is neither UTF-8 nor a Windows-1252 character
    with pytest.raises(MonitorFout, match=r"geen UTF-8, UTF-16 of Windows-1252 \(onbekende byte 0x81"):
        _importeer(meting, f"{KOP}\n".encode() + b"r1;GM0363;;;ja;geen;\x81;\n")


# --- 2. header ----------------------------------------------------------------------------


def test_duplicated_header_column_is_named_once(meting):
    with pytest.raises(MonitorFout) as exc:
        _importeer(meting, f"{KOP};B1_BELEID\n{GOED};geen\n{GOED};geen\n")
    assert str(exc.value) == "Kolom 'B1_BELEID' staat twee keer in de kopregel (scheidingsteken ';': kolom 6 en 9)."
    assert not Inzending.objects.exists()


def test_other_separator_in_the_rows_is_named_not_reported_per_row(meting):
    # a ';' inside an answer of the first row makes it two fields: still seen as the other separator
    rijen = "\n".join([GOED.replace(";", ",").replace("via café", '"via café; de regio"'), FOUT.replace(";", ",")])
    with pytest.raises(MonitorFout) as exc:
        _importeer(meting, f"{KOP}\n{rijen}\n")
    assert str(exc.value) == (
        "Het scheidingsteken verschilt: de kopregel gebruikt ';', maar regel 2 gebruikt ','. "
        "Sla het bestand op met één scheidingsteken."
    )


def test_missing_column_is_named_once(meting):
    kop = KOP.replace("volledig;", "")
    rij = GOED.replace(";ja;", ";")
    with pytest.raises(MonitorFout, match=r"^Kolom\(men\) ontbreken: volledig$"):
        _importeer(meting, f"{kop}\n{rij}\n{rij}\n")


# --- 3. line numbers ----------------------------------------------------------------------


def test_error_rows_are_the_files_line_numbers(meting):
    meerregelig = GOED.replace("via café", '"via café\nen de regio"')
    tekst = f"{KOP}\n{meerregelig}\n\n{FOUT}\n\n\n{FOUT.replace('r9', 'r10')}\n"
    verslag = _importeer(meting, tekst)
    assert verslag.ingelezen == 1 and verslag.rijen == 3
    assert [r for r, _ in verslag.fouten] == [5, 8]
    assert Inzending.objects.get().antwoorden["B1_BELEID_anders"] == "via café\nen de regio"


def test_line_numbers_count_blank_and_comment_lines_before_the_header():
    tabel = lees_csv("# toelichting\n\na;b\n1;2\n# tussendoor\n3;4\n", comments=True)
    assert tabel.kolommen == ["a", "b"]
    assert [(r.regel, r.waarden) for r in tabel.rijen] == [(4, {"a": "1", "b": "2"}), (6, {"a": "3", "b": "4"})]


# --- 4. XLSX formula cells ---------------------------------------------------------------


def test_xlsx_formula_cell_is_refused_with_the_cell_named(meting):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(KOP.split(";"))
    ws.append(GOED.split(";"))
    ws.append(["r2", "GM0405", "2021-06-01T10:00:00", "", "ja", "geen", "", '=A2&"x"'])
    buf = io.BytesIO()
    wb.save(buf)
    verslag = _importeer(meting, buf.getvalue(), naam="export.xlsx")
    assert verslag.ingelezen == 1
    assert verslag.fouten == [
        (3, 'Cel H3 bevat een formule (=A2&"x"); Kompas leest geen formules: plak de waarden als tekst')
    ]
    assert not Inzending.objects.filter(bron_id="r2").exists()


# --- 5. control characters ----------------------------------------------------------------


def test_nul_and_control_characters_are_reported_per_row(meting):
    met_nul = GOED.replace("r1", "r2").replace("Samen", "Sa\x00men")
    met_bel = GOED.replace("r1", "r3").replace("via café", "bel\x07")
    tekst = f"{KOP}\n{GOED}\n{met_nul}\n{met_bel}\n"
    verslag = _importeer(meting, tekst)
    assert verslag.ingelezen == 1
    assert verslag.fouten == [
        (3, "kolom HELPEND bevat een NUL-teken (U+0000); verwijder het en lees opnieuw in"),
        (4, "kolom B1_BELEID_anders bevat een stuurteken (U+0007); verwijder het en lees opnieuw in"),
    ]


def test_nul_character_on_the_web_form_and_command_line_is_a_message(
    meting, analist, tmp_path, capsys, django_capture_on_commit_callbacks
):
    met_nul = GOED.replace("Samen", "Sa\x00men")
    inhoud = f"{KOP}\n{met_nul}\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        r = analist.post(
            reverse("monitor:importeren", args=["m2021"]), {"bestand": SimpleUploadedFile("x.csv", inhoud)}
        )
    r = analist.get(r["Location"])
    assert r.status_code == 200 and "NUL-teken" in r.content.decode()
    pad = tmp_path / "x.csv"
    pad.write_bytes(inhoud)
    call_command("monitor", "importeer", "m2021", str(pad))
    assert "rij 2: kolom HELPEND bevat een NUL-teken" in capsys.readouterr().out
    assert not Inzending.objects.exists()


# --- 6. size limit ------------------------------------------------------------------------


def test_every_upload_has_a_size_limit(meting, analist, settings, tmp_path):
    settings.KOMPAS_MAX_UPLOAD_BYTES = 1024 * 1024
    groot = (f"{KOP}\n" + f"{GOED}\n" * 30000).encode()
    assert len(groot) > 1024 * 1024
    boodschap = "de grens is 1 MB (instelling KOMPAS_MAX_UPLOAD_MB)"
    for naam in ("importeren", "uitnodigingen"):
        data = {"bestand": SimpleUploadedFile("groot.csv", groot)}
        if naam == "uitnodigingen":
            data["actie"] = "contacten"
        r = analist.post(reverse(f"monitor:{naam}", args=["m2021"]), data, follow=True)
        assert boodschap in r.content.decode(), naam
    pad = tmp_path / "groot.csv"
    pad.write_bytes(groot)
    with pytest.raises(CommandError, match=re.escape(boodschap)):
        call_command("monitor", "importeer", "m2021", str(pad))
    with pytest.raises(CommandError, match=re.escape(boodschap)):
        call_command("regio", "lidmaatschappen", str(pad), "--jaar", "2026")
    assert not Inzending.objects.exists()


def test_default_upload_limit_is_20_mb():
    from django.conf import settings

    assert settings.KOMPAS_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


# --- 7. regio -----------------------------------------------------------------------------

LID_KOP = "indeling;regio_code;regio_naam;cbs_code;centrumgemeente"


def test_regio_centrumgemeente_must_exist(meting):
    tekst = f"{LID_KOP}\nvrouwenopvang;VO-X;VO X;GM0388;GM0361\nvrouwenopvang;VO-Y;VO Y;GM0405;GM12\n"
    with pytest.raises(ImportFout) as exc:
        lidmaatschappen_importeren(text=tekst, jaar=2026, actor=SYSTEEM)
    assert "regel 3: centrumgemeente GM0012 ('GM12') bestaat niet in 2026" in str(exc.value)
    assert not Regio.objects.filter(code__in=["VO-X", "VO-Y"]).exists()


def test_regio_missing_column_is_named_once_and_lines_are_the_files(meting):
    with pytest.raises(ImportFout) as exc:
        lidmaatschappen_importeren(
            text="indeling;regio_code;cbs_code\nzvh;Z;GM0405\nzvh;Z;GM0388\n", jaar=2026, actor=SYSTEEM
        )
    assert str(exc.value).startswith("Kolom(men) ontbreken: regio_naam.") and "regel" not in str(exc.value)
    tekst = f"# ZVH-indeling\n{LID_KOP}\nzvh;Z;Z;GM0405;\n\n# volgende\nzvh;Z;Z;GM9999;\n"
    with pytest.raises(ImportFout) as exc:
        lidmaatschappen_importeren(text=tekst, jaar=2026, actor=SYSTEEM)
    assert "regel 6: gemeente GM9999 bestaat niet in 2026" in str(exc.value)
    with pytest.raises(ImportFout, match="Het scheidingsteken verschilt"):
        lidmaatschappen_importeren(text=f"{LID_KOP}\nzvh,Z,Z,GM0405,\n", jaar=2026, actor=SYSTEEM)
    with pytest.raises(ImportFout, match="Kolom 'cbs_code' staat twee keer"):
        gemeenten_importeren(text="cbs_code;naam;cbs_code\nGM0001;A;GM0001\n", jaar=2030, actor=SYSTEEM)


def test_regio_upload_reads_utf16_and_names_an_unknown_encoding(meting):
    ab = verified_client(member(Rol.APPLICATIEBEHEERDER))
    url = reverse("regio:lidmaatschappen_import")
    inhoud = f"{LID_KOP}\r\nzvh;ZVH-Ü;ZVH Ürk;GM0405;\r\n".encode("utf-16")
    r = ab.post(url, {"jaar": 2026, "bestand": SimpleUploadedFile("l.csv", inhoud)})
    assert r.status_code == 302
    assert Regio.objects.get(code="ZVH-Ü").naam == "ZVH Ürk"
    r = ab.post(url, {"jaar": 2026, "bestand": SimpleUploadedFile("l.csv", f"{LID_KOP}\n".encode("utf-16-le"))})
    assert r.status_code == 200 and "Het bestand is geen UTF-8: het lijkt UTF-16 zonder BOM" in r.content.decode()


def test_lees_tekst_prefers_utf8_and_falls_back_to_windows_1252():
    assert lees_tekst("Súdwest-Fryslân".encode()) == "Súdwest-Fryslân"
    assert lees_tekst("Súdwest-Fryslân €".encode("cp1252")) == "Súdwest-Fryslân €"
    with pytest.raises(TabelFout):
        lees_tekst(b"a\x8db")
