"""One regional truth (issue 14 item 8): the monitor, the zelfscan, meldroute and zorg name the
same region for a gemeente in the same year, because all of them ask kompas.regio.selectors.

The memberships of the zorg- en veiligheidshuisregio's are imported for 2024 and 2026 only (as
in practice: the division is kept in Kompas and does not go back), so the waves of 2019 and 2021
need the rule for a year without memberships, through the herindelingen in between."""

import pytest

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor.analyse import ONBEKEND, organisaties
from kompas.monitor.respons import organisaties_van_jaar
from kompas.monitor.selectors import zvh_regio_codes
from kompas.regio.models import Indeling, Regio
from kompas.regio.selectors import gemeenten_in_regio, regio_van
from kompas.regio.services import DATA_DIR, lidmaatschappen_importeren, referentiedata_laden
from kompas.zelfscan.selectors import profiel_voor
from kompas.zorg.models import Werkgebied
from kompas.zorg.selectors import zorgorganisaties_voor_gemeente
from tests.conftest import member
from tests.factories import OrganisatieFactory

KOP = "indeling;regio_code;regio_naam;cbs_code;centrumgemeente\n"
EXTRA = [  # beside the demo's Noord-Holland Noord: Groningen, and Haaren's heirs in two regions
    ("ZVH-GRN", "ZVH Groningen", ["GM1979"]),
    ("ZVH-BN", "ZVH Brabant-Noord", ["GM0757", "GM0865"]),  # Boxtel, Vught
    ("ZVH-MB", "ZVH Midden-Brabant", ["GM0824", "GM0855"]),  # Oisterwijk, Tilburg
]

NHN, WF = "Zorg- en Veiligheidshuis Noord-Holland Noord (voorbeeld)", "ZVH West-Friesland"
VERWACHT = [  # (gemeente code in that year, year, the region every app must name; None: none)
    ("GM0405", 2026, NHN),  # Hoorn, from the 2026 memberships
    ("GM0405", 2024, WF),  # Hoorn was in another region in 2024: by year, not "the latest"
    ("GM0405", 2021, WF),  # no memberships in 2021: the earliest later year (2024)
    ("GM0398", 2021, NHN),  # Heerhugowaard, merged into Dijk en Waard in 2022
    ("GM1980", 2024, NHN),  # Dijk en Waard
    ("GM1979", 2021, "ZVH Groningen"),  # Eemsdelta in its herindeling year (formed 1-1-2021)
    ("GM0003", 2019, "ZVH Groningen"),  # Appingedam, one of Eemsdelta's three parts
    ("GM0788", 2019, None),  # Haaren, split over gemeenten of two regions: no single region
    ("GM0014", 2026, None),  # Groningen: in no ZVH region
]


def _regels(rijen):
    return "".join(f"zvh;{code};{naam};{g};\n" for code, naam, gemeenten in rijen for g in gemeenten)


@pytest.fixture
def indeling(db):
    referentiedata_laden(actor=SYSTEEM)
    lidmaatschappen_importeren(
        text=(DATA_DIR / "demo_zvh_vrouwenopvang.csv").read_text(encoding="utf-8"), jaar=2026, actor=SYSTEEM
    )
    lidmaatschappen_importeren(text=KOP + _regels(EXTRA), jaar=2026, actor=SYSTEEM)
    lidmaatschappen_importeren(
        text=KOP + _regels([*EXTRA, ("ZVH-WF", WF, ["GM0405"]), ("ZVH-NHN", NHN, ["GM1980"])]), jaar=2024, actor=SYSTEEM
    )


def _ketenregisseur(regio):
    org = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="", regio=regio, naam=f"ZVH {regio.code}")
    return actor_for(member(Rol.KETENREGISSEUR, organisatie=org), org.pk)


def _namen(code: str, jaar: int) -> dict[str, str | None]:
    """The region each app names for this gemeente in this year."""
    monitor_naam, monitor_codes = zvh_regio_codes(jaar, code)
    regio_analyse = organisaties(jaar)[code].regio
    namen = {
        "monitor: analyse (uitsplitsing per regio)": None if regio_analyse == ONBEKEND else regio_analyse,
        "monitor: onze resultaten": monitor_naam or None,
        "zelfscan: profiel": profiel_voor(code, jaar).zvh_regio or None,
    }
    assert (code in monitor_codes) == bool(monitor_naam), "the regional figures count the gemeente in its own region"
    regio = regio_van(code, jaar)
    if regio is not None:
        assert regio.code in organisaties_van_jaar(jaar, "zvh"), (
            "the monitor's ZVH organisations of that year hold the region"
        )
        assert code in set(gemeenten_in_regio(regio, jaar).values_list("cbs_code", flat=True))
    return namen


@pytest.mark.parametrize(("code", "jaar", "verwacht"), VERWACHT)
def test_monitor_en_zelfscan_noemen_dezelfde_regio(indeling, code, jaar, verwacht):
    namen = _namen(code, jaar)
    assert namen == dict.fromkeys(namen, verwacht)


def test_meldroute_en_zorg_tellen_de_gemeente_in_dezelfde_regio(indeling):
    """The current year: a ketenregisseur's regional figures and a zorgcoördinatie's werkgebied
    hold a gemeente exactly when the monitor and the zelfscan name that region for it."""
    from kompas.meldroute.selectors import scope_voor

    regios = list(Regio.objects.filter(indeling=Indeling.ZVH))
    scopes = {r.naam: set(scope_voor(_ketenregisseur(r), "regio").gemeente_codes) for r in regios}
    for r in regios:
        zorg = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="", naam=f"Zorgcoördinatie {r.code}")
        Werkgebied.objects.create(zorgorganisatie=zorg, regio=r)
    for code, jaar, verwacht in VERWACHT:
        if jaar != 2026:
            continue
        assert {naam for naam, codes in scopes.items() if code in codes} == ({verwacht} if verwacht else set())
        zorg = {o.naam.removeprefix("Zorgcoördinatie ") for o in zorgorganisaties_voor_gemeente(code)}
        assert zorg == ({r.code for r in regios if r.naam == verwacht}), code
        assert profiel_voor(code).zvh_regio == (verwacht or "")


def test_een_lidmaatschap_in_het_jaar_zelf_gaat_voor(indeling):
    """The rule is by year: once 2021 has its own membership, 2021 names it, 2024 does not change."""
    lidmaatschappen_importeren(
        text=KOP + "zvh;ZVH-NHN;x;GM0405;\n".replace(";x;", f";{NHN};"), jaar=2021, actor=SYSTEEM
    )
    assert regio_van("GM0405", 2021).naam == NHN
    assert regio_van("GM0405", 2024).naam == WF
    assert _namen("GM0405", 2021) == dict.fromkeys(_namen("GM0405", 2021), NHN)
