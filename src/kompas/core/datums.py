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
from functools import lru_cache

from django.utils import timezone
from django.utils.formats import date_format, get_format

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
    """ "05-12-2026", for compact table cells. A table calls this once per row: a format of only
    day, month and year digits (Dutch "d-m-Y", English "m/d/Y") is written with one
    ``str.format`` instead of Django's format engine, which parses the format on every call
    (the same text: tests/test_datums.py)."""
    if waarde is None:
        return ""
    snel = _cijfers(get_format("SHORT_DATE_FORMAT"))
    if snel is None:
        return _opmaak(waarde, "SHORT_DATE_FORMAT")
    waarde = _lokaal(waarde)
    return snel.format(d=waarde.day, m=waarde.month, Y=waarde.year)


_CIJFERS = {"d": "{d:02d}", "m": "{m:02d}", "Y": "{Y:04d}", "j": "{d}", "n": "{m}"}


@lru_cache(maxsize=8)
def _cijfers(formaat: str) -> str | None:
    """``formaat`` as a ``str.format`` template, or None when it holds anything but day, month
    and year digits and plain separators."""
    if any(c.isalpha() and c not in _CIJFERS or c in "\\{}" for c in formaat):
        return None
    return "".join(_CIJFERS.get(c, c) for c in formaat)
