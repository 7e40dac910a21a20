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
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
