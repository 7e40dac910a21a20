"""Countries by their ISO 3166-1 alpha-2 code with the Dutch name, so that a nationality is
entered by choosing a name and shown as a name (the code is what is stored and what CoMensha's
export carries). Kosovo has the user-assigned code XK that the EU and CoMensha use."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LANDEN: dict[str, str] = {
    "AD": "Andorra", "AE": "Verenigde Arabische Emiraten", "AF": "Afghanistan", "AG": "Antigua en Barbuda",
    "AL": "Albanië", "AM": "Armenië", "AO": "Angola", "AR": "Argentinië", "AT": "Oostenrijk", "AU": "Australië",
    "AW": "Aruba", "AZ": "Azerbeidzjan", "BA": "Bosnië en Herzegovina", "BB": "Barbados", "BD": "Bangladesh",
    "BE": "België", "BF": "Burkina Faso", "BG": "Bulgarije", "BH": "Bahrein", "BI": "Burundi", "BJ": "Benin",
    "BN": "Brunei", "BO": "Bolivia", "BQ": "Caribisch Nederland", "BR": "Brazilië", "BS": "Bahama's", "BT": "Bhutan",
    "BW": "Botswana", "BY": "Belarus", "BZ": "Belize", "CA": "Canada", "CD": "Congo (Democratische Republiek)",
    "CF": "Centraal-Afrikaanse Republiek", "CG": "Congo (Republiek)", "CH": "Zwitserland", "CI": "Ivoorkust",
    "CL": "Chili", "CM": "Kameroen", "CN": "China", "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba",
    "CV": "Kaapverdië", "CW": "Curaçao", "CY": "Cyprus", "CZ": "Tsjechië", "DE": "Duitsland", "DJ": "Djibouti",
    "DK": "Denemarken", "DM": "Dominica", "DO": "Dominicaanse Republiek", "DZ": "Algerije", "EC": "Ecuador",
    "EE": "Estland", "EG": "Egypte", "ER": "Eritrea", "ES": "Spanje", "ET": "Ethiopië", "FI": "Finland", "FJ": "Fiji",
    "FR": "Frankrijk", "GA": "Gabon", "GB": "Verenigd Koninkrijk", "GD": "Grenada", "GE": "Georgië", "GH": "Ghana",
    "GM": "Gambia", "GN": "Guinee", "GQ": "Equatoriaal-Guinea", "GR": "Griekenland", "GT": "Guatemala",
    "GW": "Guinee-Bissau", "GY": "Guyana", "HK": "Hongkong", "HN": "Honduras", "HR": "Kroatië", "HT": "Haïti",
    "HU": "Hongarije", "ID": "Indonesië", "IE": "Ierland", "IL": "Israël", "IN": "India", "IQ": "Irak", "IR": "Iran",
    "IS": "IJsland", "IT": "Italië", "JM": "Jamaica", "JO": "Jordanië", "JP": "Japan", "KE": "Kenia",
    "KG": "Kirgizië", "KH": "Cambodja", "KM": "Comoren", "KN": "Saint Kitts en Nevis", "KP": "Noord-Korea",
    "KR": "Zuid-Korea", "KW": "Koeweit", "KZ": "Kazachstan", "LA": "Laos", "LB": "Libanon", "LC": "Saint Lucia",
    "LI": "Liechtenstein", "LK": "Sri Lanka", "LR": "Liberia", "LS": "Lesotho", "LT": "Litouwen", "LU": "Luxemburg",
    "LV": "Letland", "LY": "Libië", "MA": "Marokko", "MC": "Monaco", "MD": "Moldavië", "ME": "Montenegro",
    "MG": "Madagaskar", "MK": "Noord-Macedonië", "ML": "Mali", "MM": "Myanmar", "MN": "Mongolië", "MR": "Mauritanië",
    "MT": "Malta", "MU": "Mauritius", "MV": "Maldiven", "MW": "Malawi", "MX": "Mexico", "MY": "Maleisië",
    "MZ": "Mozambique", "NA": "Namibië", "NE": "Niger", "NG": "Nigeria", "NI": "Nicaragua", "NL": "Nederland",
    "NO": "Noorwegen", "NP": "Nepal", "NZ": "Nieuw-Zeeland", "OM": "Oman", "PA": "Panama", "PE": "Peru",
    "PG": "Papoea-Nieuw-Guinea", "PH": "Filipijnen", "PK": "Pakistan", "PL": "Polen", "PS": "Palestina",
    "PT": "Portugal", "PY": "Paraguay", "QA": "Qatar", "RO": "Roemenië", "RS": "Servië", "RU": "Rusland",
    "RW": "Rwanda", "SA": "Saoedi-Arabië", "SB": "Salomonseilanden", "SC": "Seychellen", "SD": "Soedan",
    "SE": "Zweden", "SG": "Singapore", "SI": "Slovenië", "SK": "Slowakije", "SL": "Sierra Leone", "SM": "San Marino",
    "SN": "Senegal", "SO": "Somalië", "SR": "Suriname", "SS": "Zuid-Soedan", "ST": "Sao Tomé en Principe",
    "SV": "El Salvador", "SX": "Sint Maarten", "SY": "Syrië", "SZ": "Eswatini", "TD": "Tsjaad", "TG": "Togo",
    "TH": "Thailand", "TJ": "Tadzjikistan", "TL": "Oost-Timor", "TM": "Turkmenistan", "TN": "Tunesië", "TO": "Tonga",
    "TR": "Turkije", "TT": "Trinidad en Tobago", "TW": "Taiwan", "TZ": "Tanzania", "UA": "Oekraïne", "UG": "Oeganda",
    "US": "Verenigde Staten", "UY": "Uruguay", "UZ": "Oezbekistan", "VA": "Vaticaanstad",
    "VC": "Saint Vincent en de Grenadines", "VE": "Venezuela", "VN": "Vietnam", "VU": "Vanuatu", "WS": "Samoa",
    "XK": "Kosovo", "YE": "Jemen", "ZA": "Zuid-Afrika", "ZM": "Zambia", "ZW": "Zimbabwe",
}


def landnaam(code: str) -> str:
    """The Dutch name of a country code; an unknown code is shown as it is."""
    return LANDEN.get((code or "").upper(), code or "")


def land_keuzes() -> list[tuple[str, str]]:
    """(code, name) sorted by name, for a select; the empty choice first."""
    return [("", _("Onbekend")), *sorted(LANDEN.items(), key=lambda kv: kv[1].replace("'", ""))]
