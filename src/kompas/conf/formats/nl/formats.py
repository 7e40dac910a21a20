"""Kompas's one date convention (Dutch), read by Django's ``date`` filter, ``{{ value }}`` and
``kompas.core.datums``. Only what differs from Django's own nl formats is set here:

- a date:      "5 december 2026"           (DATE_FORMAT, Django's own)
- a date-time: "5 december 2026, 14:03"    (DATETIME_FORMAT, with a comma)
- a month:     "december 2026"             (YEAR_MONTH_FORMAT, Django's own)
- in compact table cells only: "05-12-2026" and "05-12-2026 14:03" (SHORT_DATE_FORMAT,
  SHORT_DATETIME_FORMAT), so the columns line up.

Input fields (``type=date``) do not use these: their value is ISO (``core.widgets.DatumInput``).
tests/test_datums.py fails when a template or module formats a date any other way."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
