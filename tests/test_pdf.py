from pathlib import Path

import pytest

from kompas.core.pdf import OngeldigDocument, pdf_maken
from tests.pdfcheck import assert_toegankelijke_pdf

SRC = Path(__file__).resolve().parents[1] / "src"


def test_every_pdf_is_made_by_the_one_tagged_writer():
    """No module calls WeasyPrint itself: an untagged PDF cannot slip in beside pdf_maken."""
    eigen = SRC / "kompas" / "core" / "pdf.py"
    elders = [p for p in SRC.rglob("*.py") if p != eigen and "weasyprint import" in p.read_text(encoding="utf-8")]
    assert not elders


def test_a_document_without_language_or_title_is_refused():
    with pytest.raises(OngeldigDocument):
        pdf_maken("<html><head><title>x</title></head><body>x</body></html>")
    with pytest.raises(OngeldigDocument):
        pdf_maken('<html lang="nl"><head></head><body>x</body></html>')
    info = assert_toegankelijke_pdf(
        pdf_maken('<html lang="nl"><head><title>Proef</title></head><body><h1>Kop</h1></body></html>')
    )
    assert info["Title"] == "Proef"
