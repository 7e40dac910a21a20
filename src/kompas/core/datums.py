"""Dates as Kompas shows them, for Python code (mails, documents, labels, messages). Templates
use Django's ``date`` filter with one of the named formats of ``conf/formats/nl/formats.py``;
both end up in the same formats, so a date reads the same on a page, in a mail and in a PDF.

    datum(d)      "5 december 2026"
    datumtijd(dt) "5 december 2026, 14:03"   (aware date-times in Kompas's time zone)
    maand(d)      "december 2026"
    kort(d)       "05-12-2026"               (compact table cells only)

Machine outputs (CSV, API, open data, file names) use ISO 8601 and do not go through here."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

# The named formats a template may give the ``date`` filter (tests/test_datums.py checks them).
TOEGESTANE_FORMATEN = frozenset(
    {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"}
)


def _lokaal(waarde: date | datetime) -> date | datetime:
    if isinstance(waarde, datetime) and timezone.is_aware(waarde):
        return timezone.localtime(waarde)
    return waarde


def _opmaak(waarde: date | datetime | None, formaat: str) -> str:
    if waarde is None:
        return ""
    return date_format(_lokaal(waarde), formaat)


def datum(waarde: date | datetime | None) -> str:
    """ "5 december 2026"."""
    return _opmaak(waarde, "DATE_FORMAT")


def datumtijd(waarde: datetime | None) -> str:
    """ "5 december 2026, 14:03"."""
    return _opmaak(waarde, "DATETIME_FORMAT")


def maand(waarde: date | datetime | None) -> str:
    """ "december 2026"."""
    return _opmaak(waarde, "YEAR_MONTH_FORMAT")


def kort(waarde: date | datetime | None) -> str:
    """ "05-12-2026", for compact table cells."""
    return _opmaak(waarde, "SHORT_DATE_FORMAT")
