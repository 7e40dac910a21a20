"""The publication rules (kompas.core.publicatie): no hidden count can be derived from what is
published. The property tests check the published tables with an independent brute-force
reader: for every hidden count it searches a table that agrees with everything printed (shown
counts, '<5' = 1–4, 'x' = 5 or more, every total and margin) but has another value there."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompas.core import publicatie
from kompas.core.publicatie import KLEIN, VERBORGEN

# --- the independent reader ---------------------------------------------------------------


def _interval(publiek, nul_mogelijk=False):
    if publiek == KLEIN:
        return (0 if nul_mogelijk else 1), 4
    if publiek == VERBORGEN:
        return 5, 10**9
    return publiek, publiek


def herleidbaar(
    waarden: list[int],
    publiek: list,
    vergelijkingen: list[tuple[list[int], int]],
    nul_mogelijk: frozenset[int] = frozenset(),
    stap: int = 2,
    hoogstens: list[tuple[int, int]] = (),
) -> list[int]:
    """Indices of hidden quantities that a reader can pin down: no table within ``stap`` of
    the true one agrees with everything published and gives them another value. Each
    equation says sum(quantities[idx]) == quantities[rhs], each pair in ``hoogstens`` that
    the first is at most the second. Finding an alternative in a
    neighbourhood is proof enough that the value is not determined."""
    n = len(waarden)
    bereik = []
    for i in range(n):
        lo, hi = _interval(publiek[i], i in nul_mogelijk)
        assert lo <= waarden[i] <= hi, f"published value {publiek[i]} contradicts the true {waarden[i]}"
        bereik.append(range(max(lo, waarden[i] - stap), min(hi, waarden[i] + stap) + 1))
    klaar_bij: dict[int, list] = {}
    for links, rechts in vergelijkingen:
        klaar_bij.setdefault(max([*links, rechts]), []).append((links, rechts))
    for a, b in hoogstens:
        klaar_bij.setdefault(max(a, b), []).append(([a], b, "<="))
    verborgen = {i for i in range(n) if publiek[i] in (KLEIN, VERBORGEN)}
    beweegt: set[int] = set()
    x = list(waarden)

    def zoek(i: int) -> None:
        if verborgen <= beweegt:
            return
        if i == n:
            beweegt.update(j for j in verborgen if x[j] != waarden[j])
            return
        for v in bereik[i]:
            x[i] = v
            if all(
                sum(x[j] for j in c[0]) <= x[c[1]] if len(c) == 3 else sum(x[j] for j in c[0]) == x[c[1]]
                for c in klaar_bij.get(i, ())
            ):
                zoek(i + 1)
        x[i] = waarden[i]

    zoek(0)
    return sorted(verborgen - beweegt)


def _rij_publiek(cellen, totaal):
    r = publicatie.rij(cellen, totaal)
    return [*cellen, totaal], [*(c.publiek for c in r.cellen), r.totaal.publiek]


# --- properties ----------------------------------------------------------------------------

klein_getal = st.integers(min_value=0, max_value=14)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(klein_getal, min_size=1, max_size=5))
def test_one_table_with_its_total_hides_nothing_derivable(cellen):
    totaal = sum(cellen)
    waarden, publiek = _rij_publiek(cellen, totaal)
    k = len(cellen)
    assert all(p == KLEIN for w, p in zip(waarden, publiek, strict=True) if 0 < w < 5)  # primary
    nul = frozenset(range(k)) if publiek[-1] == KLEIN else frozenset()  # a total under 5: every cell '<5'
    assert herleidbaar(waarden, publiek, [(list(range(k)), k)], nul) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(klein_getal, min_size=1, max_size=3), st.data())
def test_tables_sharing_a_total_hide_nothing_derivable(eerste, data):
    # like the meldroute: per sector and per source both add up to the total
    totaal = sum(eerste)
    tweede = data.draw(st.lists(klein_getal, min_size=1, max_size=3).filter(lambda r: sum(r) <= totaal))
    tweede[-1] += totaal - sum(tweede)
    t, (a, b), _los = publicatie.tabellen(totaal, [eerste, tweede])
    waarden = [*eerste, *tweede, totaal]
    publiek = [*(g.publiek for g in a), *(g.publiek for g in b), t.publiek]
    i, j = len(eerste), len(eerste) + len(tweede)
    nul = frozenset(range(j)) if t.publiek == KLEIN else frozenset()
    assert herleidbaar(waarden, publiek, [(list(range(i)), j), (list(range(i, j)), j)], nul) == []


def _kruis_indices(G: int, k: int):
    """Quantities of a group × option table: cells (row-major), group N, option counts, N."""
    cel = lambda g, j: g * k + j  # noqa: E731
    rij_n = lambda g: G * k + g  # noqa: E731
    kol = lambda j: G * k + G + j  # noqa: E731
    n = G * k + G + k
    return cel, rij_n, kol, n


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=3), st.integers(min_value=2, max_value=3), st.data())
def test_breakdown_with_margins_hides_nothing_derivable(G, k, data):
    tabel = [data.draw(st.lists(st.integers(min_value=0, max_value=9), min_size=k, max_size=k)) for _ in range(G)]
    groep_n = [sum(r) for r in tabel]
    opties = [sum(r[j] for r in tabel) for j in range(k)]
    N = sum(groep_n)
    kt = publicatie.kruistabel(N, opties, [(groep_n, tabel)], sluitend=True)
    [(n_pub, cel_pub)] = kt.uitsplitsingen
    cel, rij_n, kol, n = _kruis_indices(G, k)
    waarden = [x for r in tabel for x in r] + groep_n + opties + [N]
    publiek = (
        [c.publiek for r in cel_pub for c in r]
        + [g.publiek for g in n_pub]
        + [o.publiek for o in kt.opties]
        + [kt.totaal.publiek]
    )
    vgl = [([cel(g, j) for j in range(k)], rij_n(g)) for g in range(G)]
    vgl += [([cel(g, j) for g in range(G)], kol(j)) for j in range(k)]
    vgl += [([rij_n(g) for g in range(G)], n), ([kol(j) for j in range(k)], n)]
    # a group under 5 shows '<5' in every cell, zeros included
    if 0 < N < 5:  # everything '<5'
        nul = frozenset(range(n))
    else:
        nul = frozenset(cel(g, j) for g in range(G) if 0 < groep_n[g] < 5 for j in range(k))
    assert herleidbaar(waarden, publiek, vgl, nul, stap=1 if G * k > 6 else 2) == []
    # a percentage only beside a shown count and a shown base
    for g in range(G):
        for j in range(k):
            assert (publicatie.pct(cel_pub[g][j], n_pub[g], 50.0) is None) == (
                not (cel_pub[g][j].getoond and n_pub[g].getoond)
            )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=3), st.integers(min_value=1, max_value=2), st.data())
def test_several_answer_breakdown_hides_nothing_derivable(G, k, data):
    # a question where a respondent may tick several options: a cell is at most its group's N
    groep_n = data.draw(st.lists(st.integers(min_value=0, max_value=9), min_size=G, max_size=G))
    tabel = [[data.draw(st.integers(min_value=0, max_value=ng)) for _ in range(k)] for ng in groep_n]
    opties = [sum(r[j] for r in tabel) for j in range(k)]
    N = sum(groep_n)
    kt = publicatie.kruistabel(N, opties, [(groep_n, tabel)], sluitend=False)
    [(n_pub, cel_pub)] = kt.uitsplitsingen
    cel, rij_n, kol, n = _kruis_indices(G, k)
    waarden = [x for r in tabel for x in r] + groep_n + opties + [N]
    publiek = (
        [c.publiek for r in cel_pub for c in r]
        + [g.publiek for g in n_pub]
        + [o.publiek for o in kt.opties]
        + [kt.totaal.publiek]
    )
    vgl = [([cel(g, j) for g in range(G)], kol(j)) for j in range(k)] + [([rij_n(g) for g in range(G)], n)]
    hoogstens = [(cel(g, j), rij_n(g)) for g in range(G) for j in range(k)] + [(kol(j), n) for j in range(k)]
    if 0 < N < 5:
        nul = frozenset(range(n))
    else:
        nul = frozenset(cel(g, j) for g in range(G) if 0 < groep_n[g] < 5 for j in range(k))
    assert herleidbaar(waarden, publiek, vgl, nul, stap=2, hoogstens=hoogstens) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_two_breakdowns_sharing_the_national_row_hide_nothing_derivable(data):
    # grootteklasse and regio: the same respondents in 2 × 2 groups, options add up to N
    k = 2
    mensen = data.draw(
        st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, k - 1)), min_size=1, max_size=16)
    )
    tabellen = []
    for b in range(2):
        t = [[sum(1 for m in mensen if m[b] == g and m[2] == j) for j in range(k)] for g in range(2)]
        tabellen.append(([sum(r) for r in t], t))
    opties = [sum(1 for m in mensen if m[2] == j) for j in range(k)]
    N = len(mensen)
    kt = publicatie.kruistabel(N, opties, tabellen, sluitend=True)
    waarden, publiek, vgl = [], [], []
    for (ns, t), (n_pub, cel_pub) in zip(tabellen, kt.uitsplitsingen, strict=True):
        basis = len(waarden)
        waarden += [x for r in t for x in r] + ns
        publiek += [c.publiek for r in cel_pub for c in r] + [g.publiek for g in n_pub]
        vgl += [([basis + g * k + j for j in range(k)], basis + 2 * k + g) for g in range(2)]
        vgl.append(([basis + 2 * k + g for g in range(2)], 2 * (2 * k + 2) + k))  # group N add up to N
        vgl += [
            ([basis + g * k + j for g in range(2)], 2 * (2 * k + 2) + j) for j in range(k)
        ]  # columns to the national count
    waarden += [*opties, N]
    publiek += [*(o.publiek for o in kt.opties), kt.totaal.publiek]
    vgl.append((list(range(2 * (2 * k + 2), 2 * (2 * k + 2) + k)), 2 * (2 * k + 2) + k))
    nul = set()
    if 0 < N < 5:
        nul = set(range(len(waarden)))
    else:
        for b, (ns, _t) in enumerate(tabellen):
            nul |= {b * (2 * k + 2) + g * k + j for g in range(2) if 0 < ns[g] < 5 for j in range(k)}
    assert herleidbaar(waarden, publiek, vgl, frozenset(nul), stap=1) == []


def test_the_reader_finds_what_the_old_rule_leaked():
    # the reader must catch a leaking table, or the properties above prove nothing: 1 and 5
    # shown as '<5' (1–4) and 'x' (5 or more) beside their total 6 leave only 1 + 5, and a
    # lone '<5' beside 18 and the total 19 is 1
    assert herleidbaar([1, 5, 6], [KLEIN, VERBORGEN, 6], [([0, 1], 2)]) == [0, 1]
    assert herleidbaar([1, 18, 0, 19], [KLEIN, 18, 0, 19], [([0, 1, 2], 3)]) == [0]


# --- reproductions of finding 2 ------------------------------------------------------------


@pytest.mark.django_db
def test_finding_2a_nineteen_minus_eighteen_no_longer_gives_one():
    from django.core.cache import cache

    from kompas.meldroute.constants import Herkomst, Sector
    from kompas.meldroute.models import SignaalStatistiek
    from kompas.meldroute.selectors import Scope, cijfers

    cache.clear()
    for i in range(19):
        SignaalStatistiek.objects.create(
            signaal_id=i + 1,
            gemeente_code="GM0405",
            maand=date(2026, 3, 1),
            sector=Sector.BOUW if i == 0 else Sector.HORECA,
            herkomst=Herkomst.choices[0][0],
        )
    for scope in (Scope("NL", None, suppress=True), Scope("regio", ["GM0405", "GM0406"], suppress=True)):
        data = cijfers(scope)
        sector = next(t for t in data["tabellen"] if t.titel == "Per sector")
        shown = dict(sector.rijen)
        assert data["totaal"] == 19 and shown[str(Sector.BOUW.label)] == "<5"
        waarden = [
            1 if lab == str(Sector.BOUW.label) else (18 if lab == str(Sector.HORECA.label) else 0)
            for lab, _n in sector.rijen
        ]
        publiek = [n for _l, n in sector.rijen]
        # 19 − 18 = 1 no longer works: the 18 is hidden as well
        assert shown[str(Sector.HORECA.label)] == VERBORGEN
        assert (
            herleidbaar([*waarden, 19], [*publiek, data["totaal"]], [(list(range(len(waarden))), len(waarden))]) == []
        )
        cache.clear()


@pytest.mark.django_db
def test_finding_2b_wave_comparison_cannot_be_turned_back_into_counts():
    from openpyxl import load_workbook

    from kompas.monitor import rapport
    from kompas.monitor.analyse import analyseren, tonen
    from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

    gemeenten = [
        (
            f"GM1{i:03d}",
            f"G{i}",
            "Utrecht" if i % 2 else "Gelderland",
            10_000 + 3_000 * i,
            "ZVH Midden" if i % 3 else "ZVH Oost",
        )
        for i in range(40)
    ]
    wereld(2019, gemeenten)
    wereld(2021, gemeenten)
    oud = meting("m2019", 2019, lijsten=("gemeente-2021",))
    nieuw = meting("m2021", 2021, lijsten=("gemeente-2021",), vorige=oud)
    for i, (code, *_r) in enumerate(gemeenten):
        inzending(
            oud, code, volledig_antwoord(B5_ZORGCOORDINATOR="ja" if i < 28 else ("nee" if i < 36 else "weetniet"))
        )
        inzending(
            nieuw, code, volledig_antwoord(B5_ZORGCOORDINATOR="ja" if i < 30 else ("nee" if i < 38 else "weetniet"))
        )

    [oud_res] = analyseren(oud)
    [res] = analyseren(nieuw)
    zc = next(r for r in res.alle_vragen if r.code == "B5_ZORGCOORDINATOR")
    zc_oud = next(r for r in oud_res.alle_vragen if r.code == "B5_ZORGCOORDINATOR")
    nu = {o.code: shown for o, shown, _p in tonen(zc)}
    toen = {o.code: shown for o, shown, _p in tonen(zc_oud)}  # as the 2019 report printed it
    assert nu["weetniet"] == "<5" and toen["weetniet"] == "<5"
    for v in zc.vergelijking:
        if not isinstance(nu[v.code], int):
            assert v.pct_nieuw is None and v.pp is None, v
        if not isinstance(toen[v.code], int):
            assert v.pct_oud is None and v.pp is None, v
        if v.pct_oud is not None and v.pp is not None:  # (pct_oud + pp) × N / 100 is a printed count
            assert isinstance(nu[v.code], int)
    ja = next(v for v in zc.vergelijking if v.code == "ja")
    assert ja.pp == pytest.approx(100 * 30 / 40 - 100 * 28 / 40)  # shown where nothing is hidden

    # the XLSX sheet "Vergelijking" prints no percentage or difference of a hidden count
    wb = load_workbook(io.BytesIO(rapport.xlsx(nieuw)))
    vragen = {(r[2], r[5]): r[8] for r in wb["Vragen"].iter_rows(min_row=2, values_only=True)}
    kop = [c.value for c in wb["Vergelijking"][1]]
    for r in wb["Vergelijking"].iter_rows(min_row=2, values_only=True):
        rij = dict(zip(kop, r, strict=True))
        if not isinstance(vragen[(rij["vraag"], rij["optie"])], int):
            assert rij["pct"] in (None, "") and rij["verschil_procentpunt"] in (None, ""), rij
    rijen = [dict(zip(kop, r, strict=True)) for r in wb["Vergelijking"].iter_rows(min_row=2, values_only=True)]
    assert any(r["vraag"] == "B5_ZORGCOORDINATOR" and r["optie"] == "weetniet" for r in rijen)


def test_below_a_total_of_five_every_cell_is_small_in_the_several_answer_tables_too():
    # the fresh-eyes walk: total '<5', every vorm '<5' except 'Gedwongen orgaanverwijdering', shown
    # as 0, which tells that none of the few signals was about organs (the page promises '<5')
    t, (sector,), (vorm,) = publicatie.tabellen(3, [[2, 1, 0]], [[2, 1, 0, 0]])
    assert t.publiek == KLEIN
    assert [g.publiek for g in sector] == [KLEIN] * 3
    assert [g.publiek for g in vorm] == [KLEIN] * 4
    # a zero next to a total of five or more stays a zero
    _t, _s, (vorm,) = publicatie.tabellen(12, [[7, 5]], [[12, 0]])
    assert [g.publiek for g in vorm][1] == 0
