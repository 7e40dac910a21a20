"""Reading uploaded tables: one decoder and one CSV reader for every import in Kompas.

Every reading problem is a :class:`TabelFout` with a Dutch message that names what is wrong
(the encoding, the separator, the column, the line or the cell) and is raised once for the
file; problems of a single row travel with the row (:attr:`Rij.fout`) so an import can take
every other row and report that one with the file's own line number."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from django.conf import settings

from kompas.core.fouten import Geweigerd

ENCODINGS = ("utf-8-sig", "cp1252")  # what spreadsheet programs save as CSV
_REGEL = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class TabelFout(Geweigerd, ValueError):
    """A file that cannot be read as a table; the message is Dutch and shown as is."""


def max_upload_bytes() -> int:
    return settings.KOMPAS_MAX_UPLOAD_BYTES


def controleer_grootte(grootte: int) -> None:
    """Refuse an upload above ``KOMPAS_MAX_UPLOAD_MB`` before it is read."""
    grens = max_upload_bytes()
    if grootte > grens:
        groot = f"{grootte / (1024 * 1024):.1f}".replace(".", ",")
        mb = f"{grens / (1024 * 1024):g}".replace(".", ",")
        raise TabelFout(f"Het bestand is te groot ({groot} MB); de grens is {mb} MB (instelling KOMPAS_MAX_UPLOAD_MB).")


def lees_tekst(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with BOM or
    Windows-1252. Anything else is a :class:`TabelFout` that names the encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TabelFout("Het bestand begint als UTF-16 maar is geen geldige UTF-16-tekst.") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TabelFout(
                f"Het bestand begint als UTF-8 maar is geen geldige UTF-8-tekst (byte {exc.start + 1})."
            ) from exc
    begin = raw[:400]
    if len(begin) >= 4 and begin.count(b"\x00") * 3 >= len(begin):
        raise TabelFout(
            "Het bestand is geen UTF-8: het lijkt UTF-16 zonder BOM. Sla het op als 'CSV UTF-8' of als UTF-16 met BOM."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TabelFout(
            "Het bestand is geen UTF-8, UTF-16 of Windows-1252 (onbekende byte "
            f"0x{raw[exc.start]:02X} op positie {exc.start + 1}). Sla het op als 'CSV UTF-8'."
        ) from exc


_STUURTEKEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode category Cc less tab, LF, CR


def _stuurteken(waarde: str) -> str | None:
    """The first control character in a value (tab and line breaks are text), as U+XXXX."""
    m = _STUURTEKEN.search(waarde)
    if m is None:
        return None
    teken = m.group()
    naam = "NUL-teken" if teken == "\x00" else "stuurteken"
    return f"een {naam} (U+{ord(teken):04X})"


@dataclass
class Rij:
    """One data row: its line in the file (the row in a workbook), its values by column and,
    when it cannot be used as it is, why."""

    regel: int
    waarden: dict[str, str]
    fout: str | None = None


@dataclass
class Tabel:
    kolommen: list[str]
    rijen: Iterator[Rij] = field(repr=False)
    # the file's lines (a workbook's rows), header and blank lines included: the "of" of a
    # progress figure, compared with :attr:`Rij.regel`
    regels: int = 0


def _kopregel(cellen: list[str], waar: str) -> list[str]:
    """Header names, stripped; a duplicated name or a control character is refused once."""
    kolommen = [c.strip() for c in cellen]
    gezien: dict[str, int] = {}
    for i, naam in enumerate(kolommen, start=1):
        if naam and (fout := _stuurteken(naam)):
            raise TabelFout(f"Kolom {i} van de kopregel ({waar}) bevat {fout}.")
        if naam and naam in gezien:
            raise TabelFout(f"Kolom '{naam}' staat twee keer in de kopregel ({waar}: kolom {gezien[naam]} en {i}).")
        gezien.setdefault(naam, i)
    return kolommen


def _rij(kolommen: list[str], cellen: list[str], regel: int, *, cel=None) -> Rij:
    waarden = {}
    fout = None
    for i, waarde in enumerate(cellen):
        naam = kolommen[i] if i < len(kolommen) else ""
        if fout is None and (teken := _stuurteken(waarde)):
            plek = cel(i) if cel else f"kolom {naam or i + 1}"
            fout = f"{plek} bevat {teken}; verwijder het en lees opnieuw in"
        if i >= len(kolommen):
            if waarde.strip() and fout is None:
                fout = f"de regel heeft {len(cellen)} velden, de kopregel {len(kolommen)}"
            continue
        if naam:
            waarden[naam] = _zonder_wacht(waarde.strip())
    for naam in kolommen[len(cellen) :]:
        if naam:
            waarden[naam] = ""
    return Rij(regel=regel, waarden=waarden, fout=fout)


def lees_csv(text: str, *, comments: bool = False) -> Tabel:
    """A CSV whose separator (``;`` or ``,``) is taken from the header line. Rows are read as
    a stream; each carries the line number where it starts in the file (blank lines and
    quoted multi-line cells counted). Blank rows, and with ``comments`` lines starting with
    ``#``, are skipped. Raises :class:`TabelFout` for an empty file, a duplicated header
    column or data rows that use the other separator."""
    # the lines as slices of the text, split as io.StringIO(newline="") would (\n, \r\n or \r)
    # without its copy of the whole text in four bytes per character
    bron = (m.group() for m in _REGEL.finditer(text))
    regels = (("\n" if comments and r.lstrip().startswith("#") else r) for r in bron)
    overgeslagen = 0  # blank or comment lines before the header: the reader never sees them
    for kop in regels:
        if kop.strip():
            break
        overgeslagen += 1
    else:
        raise TabelFout("Het bestand is leeg.")
    delimiter = ";" if kop.count(";") >= kop.count(",") else ","
    ander = "," if delimiter == ";" else ";"
    reader = csv.reader(chain([kop], regels), delimiter=delimiter)
    try:
        kopcellen = next(reader)
    except csv.Error as exc:
        raise TabelFout(f"De kopregel is geen geldige CSV: {exc}.") from exc
    kolommen = _kopregel(kopcellen, "scheidingsteken '" + delimiter + "'")
    aantal = text.count("\n") + text.count("\r") - text.count("\r\n") + (0 if text.endswith(("\n", "\r")) else 1)
    return Tabel(
        kolommen=[k for k in kolommen if k],
        rijen=_csv_rijen(reader, kolommen, delimiter, ander, overgeslagen),
        regels=aantal,
    )


def _csv_rijen(reader, kolommen: list[str], delimiter: str, ander: str, overgeslagen: int) -> Iterator[Rij]:
    # line_num counts the physical lines the reader consumed, so a record starts on the line
    # after the previous record ended (blank lines and multi-line cells included).
    eerste = True
    vorige = reader.line_num + overgeslagen
    while True:
        try:
            cellen = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TabelFout(f"Regel {vorige + 1} is geen geldige CSV: {exc}.") from exc
        regel, vorige = vorige + 1, reader.line_num + overgeslagen
        if not any(c.strip() for c in cellen):
            continue
        if (
            eerste
            and len(kolommen) > 1
            and len(cellen) < len(kolommen)
            and "".join(cellen).count(ander) >= len(kolommen) - 1
        ):
            raise TabelFout(
                f"Het scheidingsteken verschilt: de kopregel gebruikt '{delimiter}', "
                f"maar regel {regel} gebruikt '{ander}'. Sla het bestand op met één scheidingsteken."
            )
        eerste = False
        yield _rij(kolommen, cellen, regel)


def lees_xlsx(inhoud: bytes) -> Tabel:
    """The active sheet of a workbook, read as a stream of rows. A formula cell is not read as
    empty (openpyxl keeps no cached value for files it wrote) but refused with the cell named."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        ws = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False).active
        rijen = _xlsx_rijen(ws)
        kop = None
        for nummer, cellen in rijen:
            if any(c["value"] not in (None, "") for c in cellen):
                kop = nummer, cellen
                break
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same Dutch message
        raise TabelFout("Het Excel-bestand kan niet worden gelezen.") from exc
    if kop is None:
        raise TabelFout("Het bestand is leeg.")
    kopnummer, kopcellen = kop
    for c in kopcellen:
        if c["data_type"] == "f":
            raise TabelFout(
                f"Cel {get_column_letter(c['column'])}{kopnummer} van de kopregel bevat een formule; "
                "typ de kolomnaam als tekst."
            )
    kolommen = _kopregel(_xlsx_waarden(kopcellen), f"rij {kopnummer}")

    def stroom() -> Iterator[Rij]:
        try:
            for nummer, cellen in rijen:
                waarden = _xlsx_waarden(cellen)
                if not any(v.strip() for v in waarden):
                    continue
                formule = next((c for c in cellen if c["data_type"] == "f"), None)
                if formule is not None:
                    yield Rij(
                        regel=nummer,
                        waarden={},
                        fout=(
                            f"Cel {get_column_letter(formule['column'])}{nummer} bevat een formule "
                            f"({str(formule['value'])[:40]}); "
                            "Kompas leest geen formules: plak de waarden als tekst"
                        ),
                    )
                    continue
                yield _rij(kolommen, waarden, nummer, cel=lambda i, n=nummer: f"Cel {get_column_letter(i + 1)}{n}")
        except TabelFout:
            raise
        except Exception as exc:  # noqa: BLE001 - a workbook broken halfway: the same Dutch message
            raise TabelFout("Het Excel-bestand kan niet (helemaal) worden gelezen.") from exc

    return Tabel(kolommen=[k for k in kolommen if k], rijen=stroom(), regels=ws.max_row or _xlsx_rijen_tellen(ws))


