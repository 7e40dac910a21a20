"""The built-in questionnaires of the 2021 wave, with exactly the codes of
shared/monitor/vragenlijst-2021-kern.md (labels may be polished; codes never change)."""

from __future__ import annotations

JA_NEE_WEETNIET = [("ja", "Ja"), ("nee", "Nee"), ("weetniet", "Weet ik niet")]
VORMEN = [
    ("seksueel", "Seksuele uitbuiting"),
    ("arbeid", "Arbeidsuitbuiting"),
    ("crimineel", "Criminele uitbuiting"),
    ("orgaan", "Gedwongen orgaanverwijdering"),
    ("weetniet", "Weet ik niet"),
]
SECTOR_SCHAAL = [
    ("voldoende", "Voldoende inzicht"),
    ("onvoldoende", "Onvoldoende inzicht"),
    ("geen", "Geen inzicht"),
    ("weetniet", "Weet ik niet"),
]
SECTOREN = [
    ("AGRARISCH", "Agrarische sector"),
    ("SCHOONMAAK", "Schoonmaak"),
    ("UITZEND", "Uitzendbranche"),
    ("BOUW", "Bouw"),
    ("HORECA", "Horeca"),
    ("VLEES", "Vleesverwerking"),
    ("RECREATIE", "Recreatie / vakantieparken"),
    ("VASTGOED", "Vastgoed / huisvesting"),
    ("SEKS", "Seksbranche"),
    ("TRANSPORT", "Transport"),
]

BELEID = "beleid"
SIGNALEREN = "signaleren"
BEWUSTWORDING = "bewustwording"
SAMENWERKING = "samenwerking"
OPVANG = "opvang"


def _q(code, bouwsteen, tekst, type_, opties=(), anders=False, matrix="", vergelijkbaar=True, verplicht=False):
    return {
        "code": code,
        "bouwsteen": bouwsteen,
        "tekst": tekst,
        "type": type_,
        "opties": list(opties),
        "anders": anders,
        "matrix": matrix,
        "vergelijkbaar": vergelijkbaar,
        "verplicht": verplicht,
    }


