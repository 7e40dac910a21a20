"""Reading uploaded tables: one decoder and one CSV reader for every import in Kompas.

Every reading problem is a :class:`TabelFout` with a Dutch message that names what is wrong
(the encoding, the separator, the column, the line or the cell) and is raised once for the
file; problems of a single row travel with the row (:attr:`Rij.fout`) so an import can take
every other row and report that one with the file's own line number."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from django.conf import settings

ENCODINGS = ("utf-8-sig", "cp1252")  # what spreadsheet programs save as CSV


class TabelFout(ValueError):
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
            "Het bestand is geen UTF-8: het lijkt UTF-16 zonder BOM. Sla het op als "
            "'CSV UTF-8' of als UTF-16 met BOM."
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


def _stuurteken(waarde: str) -> str | None:
    """The first control character in a value (tab and line breaks are text), as U+XXXX."""
    for teken in waarde:
        if teken not in "\t\n\r" and unicodedata.category(teken) == "Cc":
            naam = "NUL-teken" if teken == "\x00" else "stuurteken"
            return f"een {naam} (U+{ord(teken):04X})"
    return None


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


def _kopregel(cellen: list[str], waar: str) -> list[str]:
    """Header names, stripped; a duplicated name or a control character is refused once."""
    kolommen = [c.strip() for c in cellen]
    gezien: dict[str, int] = {}
    for i, naam in enumerate(kolommen, start=1):
        if naam and (fout := _stuurteken(naam)):
            raise TabelFout(f"Kolom {i} van de kopregel ({waar}) bevat {fout}.")
        if naam and naam in gezien:
            raise TabelFout(
                f"Kolom '{naam}' staat twee keer in de kopregel ({waar}: kolom {gezien[naam]} en {i})."
            )
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
    for naam in kolommen[len(cellen):]:
        if naam:
            waarden[naam] = ""
    return Rij(regel=regel, waarden=waarden, fout=fout)


def lees_csv(text: str, *, comments: bool = False) -> Tabel:
    """A CSV whose separator (``;`` or ``,``) is taken from the header line. Rows are read as
    a stream; each carries the line number where it starts in the file (blank lines and
    quoted multi-line cells counted). Blank rows, and with ``comments`` lines starting with
    ``#``, are skipped. Raises :class:`TabelFout` for an empty file, a duplicated header
    column or data rows that use the other separator."""
    bron = io.StringIO(text, newline="")
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
    return Tabel(kolommen=[k for k in kolommen if k], rijen=_csv_rijen(reader, kolommen, delimiter, ander, overgeslagen))


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
        if (eerste and len(kolommen) > 1 and len(cellen) < len(kolommen)
                and "".join(cellen).count(ander) >= len(kolommen) - 1):
            raise TabelFout(
                f"Het scheidingsteken verschilt: de kopregel gebruikt '{delimiter}', "
                f"maar regel {regel} gebruikt '{ander}'. Sla het bestand op met één scheidingsteken."
            )
        eerste = False
        yield _rij(kolommen, cellen, regel)


def lees_xlsx(inhoud: bytes) -> Tabel:
    """The active sheet of a workbook. A formula cell is not read as empty (openpyxl keeps
    no cached value for files it wrote) but refused with the cell named."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        ws = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False).active
        rijen = ws.iter_rows()
        kop = None
        for cellen in rijen:
            if any(c.value not in (None, "") for c in cellen):
                kop = cellen
                break
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same Dutch message
        raise TabelFout("Het Excel-bestand kan niet worden gelezen.") from exc
    if kop is None:
        raise TabelFout("Het bestand is leeg.")
    for c in kop:
        if c.data_type == "f":
            raise TabelFout(f"Cel {c.coordinate} van de kopregel bevat een formule; typ de kolomnaam als tekst.")
    kolommen = _kopregel([_xlsx_tekst(c.value) for c in kop], f"rij {kop[0].row}")

    def stroom() -> Iterator[Rij]:
        for cellen in rijen:
            waarden = [_xlsx_tekst(c.value) for c in cellen]
            if not any(v.strip() for v in waarden):
                continue
            nummer = next((c.row for c in cellen if getattr(c, "row", None)), 0)
            formule = next((c for c in cellen if c.data_type == "f"), None)
            if formule is not None:
                yield Rij(regel=nummer, waarden={}, fout=(
                    f"Cel {formule.coordinate} bevat een formule ({str(formule.value)[:40]}); "
                    "Kompas leest geen formules: plak de waarden als tekst"))
                continue
            yield _rij(kolommen, waarden, nummer, cel=lambda i, n=nummer: f"Cel {get_column_letter(i + 1)}{n}")

    return Tabel(kolommen=[k for k in kolommen if k], rijen=stroom())


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