def _xlsx_rijen(ws) -> Iterator[tuple[int, list[dict]]]:
    """(row number, cells) of a read-only sheet, each cell a dict of openpyxl's own parser
    (column, value, data_type) without building a cell object per cell; inline strings (what
    openpyxl and some exports write) read without its rich-text objects. Three times faster
    on such files than ``iter_rows``, which matters at 100,000 rows."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    tekst, run = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            child = element.find(INLINE_STRING) if element.get("t") == "inlineStr" else None
            if child is None or element.find(FORMULA_TAG) is not None:
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            waarde = (child.findtext(tekst) or "") + "".join(r.findtext(tekst) or "" for r in child.iterfind(run))
            return {"row": row, "column": column, "value": waarde, "data_type": "s", "style_id": 0}

    wb = ws.parent
    with ws._get_source() as bron:  # openpyxl's read-only sheet: its XML and shared strings
        parser = Parser(
            bron,
            ws._shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        yield from parser.parse()


def _xlsx_waarden(cellen: list[dict]) -> list[str]:
    """A row's values by column (gaps filled with "")."""
    if not cellen:
        return []
    waarden = [""] * max(c["column"] for c in cellen)
    for c in cellen:
        waarden[c["column"] - 1] = _xlsx_tekst(c["value"])
    return waarden


