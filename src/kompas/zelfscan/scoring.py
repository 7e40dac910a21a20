"""Scoring of a zelfscan: the plateau per bouwsteen, the basisniveau with the reason per
requirement, and the prioritised next steps tailored to the gemeente's profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from kompas.core.bouwstenen import Bouwsteen
from kompas.zelfscan.definitie import BASIS, BASISNIVEAU, ITEMS, VERDIEPING, Item

ONDER_BASIS = "onder_basis"
PLATEAU_LABEL = {ONDER_BASIS: "Basis nog niet bereikt", BASIS: "Basis bereikt", VERDIEPING: "Verdieping bereikt"}


@dataclass(frozen=True)
class Profiel:
    """What the reference data tell about a gemeente."""

    naam: str
    inwoners: int | None = None
    centrumgemeente_vo: bool = False
    zvh_regio: str = ""
    vo_regio: str = ""

    @property
    def klein(self) -> bool:
        return self.inwoners is not None and self.inwoners < 20_000

    @property
    def groot(self) -> bool:
        return self.inwoners is not None and self.inwoners >= 100_000


@dataclass
class Stap:
    prioriteit: int
    item: Item
    tekst: str
    reden: str
    artikelen: tuple[str, ...]


@dataclass
class Eis:
    item: Item
    voldaan: bool
    reden: str


@dataclass
class Resultaat:
    plateaus: dict[str, str]
    basisniveau: bool
    eisen: list[Eis]
    stappen: list[Stap] = field(default_factory=list)

    def plateau_label(self, bouwsteen: str) -> str:
        return PLATEAU_LABEL[self.plateaus[bouwsteen]]


def _ja(antwoorden: dict, item: Item) -> bool:
    return antwoorden.get(item.code) == "ja"


def plateaus(antwoorden: dict) -> dict[str, str]:
    """Basis when every basis statement of the bouwsteen is 'ja'; verdieping when the
    verdieping statements are 'ja' too. Verdieping without basis counts as not yet basis."""
    uit = {}
    for b in Bouwsteen.values:
        basis = all(_ja(antwoorden, i) for i in ITEMS if i.bouwsteen == b and i.plateau == BASIS)
        verdieping = all(_ja(antwoorden, i) for i in ITEMS if i.bouwsteen == b and i.plateau == VERDIEPING)
        uit[b] = VERDIEPING if basis and verdieping else BASIS if basis else ONDER_BASIS
    return uit


def basisniveau(antwoorden: dict) -> tuple[bool, list[Eis]]:
    redenen = {
        "ja": "Voldaan.",
        "deels": "Nog niet voldaan: deels of in voorbereiding.",
        "nee": "Niet voldaan.",
        "weetniet": "Onbekend: zoek uit of hieraan wordt voldaan.",
    }
    eisen = [
        Eis(i, _ja(antwoorden, i), redenen.get(antwoorden.get(i.code, ""), "Niet beantwoord.")) for i in BASISNIVEAU
    ]
    return all(e.voldaan for e in eisen), eisen


def _maatwerk(item: Item, profiel: Profiel, tekst: str) -> tuple[str, int]:
    """Tailoring by profile: the step text and a priority correction (negative = earlier)."""
    correctie = 0
    if item.code in ("BN_BELEID", "V_SPECIFIEK") and profiel.klein:
        tekst += (
            " Als kleine gemeente: sluit aan bij het regionale beleid"
            + (f" in {profiel.zvh_regio}" if profiel.zvh_regio else "")
            + " of bij de aanpak van ondermijning, en leg lokale accenten vast."
        )
    if item.code == "V_SPECIFIEK" and profiel.groot:
        tekst += " Grote gemeenten nemen vaak een trekkende rol in de regio; overweeg een eigen programma."
        correctie -= 1
    if item.code in ("BN_AF", "S_TIJD") and profiel.klein:
        tekst += " Als kleine gemeente kunt u de rol regionaal delen, maar houd een eigen aanspreekpunt."
    if item.code == "K_REGIOTAFEL":
        if profiel.zvh_regio:
            tekst += f" In uw regio ligt dat voor de hand bij {profiel.zvh_regio}."
        if profiel.klein:
            correctie -= 1
    if item.code == "O_FINANCIERING" and profiel.centrumgemeente_vo:
        tekst = (
            f"Als centrumgemeente vrouwenopvang{' voor ' + profiel.vo_regio if profiel.vo_regio else ''}: regel "
            "structurele financiering van de zorgcoördinatie voor de hele regio en maak afspraken over de bijdrage "
            "van de andere gemeenten (zie de fte-rekenhulp)."
        )
        correctie -= 2
    return tekst, correctie


def volgende_stappen(antwoorden: dict, profiel: Profiel) -> list[Stap]:
    """Every statement that is not 'ja' becomes a step. Order: basisniveau requirements first,
    then the basis of each bouwsteen, then verdieping (only for bouwstenen whose basis is
    reached, else after all basis steps); 'weet ik niet' asks to find out first."""
    huidig = plateaus(antwoorden)
    stappen = []
    for item in ITEMS:
        antwoord = antwoorden.get(item.code, "")
        if antwoord == "ja":
            continue
        if item.basisniveau:
            prioriteit = 10
        elif item.plateau == BASIS:
            prioriteit = 20
        else:
            prioriteit = 30 if huidig[item.bouwsteen] != ONDER_BASIS else 40
        tekst, correctie = _maatwerk(item, profiel, item.stap)
        if antwoord == "weetniet":
            tekst = "Zoek eerst uit hoe het zit. " + tekst
        reden = {"deels": "deels of in voorbereiding", "nee": "nog niet", "weetniet": "onbekend"}.get(
            antwoord, "niet beantwoord"
        )
        stappen.append(Stap(prioriteit + correctie, item, tekst, reden, item.artikelen))
    return sorted(stappen, key=lambda s: (s.prioriteit, ITEMS.index(s.item)))


def beoordelen(antwoorden: dict, profiel: Profiel) -> Resultaat:
    gehaald, eisen = basisniveau(antwoorden)
    return Resultaat(plateaus(antwoorden), gehaald, eisen, volgende_stappen(antwoorden, profiel))


def vergelijken(nu: dict, eerder: dict) -> dict:
    """Progress since an earlier scan: plateau per bouwsteen then and now, statements newly met
    and statements no longer met."""
    p_nu, p_toen = plateaus(nu), plateaus(eerder)
    volgorde = [ONDER_BASIS, BASIS, VERDIEPING]
    return {
        "bouwstenen": [
            (b, PLATEAU_LABEL[p_toen[b]], PLATEAU_LABEL[p_nu[b]], volgorde.index(p_nu[b]) - volgorde.index(p_toen[b]))
            for b in Bouwsteen.values
        ],
        "nieuw": [i for i in ITEMS if nu.get(i.code) == "ja" and eerder.get(i.code) != "ja"],
        "terug": [i for i in ITEMS if eerder.get(i.code) == "ja" and nu.get(i.code) != "ja"],
        "basisniveau": (basisniveau(eerder)[0], basisniveau(nu)[0]),
        # per bouwsteen: statements answered 'ja' then and now, of how many (the progress chart)
        "ja": [_ja_telling(b, label, eerder, nu) for b, label in Bouwsteen.choices],
    }


def _ja_telling(bouwsteen: str, label, eerder: dict, nu: dict) -> dict:
    items = [i for i in ITEMS if i.bouwsteen == bouwsteen]
    toen, dan = (sum(1 for i in items if _ja(a, i)) for a in (eerder, nu))
    return {"code": bouwsteen, "label": label, "toen": toen, "nu": dan, "totaal": len(items), "verschil": dan - toen}
