"""Charts in the app: accessible SVG (role, title, description in words), never a bar for a
hidden cell, Dutch numbers and months, lead times in words, and a helpful empty state."""

import re
from types import SimpleNamespace

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from kompas.core.grafieken import heeft_waarden, kolommen, staven
from tests.test_meldroute import af, gemeente, melden, melder  # noqa: F401 - fixtures


def test_bars_are_an_image_with_title_and_a_description_in_words():
    with translation.override("nl"):
        svg = str(staven([("Bouw", 12), ("Horeca", "<5"), ("Land <&> tuinbouw", 75645)], titel="Per sector"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    titel_id, desc_id = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', svg).groups()
    assert f'<title id="{titel_id}">Per sector</title>' in svg and f'<desc id="{desc_id}">' in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "Land &lt;&amp;&gt; tuinbouw 75.645" in desc and "1 niet getoond" in desc
    assert svg.count("<rect") == 2  # no bar for the hidden cell
    assert "niet getoond (&lt;5)" in svg and "<&>" not in svg


def test_columns_label_every_month_and_leave_hidden_cells_without_a_column():
    rijen = [("januari 2026", 7), ("februari 2026", "<5"), ("maart 2026", 0), ("april 2026", 9)]
    svg = str(kolommen(rijen, titel="Per maand", korte_labels=["jan '26", "feb '26", "mrt '26", "apr '26"]))
    assert svg.count("<rect") == 2 and "jan &#x27;26" in svg and "apr &#x27;26" in svg
    assert heeft_waarden(rijen) and not heeft_waarden([("a", 0), ("b", "<5")])


def test_template_tag_picks_the_chart_and_says_lead_times_in_words():
    t = Template(
        "{% load kompas_grafieken %}{% grafiek tabel %}|{{ 0|binnen_dagen }}|{{ 1|binnen_dagen }}|{{ 12|binnen_dagen }}"
    )
    maand = SimpleNamespace(titel="Per maand", rijen=[("december 2026", 3)], grafiek="kolommen")
    with translation.override("nl"):
        out = t.render(Context({"tabel": maand}))
        leeg = t.render(Context({"tabel": SimpleNamespace(titel="Leeg", rijen=[("a", 0)])}))
    assert "<svg" in out and "dec &#x27;26" in out
    assert out.endswith("|op dezelfde dag|binnen 1 dag|binnen 12 dagen")
    assert leeg.startswith("|"), "no chart without values"


def test_figures_page_shows_charts_dutch_months_and_lead_time_in_words(melder, af, login):
    c = login(af)
    leeg = c.get(reverse("meldroute:cijfers")).content.decode()
    assert "nog geen signalen" in leeg and "<svg" not in leeg
    for _ in range(3):
        melden(melder, sector="bouw")
    page = c.get(reverse("meldroute:cijfers")).content.decode()
    assert page.count('role="img"') >= 3  # month trend, vorm, sector
    assert re.search(
        r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20\d\d", page
    )
    assert not re.search(r">20\d\d-\d\d<", page)
    assert "nog geen signalen" not in page


def test_zelfscan_chart_counts_statements_per_bouwsteen_with_the_plateau():
    from kompas.zelfscan.definitie import ITEMS
    from kompas.zelfscan.scoring import plateaus

    eerste = ITEMS[0]
    antwoorden = {eerste.code: "ja"}
    t = Template("{% load zelfscan_tags %}{% stellingen_grafiek a p %}")
    with translation.override("nl"):
        svg = t.render(Context({"a": antwoorden, "p": plateaus(antwoorden)}))
    totaal = sum(1 for i in ITEMS if i.bouwsteen == eerste.bouwsteen)
    assert f"1 van {totaal} · Basis nog niet bereikt" in svg
    assert svg.count("<rect") == 1  # only the bouwsteen with a 'ja' has a bar


def test_zelfscan_chart_bars_are_shares_so_every_full_bouwsteen_is_equally_long():
    """A bouwsteen of 4 statements all 'ja' is as long as one of 7 (was: 4 shorter than 7), and
    no label or value text is cut off."""
    from kompas.core.bouwstenen import Bouwsteen
    from kompas.zelfscan.definitie import ITEMS
    from kompas.zelfscan.scoring import plateaus

    antwoorden = {i.code: "ja" for i in ITEMS}
    t = Template("{% load zelfscan_tags %}{% stellingen_grafiek a p %}")
    with translation.override("nl"):
        svg = t.render(Context({"a": antwoorden, "p": plateaus(antwoorden)}))
    breedtes = set(re.findall(r'<rect x="\d+" y="\d+" width="(\d+)"', svg))
    assert len(breedtes) == 1 and svg.count("<rect") == len(Bouwsteen.choices)
    assert "…" not in svg
    for _code, label in Bouwsteen.choices:
        assert f">{label}</text>" in svg


def test_pairs_show_then_and_now_with_a_legend_and_the_change_in_words():
    from kompas.core.grafieken import paren

    with translation.override("nl"):
        svg = str(
            paren(
                [("Beleid", 1, 4), ("Opvang", 3, 3), ("Signaleren", "<5", 2)],
                titel="Voortgang",
                reeksen=("toen", "nu"),
                totalen=[6, 5, 4],
            )
        )
    assert 'role="img"' in svg and "<title" in svg and ">toen</text>" in svg and ">nu</text>" in svg  # the legend
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "Beleid: toen 1 van 6, nu 4 van 6 (3 meer)." in desc
    assert "Opvang: toen 3 van 5, nu 3 van 5 (gelijk gebleven)." in desc
    assert "Signaleren: toen &lt;5 van 4, nu 2 van 4 (niet te vergelijken)." in desc
    assert svg.count("<rect") == 2 + 5  # two legend squares; no bar for the hidden value


def test_monitor_report_bars_are_core_charts_on_a_percentage_scale():
    """The report's bar chart is core.grafieken.staven (one twin less): an image with the
    question as title, values as the table writes them, no bar for a hidden cell."""
    from kompas.monitor.rapport import staafdiagram

    with translation.override("nl"):
        svg = str(staafdiagram([("Ja", 10, 50.0), ("Nee", "<5", None), ("Weet niet", 10, 25.0)], "Heeft u beleid?"))
    assert 'role="img"' in svg and ">Heeft u beleid?</title>" in svg
    assert svg.count("<rect") == 2 and "50,0%" in svg and "niet getoond (&lt;5)" in svg
    breedtes = [int(w) for w in re.findall(r'<rect[^>]*width="(\d+)"', svg)]
    assert breedtes[0] == 2 * breedtes[1]  # 50 % and 25 % on the same 0–100 scale


def test_bar_labels_round_as_the_tables_do():
    # the fresh-eyes walk: bars said 14,8 / 33,9 % where the text beside them said 14,9 / 34,0 %,
    # because number_format cuts decimals off; the label rounds like the table
    with translation.override("nl"):
        svg = str(
            staven([("Ja", 14.8936), ("Nee", 33.96), ("Weet niet", 51.1464)], titel="T", eenheid="%", maximum=100)
        )
    assert "14,9" in svg and "34" in svg and "51,1" in svg
    assert "14,8" not in svg and "33,9" not in svg
