"""The fte rule for zorgcoördinatie in a region (seed 002 §1, 'Hoeveel fte heeft een
zorgcoördinator?'): 0,5 to 1,0 fte for the network, information and advice functions —
doubled for a politieregio, which is larger — plus at least 0,1 fte per 100.000 inhabitants
for coordinating and monitoring the care of victims."""

from __future__ import annotations

from dataclasses import dataclass

from kompas.regio.constants import Indeling

NETWERK_MIN, NETWERK_MAX = 0.5, 1.0
PER_100K = 0.1


@dataclass(frozen=True)
class Berekening:
    inwoners: int
    politieregio: bool
    netwerk_min: float
    netwerk_max: float
    casus: float

    @property
    def totaal_min(self) -> float:
        return round(self.netwerk_min + self.casus, 2)

    @property
    def totaal_max(self) -> float:
        return round(self.netwerk_max + self.casus, 2)

    @property
    def formule(self) -> str:
        factor = "2 × " if self.politieregio else ""
        return (
            f"{factor}(0,5 tot 1,0) + 0,1 × {getal(self.inwoners)} / 100.000 = {fte(self.netwerk_min)} tot "
            f"{fte(self.netwerk_max)}"
            f" + {fte(self.casus)} = {fte(self.totaal_min)} tot {fte(self.totaal_max)} fte"
        )


def getal(n: int) -> str:
    """17942942 → '17.942.942'."""
    return f"{n:,}".replace(",", ".")


def fte(x: float) -> str:
    """1.25 → '1,25'."""
    return f"{x:.2f}".replace(".", ",")


def berekenen(inwoners: int, politieregio: bool = False) -> Berekening:
    if inwoners < 0:
        raise ValueError("inwoners kan niet negatief zijn")
    factor = 2 if politieregio else 1
    return Berekening(
        inwoners, politieregio, NETWERK_MIN * factor, NETWERK_MAX * factor, round(PER_100K * inwoners / 100_000, 2)
    )


def indeling_volgorde() -> list[str]:
    """The divisions in the order the calculator lists their regions: first Kompas's default
    division, the zorg- en veiligheidshuisregio (the region the zelfscan and the monitor name),
    then what CoMensha advises as the work area of a zorgcoördinator — ideally a politieregio,
    else a veiligheidsregio, with an eye on Veilig Thuis — and then the rest."""

    eerst = [
        Indeling.ZVH,
        Indeling.POLITIE_EENHEID,
        Indeling.VEILIGHEIDSREGIO,
        Indeling.VEILIG_THUIS,
        Indeling.VROUWENOPVANG,
    ]
    return [*eerst, *(i for i in Indeling.values if i not in eerst)]