GEMEENTE_2021 = {
    "code": "gemeente-2021",
    "naam": "Monitor aanpak mensenhandel 2021 – gemeenten",
    "doelgroep": "gemeente",
    "vragen": [
        _q(
            "B1_BELEID",
            BELEID,
            "Wat is de stand van zaken van het beleid gericht op de aanpak van mensenhandel?",
            "enkel",
            [
                ("specifiek", "Specifiek beleidsdocument vastgesteld"),
                ("onderdeel", "Onderdeel van ander beleid (veiligheid, prostitutie, …)"),
                ("ontwikkeling", "In ontwikkeling"),
                ("regionaal", "Regionaal geborgd"),
                ("geen", "Geen beleid"),
                ("anders", "Anders, namelijk"),
            ],
            anders=True,
            verplicht=True,
        ),
        _q("B1_VORMEN", BELEID, "Voor welke vormen van mensenhandel is aandacht in het beleid?", "meer", VORMEN),
        _q(
            "B1_ZORGVEILIGHEID",
            BELEID,
            "Zoekt uw gemeente in het beleid de verbinding tussen zorg en veiligheid?",
            "enkel",
            JA_NEE_WEETNIET,
        ),
        _q("B1_JEUGD", BELEID, "Is er in het beleid aandacht voor jeugd?", "enkel", JA_NEE_WEETNIET),
        _q(
            "B2_ZICHT",
            SIGNALEREN,
            "Heeft uw gemeente voldoende zicht op de aard en omvang van de groep slachtoffers en daders?",
            "enkel",
            [("voldoende", "Voldoende"), ("onvoldoende", "Onvoldoende"), ("weetniet", "Weet ik niet")],
        ),
        *[
            _q(
                f"B2_SECTOR_{code}",
                SIGNALEREN,
                f"In welke mate heeft uw gemeente inzicht in deze sector? – {label}",
                "enkel",
                SECTOR_SCHAAL,
                matrix="B2_SECTOR",
            )
            for code, label in SECTOREN
        ],
        _q(
            "B2_AANDACHTSFUNCTIONARIS",
            SIGNALEREN,
            "Heeft uw gemeente een aandachtsfunctionaris mensenhandel?",
            "enkel",
            [
                ("een", "Ja, één"),
                ("meerdere", "Ja, meerdere"),
                ("contactpersoon", "Nee, wel een vast contactpersoon"),
                ("nee", "Nee"),
            ],
            verplicht=True,
        ),
        _q(
            "B2_INFORMATIE",
            SIGNALEREN,
            "Zijn er afspraken vastgelegd over informatie-uitwisseling tussen ketenpartners?",
            "enkel",
            JA_NEE_WEETNIET,
        ),
        _q(
            "B3_DRIEHOEK",
            BEWUSTWORDING,
            "Hoe vaak wordt mensenhandel besproken in de lokale driehoek?",
            "enkel",
            [
                ("nooit", "Nooit"),
                ("minder", "Minder dan eens per jaar"),
                ("jaarlijks", "Minimaal eens per jaar"),
                ("weetniet", "Weet ik niet"),
            ],
        ),
        _q(
            "B4_REGIOTAFEL",
            SAMENWERKING,
            "Wordt mensenhandel structureel besproken op een regionale overlegtafel specifiek voor mensenhandel?",
            "enkel",
            JA_NEE_WEETNIET,
        ),
        _q(
            "B4_SCHAAL",
            SAMENWERKING,
            "Op welk schaalniveau werkt uw gemeente samen?",
            "enkel",
            [
                ("zvh", "Zorg- en veiligheidshuisregio"),
                ("politie", "Politie-eenheid"),
                ("veiligheidsregio", "Veiligheidsregio"),
                ("vo", "Regio vrouwenopvang"),
                ("anders", "Anders, namelijk"),
            ],
            anders=True,
        ),
        _q(
            "B5_ZORGCOORDINATOR",
            OPVANG,
            "Heeft uw gemeente een zorgcoördinator mensenhandel beschikbaar?",
            "enkel",
            JA_NEE_WEETNIET,
        ),
        _q(
            "B5_FINANCIERING",
            OPVANG,
            "Draagt uw gemeente bij aan de financiering van zorgcoördinatie?",
            "enkel",
            [
                ("structureel", "Ja, structureel"),
                ("incidenteel", "Ja, incidenteel"),
                ("nee", "Nee"),
                ("weetniet", "Weet ik niet"),
            ],
        ),
        _q("HELPEND", "", "Welke factoren helpen bij de aanpak?", "open", vergelijkbaar=False),
        _q("BELEMMEREND", "", "Welke factoren belemmeren de aanpak?", "open", vergelijkbaar=False),
        _q("ONDERSTEUNING", "", "Aan welke ondersteuning heeft uw gemeente behoefte?", "open", vergelijkbaar=False),
    ],
}

ZVH_2021 = {
    "code": "zvh-2021",
    "naam": "Monitor aanpak mensenhandel 2021 – zorg- en veiligheidshuizen",
    "doelgroep": "zvh",
    "vragen": [
        _q("Z_VORMEN", BELEID, "Voor welke vormen van mensenhandel is aandacht in de aanpak?", "meer", VORMEN),
        _q("Z_JEUGD", BELEID, "Is er in de aanpak aandacht voor jeugd?", "enkel", JA_NEE_WEETNIET),
        _q(
            "Z_ZICHT",
            SIGNALEREN,
            "Heeft het ZVH voldoende zicht op de aard en omvang van de groep slachtoffers en daders?",
            "enkel",
            [("voldoende", "Voldoende"), ("onvoldoende", "Onvoldoende"), ("weetniet", "Weet ik niet")],
        ),
        _q("ONDERSTEUNING", "", "Aan welke ondersteuning heeft het ZVH behoefte?", "open", vergelijkbaar=False),
    ],
}

INGEBOUWD = [GEMEENTE_2021, ZVH_2021]
