"""Is a PDF accessible? Tagged (pdfinfo, from poppler-utils, which CI installs), its language
set in the document catalog, and a title in its metadata."""

import re
import shutil
import subprocess
import tempfile
import zlib


def _catalogus(inhoud: bytes) -> bytes:
    delen = [inhoud]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", inhoud, re.S):
        try:
            delen.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(delen)


def assert_toegankelijke_pdf(inhoud: bytes, taal: str = "nl") -> dict:
    assert inhoud.startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo ontbreekt: installeer het Debian-pakket poppler-utils"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(inhoud)
        f.flush()
        uit = subprocess.run([pdfinfo, f.name], capture_output=True, text=True, check=True).stdout  # noqa: S603
    info = dict(regel.split(":", 1) for regel in uit.splitlines() if ":" in regel)
    info = {k.strip(): v.strip() for k, v in info.items()}
    assert info.get("Tagged") == "yes", info
    assert info.get("Title"), "de PDF heeft geen titel"
    assert re.search(rb"/Lang\s*\(" + taal.encode(), _catalogus(inhoud)), "de PDF zegt niet in welke taal hij is"
    return info
