"""Reading uploaded tables: one decoder and one CSV reader for every import in Kompas."""

from __future__ import annotations

import csv
import io

ENCODINGS = ("utf-8-sig", "cp1252")  # what spreadsheet programs save as CSV


def decode_text(raw: bytes) -> str | None:
    """The text of an uploaded file, or None if it is not text in a known encoding."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv(text: str, *, comments: bool = False) -> list[dict[str, str]] | None:
    """Rows of a CSV whose separator (``;`` or ``,``) is taken from the header line, with
    keys and values stripped; blank lines, and with ``comments`` lines starting with ``#``,
    are skipped. None when nothing is left."""
    lines = [line for line in text.splitlines() if line.strip() and not (comments and line.lstrip().startswith("#"))]
    if not lines:
        return None
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [{k.strip(): _zonder_wacht((v or "").strip()) for k, v in row.items() if k is not None} for row in reader]


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
