"""The zelfscan: the three requirements of the CCV basisniveau (West-Fries mensenhandelbeleid
§2.1, CoMensha Suggesties bijlage 2) and, per bouwsteen of the Kader, statements on the two plateaus (basis and
verdieping). Each statement carries the next step when it is not (yet) true and the
articles that help."""

from __future__ import annotations

from dataclasses import dataclass

from kompas.core.bouwstenen import Bouwsteen

BASIS = "basis"
VERDIEPING = "verdieping"
ANTWOORDEN = [("ja", "Ja"), ("deels", "Deels / in voorbereiding"), ("nee", "Nee"), ("weetniet", "Weet ik niet")]


@dataclass(frozen=True)
class Item:
    code: str
    bouwsteen: str
    plateau: str
    vraag: str
    stap: str
    artikelen: tuple[str, ...]
    basisniveau: str = ""  # label of the basisniveau requirement this item is, if any
    rekenhulp: bool = False  # the next step is about the fte of zorgcoördinatie: link the calculator


ITEMS: list[Item] = [
    # beleid
    Item(
        "BN_BELEID",
        Bouwsteen.BELEID,
        BASIS,
        "Het bestuur heeft gemeentelijk of regionaal beleid vastgesteld dat de aanpak van mensenhandel ondersteunt.",
        "Stel (regionaal) beleid op en laat het door het college vaststellen.",
        ("basisniveau", "beleid-ontwikkelen"),
        "Vastgesteld beleid",
    ),
    Item(
        "B_VORMEN",
        Bouwsteen.BELEID,
        BASIS,
        "Het beleid noemt alle vormen: seksuele, arbeids- en criminele uitbuiting en orgaanverwijdering.",
        "Neem alle vormen van uitbuiting op in het beleid.",
        ("vormen-van-mensenhandel",),
    ),
    Item(
        "B_ROLLEN",
        Bouwsteen.BELEID,
        BASIS,
        "De vier rollen van de gemeente zijn beschreven, met wie ze uitvoert.",
        "Beschrijf de vier rollen van de gemeente en wie ze uitvoert.",
        ("vier-rollen-gemeente",),
    ),
    Item(
        "B_EVALUATIE",
        Bouwsteen.BELEID,
        BASIS,
        "Er is een evaluatiemoment gepland (bij voorkeur na twee jaar).",
        "Plan een evaluatie van het beleid, bij voorkeur twee jaar na vaststelling.",
        ("monitoren-en-evalueren",),
    ),
    Item(
        "V_SPECIFIEK",
        Bouwsteen.BELEID,
        VERDIEPING,
        "Er is een specifiek beleidsdocument mensenhandel met uitvoeringsprogramma en budget.",
        "Werk het beleid uit in een specifiek document met uitvoeringsprogramma en budget.",
        ("beleid-ontwikkelen",),
    ),
    Item(
        "V_VERBINDING",
        Bouwsteen.BELEID,
        VERDIEPING,
        "Mensenhandel is verbonden met zorg-, jeugd-, meldcode-, ondermijnings- en prostitutiebeleid.",
        "Leg de verbinding met zorg, jeugd, de meldcode, ondermijning en prostitutie.",
        ("verbinding-ander-beleid",),
    ),
    Item(
        "V_JEUGD",
        Bouwsteen.BELEID,
        VERDIEPING,
        "Jeugd en loverboyproblematiek zijn expliciet opgenomen.",
        "Neem minderjarige slachtoffers en loverboyproblematiek expliciet op.",
        ("loverboys", "minderjarige-slachtoffers"),
    ),
    # signaleren
    Item(
        "BN_AF",
        Bouwsteen.SIGNALEREN,
        BASIS,
        "De gemeente heeft een aandachtsfunctionaris mensenhandel aangesteld.",
        "Stel een aandachtsfunctionaris mensenhandel aan en maak bekend wie het is.",
        ("aandachtsfunctionaris",),
        "Aandachtsfunctionaris",
    ),
    Item(
        "BN_SIGNALERING",
        Bouwsteen.SIGNALEREN,
        BASIS,
        "De gemeente werkt aan actieve signalering: medewerkers met klantcontact kennen de signalen.",
        "Organiseer actieve signalering: train medewerkers met klantcontact en deel de signaalkaarten.",
        ("actief-signaleren",),
        "Actieve signalering",
    ),
    Item(
        "S_MELDROUTE",
        Bouwsteen.SIGNALEREN,
        BASIS,
        "Er is een interne meldroute die iedere medewerker kent.",
        "Leg de interne meldroute vast en maak haar bekend (Kompas ondersteunt de zeven stappen).",
        ("interne-meldroute",),
    ),
    Item(
        "S_TIJD",
        Bouwsteen.SIGNALEREN,
        BASIS,
        "De aandachtsfunctionaris heeft tijd voor de rol en een vervanger.",
        "Geef de aandachtsfunctionaris tijd voor de rol en regel een vervanger.",
        ("aandachtsfunctionaris",),
    ),
    Item(
        "S_SCAN",
        Bouwsteen.SIGNALEREN,
        VERDIEPING,
        "Er is een omgevingsscan of risicoanalyse van kwetsbare sectoren.",
        "Maak een omgevingsscan van de sectoren die in uw gemeente kwetsbaar zijn.",
        ("zicht-op-aard-en-omvang",),
    ),
    Item(
        "S_INSTRUMENTEN",
        Bouwsteen.SIGNALEREN,
        VERDIEPING,
        "Bibob, APV-vergunningen en BRP-signalen worden bewust ingezet.",
        "Zet de bestuurlijke instrumenten in: Bibob, vergunningen en BRP-signalen.",
        ("bestuurlijke-instrumenten",),
    ),
    Item(
        "S_CONTROLES",
        Bouwsteen.SIGNALEREN,
        VERDIEPING,
        "Er zijn gezamenlijke controles met partners.",
        "Organiseer gezamenlijke controles met politie, arbeidsinspectie en brandweer.",
        ("actief-signaleren", "partners"),
    ),
    # bewustwording
    Item(
        "W_TRAINING",
        Bouwsteen.BEWUSTWORDING,
        BASIS,
        "Medewerkers met klantcontact hebben een basistraining gehad.",
        "Geef medewerkers met klantcontact een basistraining.",
        ("bewustwording-organisatie",),
    ),
    Item(
        "W_DRIEHOEK",
        Bouwsteen.BEWUSTWORDING,
        BASIS,
        "Mensenhandel staat minstens eens per jaar op de agenda van de lokale driehoek.",
        "Agendeer mensenhandel minstens eens per jaar in de lokale driehoek.",
        ("bewustwording-organisatie",),
    ),
    Item(
        "W_CASUISTIEK",
        Bouwsteen.BEWUSTWORDING,
        VERDIEPING,
        "Er zijn casuïstiekbesprekingen met professionals uit zorg en veiligheid.",
        "Organiseer casuïstiekbesprekingen met zorg en veiligheid.",
        ("bewustwording-organisatie",),
    ),
    Item(
        "W_INWONERS",
        Bouwsteen.BEWUSTWORDING,
        VERDIEPING,
        "Inwoners, ondernemers en scholen krijgen voorlichting.",
        "Geef voorlichting aan inwoners, ondernemers en scholen.",
        ("bewustwording-burgers",),
    ),
    # samenwerking
    Item(
        "K_INFO",
        Bouwsteen.SAMENWERKING,
        BASIS,
        "Er zijn afspraken over informatie-uitwisseling met ketenpartners.",
        "Maak afspraken over informatie-uitwisseling met de ketenpartners.",
        ("partners", "overlegstructuren"),
    ),
    Item(
        "K_ROUTE",
        Bouwsteen.SAMENWERKING,
        BASIS,
        "Er is een vaste route naar lokale tafel, politie en RIEC.",
        "Leg de route vast naar de lokale tafel, de politie en het RIEC.",
        ("overlegstructuren", "interne-meldroute"),
    ),
    Item(
        "K_REGIOTAFEL",
        Bouwsteen.SAMENWERKING,
        VERDIEPING,
        "Mensenhandel wordt structureel besproken op een regionale tafel mensenhandel.",
        "Sluit aan bij een regionale tafel mensenhandel die structureel bijeenkomt.",
        ("overlegstructuren",),
    ),
    Item(
        "K_KETENREGIE",
        Bouwsteen.SAMENWERKING,
        VERDIEPING,
        "Er is een ketenregisseur die de regionale aanpak aanjaagt.",
        "Beleg ketenregie in de regio.",
        ("ketenregie",),
    ),
    # opvang
    Item(
        "O_ZC",
        Bouwsteen.OPVANG,
        BASIS,
        "De gemeente heeft toegang tot een zorgcoördinator mensenhandel.",
        "Zorg voor toegang tot een zorgcoördinator mensenhandel in de regio.",
        ("zorgcoordinatie",),
        rekenhulp=True,
    ),
    Item(
        "O_WMO",
        Bouwsteen.OPVANG,
        BASIS,
        "Opvang van slachtoffers via de Wmo is geregeld, ook voor slachtoffers van buiten de gemeente.",
        "Regel opvang en ondersteuning van slachtoffers via de Wmo.",
        ("opvang-wmo",),
    ),
    Item(
        "O_FINANCIERING",
        Bouwsteen.OPVANG,
        VERDIEPING,
        "De zorgcoördinatie is structureel gefinancierd.",
        "Regel structurele financiering van de zorgcoördinatie.",
        ("zorgcoordinatie",),
        rekenhulp=True,
    ),
    Item(
        "O_AFSPRAKEN",
        Bouwsteen.OPVANG,
        VERDIEPING,
        "Er zijn afspraken over bedenktijd, B8, nazorg en minderjarige slachtoffers.",
        "Maak afspraken over bedenktijd, B8, nazorg en minderjarige slachtoffers.",
        ("bedenktijd-en-b8", "minderjarige-slachtoffers", "praktische-hulp"),
    ),
]
PER_CODE = {i.code: i for i in ITEMS}
BASISNIVEAU = [i for i in ITEMS if i.basisniveau]
