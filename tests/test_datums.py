"""One date convention across Kompas (issue 13): "5 december 2026", "5 december 2026, 14:03",
"december 2026", and "05-12-2026" only in compact table cells. Templates use the ``date``
filter with a named format of conf/formats/nl/formats.py; Python code uses kompas.core.datums.
These tests check the helper's output and fail when a template or module formats a date in
any other way."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from kompas.core.datums import TOEGESTANE_FORMATEN, datum, datumtijd, kort, maand

SRC = Path(__file__).resolve().parents[1] / "src" / "kompas"
DAG = date(2026, 12, 5)
MOMENT = datetime(2026, 12, 5, 13, 3, tzinfo=UTC)  # 14:03 in Amsterdam


def test_the_helper_writes_the_convention():
    with translation.override("nl"):
        assert datum(DAG) == "5 december 2026"
        assert datum(date(2026, 3, 1)) == "1 maart 2026"
        assert datumtijd(MOMENT) == "5 december 2026, 14:03"
        assert datum(MOMENT) == "5 december 2026"
        assert maand(DAG) == "december 2026"
        assert kort(DAG) == "05-12-2026"
        assert datum(None) == datumtijd(None) == ""
        # the day in Amsterdam, not in UTC: 23:30 UTC on 5 December is 6 December
        assert datum(datetime(2026, 12, 5, 23, 30, tzinfo=UTC)) == "6 december 2026"


def test_templates_and_the_helper_agree():
    t = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ m|date:"DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}|'
        '{{ d|date:"SHORT_DATE_FORMAT" }}|{{ m }}|{{ d }}|{{ m|time:"TIME_FORMAT" }}'
    )
    with translation.override("nl"):
        uit = t.render(Context({"d": DAG, "m": MOMENT})).split("|")
    assert uit == [datum(DAG), datumtijd(MOMENT), maand(DAG), kort(DAG), datumtijd(MOMENT), datum(DAG), "14:03"]


def _templates():
    return sorted((SRC / "templates").rglob("*.html")) + sorted(SRC.glob("*/templates/**/*.html"))


FILTER = re.compile(r'\|(date|time)(?::("[^"]*"|\'[^\']*\'|[\w.]+))?')


def fouten_in_template(tekst: str) -> list[str]:
    fouten = []
    for m in FILTER.finditer(tekst):
        soort, arg = m.group(1), (m.group(2) or "").strip("\"'")
        regel = tekst.count("\n", 0, m.start()) + 1
        if soort == "date" and arg and arg not in TOEGESTANE_FORMATEN:
            fouten.append(f"regel {regel}: |date:{m.group(2)}")
        if soort == "time" and arg not in ("", "TIME_FORMAT"):
            fouten.append(f"regel {regel}: |time:{m.group(2)}")
        if arg.startswith("SHORT_"):
            voor = tekst[: m.start()]
            if voor.rfind("<td") <= voor.rfind("</td>"):
                fouten.append(f"regel {regel}: {arg} buiten een tabelcel")
    return fouten


def test_the_template_check_catches_a_format_outside_the_convention():
    assert fouten_in_template('<p>{{ x|date:"d-m-Y" }}</p>')
    assert fouten_in_template('<p>{{ x|date:"j F Y" }}</p>')
    assert fouten_in_template('<p>{{ x|time:"H:i" }}</p>')
    assert fouten_in_template('<p>{{ x|date:"SHORT_DATE_FORMAT" }}</p>')
    assert not fouten_in_template('<td class="c">{{ x|date:"SHORT_DATE_FORMAT" }}</td><p>{{ x|date }}</p>')


def test_every_template_uses_the_convention():
    fouten = [f"{p.relative_to(SRC)}: {f}" for p in _templates() for f in fouten_in_template(p.read_text())]
    assert not fouten, "\n".join(fouten)


# A date written by hand in Python: strftime or an f-string format with a day in it, Django's
# date_format, or a text date input with its own format. ISO (isoformat, %Y-%m-%d, %Y%m%d for
# file names, %Y-%m for a machine field) is for machine outputs and stays allowed.
# (ISO, also with a time, and a bare time such as "om 02:30" in a command's output are allowed)
_MENSELIJK = r"(%d[-/. ]%m|%-[dm]|%[eBbAa])"
EIGEN_OPMAAK = [
    re.compile(r"strftime\(\s*[\"'][^\"']*" + _MENSELIJK),
    re.compile(r"\{[^{}\n]*:[^{}\n]*" + _MENSELIJK + r"[^{}\n]*\}"),
    re.compile(r"\bdate_format\("),
    re.compile(r"DateInput\(\s*format="),
]


def test_the_python_check_catches_a_date_written_by_hand():
    for regel in (
        'f"{d:%d-%m-%Y}"',
        'x.strftime("%d-%m-%Y %H:%M")',
        'date_format(d, "j-n-Y")',
        'forms.DateInput(format="%d-%m-%Y")',
        'd.strftime("%-d %B %Y")',
    ):
        assert any(r.search(regel) for r in EIGEN_OPMAAK), regel
    for regel in ('d.strftime("%Y%m%d")', 'd.strftime("%Y-%m")', "d.isoformat()", 'input_formats=["%d-%m-%Y"]'):
        assert not any(r.search(regel) for r in EIGEN_OPMAAK), regel


VRIJ = {"core/datums.py", "core/widgets.py"}


def test_python_formats_dates_only_through_the_helper():
    fouten = []
    for p in sorted(SRC.rglob("*.py")):
        rel = p.relative_to(SRC).as_posix()
        if rel in VRIJ or "/migrations/" in rel:
            continue
        for nr, regel in enumerate(p.read_text().splitlines(), 1):
            if any(r.search(regel) for r in EIGEN_OPMAAK):
                fouten.append(f"{rel}:{nr}: {regel.strip()}")
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_kort_writes_what_djangos_date_format_writes(taal):
    """kort() takes a shortcut for formats of digits only; the text is Django's."""
    import datetime as dt

    from django.utils import translation
    from django.utils.formats import date_format

    from kompas.core import datums

    waarden = [dt.date(2026, 12, 5), dt.date(999, 1, 2), dt.date(2024, 2, 29)]
    waarden += [dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, 0, 5)]  # noqa: DTZ001 - a naive one too
    with translation.override(taal):
        for w in waarden:
            assert datums.kort(w) == date_format(datums._lokaal(w), "SHORT_DATE_FORMAT"), w
    assert datums._cijfers("d-m-Y") == "{d:02d}-{m:02d}-{Y:04d}"
    assert datums._cijfers("j F Y") is None and datums._cijfers(r"d \\d\\e m") is None