def _xlsx_rijen_tellen(ws) -> int:
    """The rows of a sheet whose file does not state its size (openpyxl's own files, some
    exports): count them in the sheet's XML as a stream. 0 when even that fails."""
    try:
        teller, rest = 0, b""
        with ws._get_source() as bron:  # openpyxl's read-only sheet; no public way to the XML
            while blok := bron.read(1 << 20):
                stuk = rest + blok
                teller += stuk.count(b"<row ") + stuk.count(b"<row>")
                rest = stuk[-5:]
                teller -= rest.count(b"<row ") + rest.count(b"<row>")  # counted again with the next block
        return teller + rest.count(b"<row ") + rest.count(b"<row>")
    except Exception:  # noqa: BLE001 - only the progress figure depends on it
        return 0


def _xlsx_tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        return waarde.isoformat()
    return str(waarde)


def _zonder_wacht(waarde: str) -> str:
    """Undo :func:`veilige_cel` on import, so an exported file reads back as it was."""
    return waarde[1:] if waarde.startswith("'") and waarde[1:].startswith(FORMULE_BEGIN) else waarde


# --- Writing tables: one guard for every CSV and XLSX file Kompas hands out ----------------

# A spreadsheet program treats a cell starting with one of these as a formula (or, for tab
# and carriage return, strips them and then does), so `=HYPERLINK(...)` typed as a name or
# an answer would run when an analyst opens the export.
FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r")


def veilige_cel(waarde):
    """A text cell that a spreadsheet will show as text: a leading quote before anything that
    could start a formula. Numbers and other values pass unchanged."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_BEGIN):
        return "'" + waarde
    return waarde


def veilige_rij(rij) -> list:
    return [veilige_cel(w) for w in rij]


class VeiligeCsvWriter:
    """``csv.writer`` whose every cell passes :func:`veilige_cel`."""

    def __init__(self, f, **kwargs):
        self._writer = csv.writer(f, **kwargs)

    def writerow(self, rij):
        return self._writer.writerow(veilige_rij(rij))

    def writerows(self, rijen) -> None:
        for rij in rijen:
            self._writer.writerow(veilige_rij(rij))


def csv_writer(f, *, delimiter: str = ";") -> VeiligeCsvWriter:
    """The CSV writer for every export (``;``, as Dutch spreadsheet programs expect)."""
    return VeiligeCsvWriter(f, delimiter=delimiter)


def xlsx_rij(ws, rij) -> None:
    """Append a row to an openpyxl worksheet with the same guard (openpyxl would otherwise
    store a text starting with ``=`` as a live formula)."""
    ws.append(veilige_rij(rij))
