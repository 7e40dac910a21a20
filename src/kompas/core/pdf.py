"""One way to make a PDF: WeasyPrint's PDF/UA-1 variant, so every PDF Kompas makes is tagged
(headings, tables, lists and reading order for a screen reader) and says its language, as the
Dutch accessibility rules for government documents ask. The HTML must carry ``<html lang>`` and
a ``<title>``; ``pdf_maken`` refuses a document without them rather than making an untagged one
that nobody notices."""

from __future__ import annotations

import re

_LANG = re.compile(r"<html[^>]*\blang=\"[a-z]{2}", re.I)
_TITEL = re.compile(r"<title>\s*\S", re.I)


class OngeldigDocument(ValueError):
    pass


def pdf_maken(html: str, *, basis_url: str | None = None) -> bytes:
    if not _LANG.search(html):
        raise OngeldigDocument('Het document heeft geen taal (<html lang="nl">).')
    if not _TITEL.search(html):
        raise OngeldigDocument("Het document heeft geen titel (<title>).")
    from weasyprint import (
        HTML,  # imported late: WeasyPrint loads Pango, which costs a second at start-up
    )

    return HTML(string=html, base_url=basis_url).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
