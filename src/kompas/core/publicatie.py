"""Publishing figures without identifying anyone: the one place where Kompas decides which
counts leave their owner's scope.

Every published table is described as a small flow network (see :class:`Netwerk`): each
count is an edge and every linear relation a reader can use (a total, a row or column
margin, the same total shared by several tables) is conservation of flow at a node. The
rules:

* **Primary suppression**: a count of 1–4 is shown as ``<5`` (a reader knows it is 1–4).
* **Secondary suppression**: a count that could be recomputed from what is shown
  (``19 − 18 = 1``) makes one more cell hidden, shown as ``x`` (a reader knows it is 5 or
  more), until every hidden count can take at least two values consistent with everything
  published. In a network a hidden count can change exactly when a cycle of hidden counts
  (each with room to move up or down within what the reader knows) runs through it, so the
  check is exact for integer tables, not a heuristic.
* A table whose total is under 5 (or a group of fewer than 5) shows every cell as ``<5``,
  zeros included: otherwise four cases in four categories (1 + 1 + 1 + 1 = 4) are exact.
* A percentage is shown only when its count and its base are shown; a difference between
  two percentages only when both are shown.

Zeros are published as 0 and never used to hide another cell.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

DREMPEL = 5  # counts 1 .. DREMPEL-1 are never shown
KLEIN = "<5"  # primary: the count is 1–4
VERBORGEN = "x"  # secondary: the count is 5 or more, hidden so a small one cannot be derived
ONBEGRENSD = 10**12


@dataclass
class Grootheid:
    """One count as published: its true value, and after :meth:`Netwerk.beschermen` whether
    it is hidden (``teken``). ``bovengrens`` and ``ondergrens`` keep the alternatives the
    check considers within relations that are not sums (a ticked option never exceeds its
    group's N, so the group's N is never below it): the check then only accepts alternatives
    that respect them, which errs on the safe side. ``vrij`` marks a quantity that is never
    published at all (e.g. how many signals have no outcome yet), ``prioriteit`` orders the
    choice of secondary cells (totals last)."""

    waarde: int
    prioriteit: int = 0
    bovengrens: int | None = None
    vrij: bool = False
    teken: str | None = None
    nul_mogelijk: bool = False  # hidden in a group too small to show, so it may also be 0
    ondergrens: int | None = None
    afgeleid: bool = False  # never printed, but fixed by the others (e.g. who did not tick an option)

    @property
    def getoond(self) -> bool:
        return self.teken is None and not self.vrij and not self.afgeleid

    @property
    def publiek(self) -> int | str:
        """The value as it may be printed: the count, ``<5`` or ``x``."""
        return self.waarde if self.teken is None else self.teken

    def _onder(self) -> int:
        if self.vrij or self.afgeleid:
            return 0
        if self.teken is None:
            return self.waarde
        lo = (0 if self.nul_mogelijk else 1) if self.teken == KLEIN else DREMPEL
        return max(lo, self.ondergrens or 0)

    def _boven(self) -> int:
        if self.vrij or self.afgeleid:
            return ONBEGRENSD
        if self.teken is None:
            return self.waarde
        boven = ONBEGRENSD if self.bovengrens is None else self.bovengrens
        return min(DREMPEL - 1, boven) if self.teken == KLEIN else boven

    def grenzen(self) -> tuple[int, int]:
        """What a reader knows about the value."""
        return self._onder(), self._boven()


@dataclass
class Netwerk:
    """Counts as edges between nodes; at every node what flows in equals what flows out."""

    randen: list[tuple[Hashable, Hashable, Grootheid]] = field(default_factory=list)
    onder: dict[int, int] = field(default_factory=dict)  # edge → a floor only this network needs
    # (edge, sign) → whether the count has room to go (up, down) when shown with that sign:
    # only the sign changes while a network is protected, so this is worked out once
    _ruimtes: dict = field(default_factory=dict, repr=False, compare=False)

    def _grenzen(self, i: int) -> tuple[int, int]:
        lo, hi = self.randen[i][2].grenzen()
        return max(lo, self.onder.get(i, lo)), hi

    def _ruimte(self, i: int, teken: str | None) -> tuple[bool, bool]:
        """Whether count ``i``, published with ``teken``, can be higher / lower than it is
        for all a reader knows."""
        sleutel = (i, teken)
        r = self._ruimtes.get(sleutel)
        if r is None:
            g = self.randen[i][2]
            if g.vrij:
                r = (True, True)
            else:
                eerder, g.teken = g.teken, teken
                lo, hi = self._grenzen(i)
                g.teken = eerder
                r = (g.waarde < hi, g.waarde > lo)
            self._ruimtes[sleutel] = r
        return r

    def rand(self, van: Hashable, naar: Hashable, g: Grootheid, onder: int | None = None) -> Grootheid:
        if onder is not None:
            self.onder[len(self.randen)] = onder
        self.randen.append((van, naar, g))
        return g

    def vrij(self, van: Hashable, naar: Hashable) -> None:
        """An unpublished slack between two nodes (e.g. a table that does not add up)."""
        self.randen.append((van, naar, Grootheid(0, vrij=True)))

    # -- the check ------------------------------------------------------------------------
    def _bogen(self) -> dict[Hashable, list[tuple[Hashable, int]]]:
        """The residual graph: per node the nodes a hidden count lets a change flow to."""
        bogen: dict[Hashable, list[tuple[Hashable, int]]] = defaultdict(list)
        for i, (u, v, g) in enumerate(self.randen):
            if g.teken is None and not g.vrij and not g.afgeleid:  # shown
                continue
            omhoog, omlaag = self._ruimte(i, g.teken)
            if omhoog:
                bogen[u].append((v, i))
            if omlaag:
                bogen[v].append((u, i))
        return bogen

    @staticmethod
    def _bereikbaar(bogen, van, naar, zonder: int) -> bool:
        gezien, stapel = {van}, [van]
        while stapel:
            x = stapel.pop()
            if x == naar:
                return True
            for y, i in bogen.get(x, ()):
                if i != zonder and y not in gezien:
                    gezien.add(y)
                    stapel.append(y)
        return False

    def beweegbaar(self, i: int, bogen=None) -> bool:
        """Whether hidden count ``i`` can take another value consistent with all that is
        published: a residual cycle through it exists (not using its own other direction)."""
        u, v, g = self.randen[i]
        omhoog, omlaag = self._ruimte(i, g.teken)
        bogen = self._bogen() if bogen is None else bogen
        return (omhoog and self._bereikbaar(bogen, v, u, i)) or (omlaag and self._bereikbaar(bogen, u, v, i))

    def bepaald(self, beweegt: set[int] | None = None) -> list[int]:
        """Hidden counts a reader can pin down. ``beweegt`` caches counts known to move:
        hiding more only adds room, so they stay free while nothing is revealed."""
        beweegt = set() if beweegt is None else beweegt
        bogen = self._bogen()
        uit = []
        for i, (_u, _v, g) in enumerate(self.randen):
            if g.teken is None or i in beweegt:
                continue
            if self.beweegbaar(i, bogen):
                beweegt.add(i)
            else:
                uit.append(i)
        return uit

    def _eerste_bepaalde(self, beweegt: set[int], opgegeven: set[int]) -> int | None:
        """The first hidden count (in the order of the edges) that a reader can pin down and
        that hiding more can free: the one :meth:`beschermen` works on next. The same choice
        as taking the first of :meth:`bepaald`, without checking every hidden count on every
        round: counts after it wait for a later round (hiding only adds room, so what moves
        now still moves then, and what is pinned is found then), and counts that are not
        worked on (given up, or zeros that may be shown) are only checked once nothing else
        is left."""
        bogen = self._bogen()
        for i, (_u, _v, g) in enumerate(self.randen):
            if g.teken is None or i in beweegt or i in opgegeven or (g.nul_mogelijk and g.waarde == 0):
                continue
            if self.beweegbaar(i, bogen):
                beweegt.add(i)
            else:
                return i
        return None

    # -- the rules ------------------------------------------------------------------------
    def beschermen(self) -> Netwerk:
        """Apply primary and secondary suppression in place."""
        for _u, _v, g in self.randen:
            if not g.vrij and 0 < g.waarde < DREMPEL:
                g.teken = KLEIN
        beweegt: set[int] = set()
        opgegeven: set[int] = set()  # counts no hiding can free within the check's safe limits
        while True:
            doel = self._eerste_bepaalde(beweegt, opgegeven)
            if doel is None:
                nullen = [
                    i
                    for i, (_u, _v, g) in enumerate(self.randen)
                    if g.teken is not None and i not in beweegt and g.nul_mogelijk and g.waarde == 0
                ]
                bogen = self._bogen()
                nullen = [i for i in nullen if not self.beweegbaar(i, bogen)]
                if not nullen:
                    return self
                for i in nullen:  # zeros in small groups that the margins give away anyway: show them
                    self.randen[i][2].teken = None
                beweegt.clear()  # showing a count takes room away: check everything again
                continue
            pad = self._goedkoopste_cyclus(doel)
            if pad is None:
                # the check's safe limits leave no cycle: hide the cheapest count beside it, so
                # a reader loses what pins it down, and look again
                u, v, _g = self.randen[doel]
                buren = [
                    i
                    for i, (a, b, g) in enumerate(self.randen)
                    if g.getoond and g.waarde >= DREMPEL and {a, b} & {u, v}
                ]
                if not buren:
                    opgegeven.add(doel)
                    continue
                pad = [min(buren, key=lambda i: (1 + self.randen[i][2].waarde) * 1000 ** self.randen[i][2].prioriteit)]
            for k in pad:
                self.randen[k][2].teken = VERBORGEN

    def _goedkoopste_cyclus(self, doel: int) -> list[int] | None:
        """The cheapest set of shown counts whose hiding puts ``doel`` on a residual cycle:
        a shortest path where hidden counts cost nothing and a shown one its weight (cells
        before group totals, before national counts, before N; small before large)."""

        u0, v0, g0 = self.randen[doel]
        lo0, hi0 = self._grenzen(doel)
        bogen: dict[Hashable, list[tuple[Hashable, int, int]]] = defaultdict(list)  # node → (next, cost, edge)
        for i, (u, v, g) in enumerate(self.randen):
            if i == doel:
                continue
            if g.teken is None and not g.vrij and not g.afgeleid:  # shown
                if g.waarde < DREMPEL:
                    continue  # zeros stay shown; 1–4 are hidden already
                kosten = (1 + g.waarde) * 1000**g.prioriteit
                omhoog, omlaag = self._ruimte(i, VERBORGEN)  # what a reader would know if it were hidden
            else:
                kosten = 0
                omhoog, omlaag = self._ruimte(i, g.teken)
            if omhoog:
                bogen[u].append((v, kosten, i))
            if omlaag:
                bogen[v].append((u, kosten, i))
        beste = None
        for start, eind, mag in ((v0, u0, g0.waarde < hi0), (u0, v0, g0.waarde > lo0)):
            if not mag:
                continue
            afstand = {start: 0}
            via: dict[Hashable, tuple[Hashable, int]] = {}
            heap = [(0, 0, start)]
            teller = 1
            while heap:
                d, _t, x = heapq.heappop(heap)
                if x == eind:
                    break
                if d > afstand.get(x, d):
                    continue
                for y, c, i in bogen.get(x, ()):
                    if d + c < afstand.get(y, float("inf")):
                        afstand[y] = d + c
                        via[y] = (x, i)
                        heapq.heappush(heap, (d + c, teller, y))
                        teller += 1
            if eind in afstand and (beste is None or afstand[eind] < beste[0]):
                pad, x = [], eind
                while x != start:
                    x, i = via[x]
                    pad.append(i)
                beste = (afstand[eind], pad)
        if beste is None:
            return None
        return [i for i in beste[1] if self.randen[i][2].getoond]


# --- the shapes Kompas publishes --------------------------------------------------------


def pct(g: Grootheid, basis: Grootheid | int | None, waarde: float | None) -> float | None:
    """A percentage may be printed only when its count and its base are shown."""
    basis_getoond = basis.getoond if isinstance(basis, Grootheid) else basis is not None
    return waarde if g.getoond and basis_getoond else None


def verschil(oud: float | None, nieuw: float | None) -> float | None:
    """A difference in percentage points only between two published percentages."""
    return None if oud is None or nieuw is None else nieuw - oud


@dataclass
class Rij:
    """A one-dimensional table: ``cellen`` and the ``totaal`` they belong to."""

    cellen: list[Grootheid]
    totaal: Grootheid | None


def tabellen(
    totaal: int | None, sluitend: Sequence[Sequence[int]], los: Sequence[Sequence[int]] = ()
) -> tuple[Grootheid | None, list[list[Grootheid]], list[list[Grootheid]]]:
    """Several breakdowns of one population. Each ``sluitend`` table adds up to ``totaal``
    (exactly one category per case); each ``los`` table does not (a case can be in several
    cells, or in none). Returns the protected total and tables."""
    net = Netwerk()
    t = Grootheid(totaal, prioriteit=2) if totaal is not None else None
    uit_sluitend = []
    klein = totaal is not None and 0 < totaal < DREMPEL  # then every cell is '<5', zeros too
    for k, rij in enumerate(sluitend):
        uit_sluitend.append(
            [
                net.rand(
                    ("keten", k), ("keten", k + 1), Grootheid(n, nul_mogelijk=klein, teken=KLEIN if klein else None)
                )
                for n in rij
            ]
        )
    if t is not None:
        net.rand(("keten", len(sluitend)), ("keten", 0), t)
    elif sluitend:
        net.vrij(("keten", len(sluitend)), ("keten", 0))
    uit_los = []
    for k, rij in enumerate(los):
        uit_los.append(
            [
                net.rand(
                    ("los", k, j),
                    ("los", k, j, "eind"),
                    Grootheid(n, bovengrens=totaal, nul_mogelijk=klein, teken=KLEIN if klein else None),
                )
                for j, n in enumerate(rij)
            ]
        )
        if t is not None:
            t.ondergrens = max([t.ondergrens or 0, *rij])
        for j in range(len(rij)):
            net.vrij(("los", k, j, "eind"), ("los", k, j))
    net.beschermen()
    return t, uit_sluitend, uit_los


def rij(cellen: Sequence[int], totaal: int | None, *, sluitend: bool = True) -> Rij:
    """One table with its total (``sluitend``: the cells add up to it)."""
    t, s, los = tabellen(totaal, [cellen] if sluitend else [], [] if sluitend else [cellen])
    return Rij((s or los)[0], t)


@dataclass
class Kruistabel:
    """A question published nationally and broken down by groups."""

    totaal: Grootheid  # N
    opties: list[Grootheid]  # national count per option
    uitsplitsingen: list[tuple[list[Grootheid], list[list[Grootheid]]]]  # per breakdown: (N per group, cells)


def kruistabel(
    totaal: int,
    opties: Sequence[int],
    uitsplitsingen: Sequence[tuple[Sequence[int], Sequence[Sequence[int]]]],
    *,
    sluitend: bool,
) -> Kruistabel:
    """The national row (N and a count per option) together with up to two breakdowns (each
    a group × option table with N per group), protected as one: the groups' N add up to N,
    each breakdown's columns add up to the national count and, for a question with one
    answer (``sluitend``), the options add up to N and a group's cells to the group's N.
    A group of fewer than 5 shows every cell as ``<5`` (zeros too), and so does the whole
    table when N is under 5."""
    if len(uitsplitsingen) > 2:
        raise ValueError("hoogstens twee uitsplitsingen per vraag")
    net = Netwerk()
    n = Grootheid(totaal, prioriteit=3)
    alles_klein = 0 < totaal < DREMPEL  # then every figure is '<5', zeros too
    teken = KLEIN if alles_klein else None
    opt = [Grootheid(c, prioriteit=2, nul_mogelijk=alles_klein, teken=teken) for c in opties]
    ns = [
        [Grootheid(x, prioriteit=1, nul_mogelijk=alles_klein, teken=teken) for x in groepen]
        for groepen, _ in uitsplitsingen
    ]
    cellen = []
    for groepen, tabel in uitsplitsingen:
        rijen = []
        for gi, rij_ in enumerate(tabel):
            klein = alles_klein or 0 < groepen[gi] < DREMPEL
            rijen.append([Grootheid(x, nul_mogelijk=klein, teken=KLEIN if klein else None) for x in rij_])
        cellen.append(rijen)
    if sluitend:
        # S → rows of breakdown 1 → K_j → national count → K2_j → rows of breakdown 2 → T → S;
        # a missing breakdown 1 merges its rows into S, a missing breakdown 2 into T.
        for j, g in enumerate(opt):
            net.rand(("K", j) if cellen else "S", ("K2", j) if len(cellen) == 2 else "T", g)
        if cellen:
            for gi, g in enumerate(ns[0]):
                net.rand("S", ("R1", gi), g)
                for j, c in enumerate(cellen[0][gi]):
                    net.rand(("R1", gi), ("K", j), c)
        if len(cellen) == 2:
            for gi, g in enumerate(ns[1]):
                for j, c in enumerate(cellen[1][gi]):
                    net.rand(("K2", j), ("R2", gi), c)
                net.rand(("R2", gi), "T", g)
        net.rand("T", "S", n)
        net.beschermen()
    else:
        # Per option one exact network of who ticked it and who did not (unprinted), with the
        # groups' N shared between the networks, protected in turn until none changes:
        # S → R1_g (N per group) → J (ticked) / NJ (not) → national count / rest → R2_g → T → S.
        # A network moves one option's cells at most, so it keeps a group's N at or above what
        # the group ticked for every other option (``onder``): any alternative it finds is real.
        netten = []
        for j, g in enumerate(opt):
            net = Netwerk()
            for b, groep_n in enumerate(ns):
                for gi, gn in enumerate(groep_n):
                    ander = max((x.waarde for jj, x in enumerate(cellen[b][gi]) if jj != j), default=0)
                    rij_knoop = ("R", b, gi)
                    if b == 0:
                        net.rand("S", rij_knoop, gn, onder=ander)
                        net.rand(rij_knoop, "J", cellen[b][gi][j])
                        net.rand(rij_knoop, "NJ", Grootheid(gn.waarde - cellen[b][gi][j].waarde, afgeleid=True))
                    else:
                        net.rand("K", rij_knoop, cellen[b][gi][j])
                        net.rand("NK", rij_knoop, Grootheid(gn.waarde - cellen[b][gi][j].waarde, afgeleid=True))
                        net.rand(rij_knoop, "T", gn, onder=ander)
            bron, bron_niet = ("J", "NJ") if ns else ("S", "S")
            doel_, doel_niet = ("K", "NK") if len(ns) == 2 else ("T", "T")
            net.rand(bron, doel_, g)
            net.rand(bron_niet, doel_niet, Grootheid(totaal - g.waarde, afgeleid=True))
            net.rand("T", "S", n, onder=max((x for jj, x in enumerate(opties) if jj != j), default=0))
            netten.append(net)
        if not opt:  # only the groups' N
            net = Netwerk()
            for b, groep_n in enumerate(ns):
                for gn in groep_n:
                    net.rand(("n", b), ("n", b + 1), gn)
            net.rand(("n", len(ns)), ("n", 0), n)
            netten.append(net)
        while True:
            voor = [x.teken for net in netten for _u, _v, x in net.randen]
            for net in netten:
                net.beschermen()
            if voor == [x.teken for net in netten for _u, _v, x in net.randen]:
                break
    return Kruistabel(n, opt, [(ns[b], cellen[b]) for b in range(len(uitsplitsingen))])
