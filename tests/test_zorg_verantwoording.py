"""The verantwoording to the centrumgemeente (issue 10, 13b): the figures per year and quarter,
small cells suppressed, who sees which werkgebied, the tagged PDF and the safe XLSX."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.regio.models import Gemeente, Regio, RegioLidmaatschap
from kompas.regio.selectors import huidig_jaar
from kompas.zorg import services, verantwoording
from kompas.zorg.models import (
    Aanmelding,
    Consultatie,
    FaseWijziging,
    Traject,
    Werkgebied,
    Zorgactie,
)
from kompas.zorg.verantwoording import Periode
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.pdfcheck import assert_toegankelijke_pdf

JAAR = 2025


def _t(maand, dag=1, uur=12):
    return datetime(JAAR, maand, dag, uur, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def w(db):
    regio = Regio.objects.create(indeling="politie_eenheid", code="PE99", naam="Eenheid Test")
    ander_regio = Regio.objects.create(indeling="zvh", code="ZVH-X", naam="Elders")
    for code, inwoners in (("GM0405", 300_000), ("GM0388", 200_000)):
        g = Gemeente.objects.create(
            jaar=huidig_jaar(), cbs_code=code, naam=code, provincie="Noord-Holland", inwoners=inwoners
        )
        RegioLidmaatschap.objects.create(gemeente=g, regio=regio, indeling="politie_eenheid")
    hoorn = OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")
    enk = OrganisatieFactory(naam="Gemeente Enkhuizen", cbs_code="GM0388")
    zvh = OrganisatieFactory(naam="ZVH Noord", type=OrganisatieType.ZVH, cbs_code="", regio=regio)
    ander = OrganisatieFactory(naam="ZVH Zuid", type=OrganisatieType.ZVH, cbs_code="")
    riec = OrganisatieFactory(naam="RIEC Noord", type=OrganisatieType.RIEC, cbs_code="", regio=regio)
    riec_elders = OrganisatieFactory(naam="RIEC Elders", type=OrganisatieType.RIEC, cbs_code="", regio=ander_regio)
    users = {
        "zc": member(Rol.ZORGCOORDINATOR, zvh),
        "zc_ander": member(Rol.ZORGCOORDINATOR, ander),
        "ba_centrum": member(Rol.BELEIDSADVISEUR, hoorn),
        "ba_ander": member(Rol.BELEIDSADVISEUR, enk),
        "kr": member(Rol.KETENREGISSEUR, riec),
        "kr_elders": member(Rol.KETENREGISSEUR, riec_elders),
        "af": member(Rol.AANDACHTSFUNCTIONARIS, hoorn),
        "pr": member(Rol.PROCESREGISSEUR, zvh),
    }
    zc_actor = actor_for(users["zc"], zvh.pk)
    werkgebied = services.werkgebied_opslaan(
        actor=zc_actor, regio=regio, gemeente_codes=[], centrumgemeente_code="GM0405", fte="1.5"
    )
    services.werkgebied_opslaan(
        actor=actor_for(users["zc_ander"], ander.pk), gemeente_codes=["GM0361"], centrumgemeente_code="GM0361", fte="1"
    )
    return {
        "zvh": zvh,
        "ander": ander,
        "hoorn": hoorn,
        "users": users,
        "werkgebied": werkgebied or Werkgebied.objects.get(zorgorganisatie=zvh),
        "zc_actor": zc_actor,
    }


def _aanmelding(org, tijdstip, bron="telefoon", stand="ontvangen"):
    return Aanmelding.objects.create(zorgorganisatie=org, bron=bron, stand=stand, toelichting="t", tijdstip=tijdstip)


_NR = iter(range(1, 10**6))


def _traject(org, gestart, *, fasen=(), afsluitreden="", vormen=("arbeid",), leeftijdsgroep="24-49"):
    """A traject started at ``gestart`` that went through ``fasen`` [(naar, tijdstip), …]."""
    t = Traject.objects.create(
        zorgorganisatie=org,
        clientcode=f"ZC-T-{next(_NR)}",
        fase_sinds=gestart,
        aangemaakt_op=gestart,
        vormen=list(vormen),
        leeftijdsgroep=leeftijdsgroep,
    )
    FaseWijziging.objects.create(
        traject=t, van="", naar="intake", transitie="start", door_repr="x", tijdstip=gestart, reden="r"
    )
    van = "intake"
    for naar, tijdstip in fasen:
        FaseWijziging.objects.create(
            traject=t, van=van, naar=naar, transitie="x", door_repr="x", tijdstip=tijdstip, reden="r"
        )
        van = naar
    if fasen:
        t.fase, t.fase_sinds = van, fasen[-1][1]
        if van == "afgesloten":
            t.afsluitreden, t.afgesloten_op = afsluitreden, fasen[-1][1]
        t.save()
    return t


def _figuren(v):
    uit = {s.titel: {"totaal": s.totaal, **{t.titel: dict(t.rijen) for t in s.tabellen}} for s in v.secties}
    uit["fasen"] = {f.fase: (f.aantal, f.mediaan) for f in v.fasen}
    return uit


def test_counts_per_year_and_quarter(w):
    zvh = w["zvh"]
    for i in range(6):
        _aanmelding(zvh, _t(2, 1 + i), bron="telefoon", stand="geaccepteerd")
    for i in range(6):
        _aanmelding(zvh, _t(5, 1 + i), bron="meldroute", stand="afgewezen")
    _aanmelding(zvh, _t(5, 20), bron="meldroute", stand="ontvangen")
    _aanmelding(w["ander"], _t(2, 2))  # another organisation's: never counted
    _aanmelding(zvh, _t(2, 2).replace(year=JAAR - 1))  # another year
    # eight trajecten started in Q1, each 10 days in intake, 30 in hulpverlening; six closed regularly, two left
    for i in range(8):
        start = _t(1, 2 + i)
        _traject(
            zvh,
            start,
            fasen=[
                ("hulpverlening", start + timedelta(days=10)),
                ("afronding", start + timedelta(days=40)),
                ("afgesloten", start + timedelta(days=50)),
            ],
            afsluitreden="regulier" if i < 6 else "vertrokken",
        )
    for i in range(7):
        Consultatie.objects.create(
            zorgorganisatie=zvh,
            datum=date(JAAR, 1 if i < 5 else 8, 3),
            organisatie_type="politie",
            onderwerp="B8",
            minuten=30,
        )
    t = Traject.objects.filter(zorgorganisatie=zvh).first()
    for i in range(9):
        Zorgactie.objects.create(
            traject=t,
            domein="huisvesting" if i < 5 else "werk",
            hulpvraag="h",
            partner=zvh,
            aangemaakt_op=_t(3, 1 + i),
            bijgewerkt_op=_t(3, 1 + i),
        )

    jaar = _figuren(verantwoording.verantwoording(w["werkgebied"], Periode(JAAR)))
    a = jaar["Aanmeldingen"]
    assert a["totaal"] == 13
    assert a["Aanmeldingen per bron"]["Telefonisch"] == 6 and a["Aanmeldingen per bron"]["Meldroute (signaal)"] == 7
    assert a["Aanmeldingen per uitkomst (stand nu)"]["Ontvangen"] == "<5"  # 1 of 13: primary suppression
    assert "x" in a["Aanmeldingen per uitkomst (stand nu)"].values()  # …and one more, so 13 − 6 − 6 gives nothing away
    assert jaar["Trajecten gestart"]["totaal"] == 8
    af = jaar["Trajecten afgesloten"]
    assert af["totaal"] == 8 and af["Afgesloten trajecten per reden"]["Met onbekende bestemming vertrokken"] == "<5"
    assert (
        af["Afgesloten trajecten per reden"]["Regulier afgerond: de drie voorwaarden zijn helder"] == "x"
    )  # 8 − <5 would give it away
    assert af["Afgesloten trajecten per reden"]["Overleden"] == 0  # zeros are shown
    assert jaar["Zorgacties"]["totaal"] == 9 and jaar["Zorgacties"]["Zorgacties per domein"]["Huisvesting"] in ("x", 5)
    assert jaar["Zorgacties"]["Zorgacties per domein"]["Werk"] == "<5"
    assert jaar["Informatie en advies"]["totaal"] == 7
    assert jaar["Informatie en advies"]["Consultaties per kwartaal"]["kwartaal 1"] in (5, "x")
    assert jaar["Informatie en advies"]["Consultaties per kwartaal"]["kwartaal 3"] == "<5"
    assert (
        jaar["fasen"]["Intake"] == (8, 10)
        and jaar["fasen"]["Hulpverlening"] == (8, 30)
        and jaar["fasen"]["Afronding"] == (8, 10)
    )

    k2 = _figuren(verantwoording.verantwoording(w["werkgebied"], Periode(JAAR, 2)))
    assert k2["Aanmeldingen"]["totaal"] == 7 and k2["Trajecten gestart"]["totaal"] == 0
    assert k2["Informatie en advies"]["totaal"] == 0 and "Consultaties per kwartaal" not in k2["Informatie en advies"]
    k1 = _figuren(verantwoording.verantwoording(w["werkgebied"], Periode(JAAR, 1)))
    assert k1["Trajecten gestart"]["totaal"] == 8
    assert k1["fasen"]["Intake"] == (8, 10)  # every intake ended in Q1 (started 2–9 January + 10 days)
    assert k1["fasen"]["Afronding"] == (8, 10)  # closed 21–28 February
    k2_fasen = _figuren(verantwoording.verantwoording(w["werkgebied"], Periode(JAAR, 2)))["fasen"]
    assert set(k2_fasen.values()) == {(0, None)}  # no stay ended in Q2


def test_small_numbers_hide_the_time_per_phase_and_the_minutes(w):
    zvh = w["zvh"]
    for i in range(3):
        start = _t(1, 2 + i)
        _traject(zvh, start, fasen=[("hulpverlening", start + timedelta(days=3 + i))])
    Consultatie.objects.create(
        zorgorganisatie=zvh, datum=date(JAAR, 1, 3), organisatie_type="politie", onderwerp="B8", minuten=45
    )
    v = verantwoording.verantwoording(w["werkgebied"], Periode(JAAR))
    intake = next(f for f in v.fasen if f.fase == "Intake")
    assert (
        intake.aantal == "<5" and intake.mediaan is None and intake.gemiddeld is None
    )  # 3 stays would describe 3 cliënten
    assert v.secties[1].totaal == "<5"
    assert v.minuten is None  # one consultation's minutes are not published


def test_fte_in_use_beside_the_rule_of_seed_002(w):
    v = verantwoording.verantwoording(w["werkgebied"], Periode(JAAR))
    # politie-eenheid: 2 × (0,5 tot 1,0) + 0,1 × 500.000 / 100.000 = 1,5 to 2,5
    assert v.fte.inwoners == 500_000 and v.fte.politieregio
    assert (v.fte.berekening.totaal_min, v.fte.berekening.totaal_max) == (1.5, 2.5)
    assert str(v.fte.oordeel) == "binnen de vuistregel"
    w["werkgebied"].fte = 1
    w["werkgebied"].save()
    assert str(verantwoording.verantwoording(w["werkgebied"], Periode(JAAR)).fte.oordeel) == "minder dan de vuistregel"


def test_who_sees_which_werkgebied(w):
    from kompas.accounts.models import Lidmaatschap

    u = w["users"]
    gezien = {}
    for key in ("zc", "zc_ander", "ba_centrum", "ba_ander", "kr", "kr_elders"):
        user = u[key]
        actor = actor_for(user, Lidmaatschap.objects.filter(user=user).first().organisatie_id)
        gezien[key] = [x.zorgorganisatie.naam for x in verantwoording.werkgebieden_voor(actor)]
    assert gezien == {
        "zc": ["ZVH Noord"],
        "zc_ander": ["ZVH Zuid"],
        "ba_centrum": ["ZVH Noord"],
        "ba_ander": [],
        "kr": ["ZVH Noord"],
        "kr_elders": [],
    }


@pytest.mark.parametrize(
    "key,status,ziet",
    [
        ("zc", 200, "ZVH Noord"),
        ("ba_centrum", 200, "ZVH Noord"),
        ("kr", 200, "ZVH Noord"),
        ("zc_ander", 200, "ZVH Zuid"),
        ("ba_ander", 200, None),
        ("kr_elders", 200, None),
        ("af", 403, None),
        ("pr", 403, None),
    ],
)
def test_the_page_by_role(w, key, status, ziet):
    _traject(w["zvh"], timezone.now())
    r = verified_client(w["users"][key]).get(reverse("zorg:verantwoording"))
    assert r.status_code == status
    if status == 200:
        body = r.content.decode()
        for org in ("ZVH Noord", "ZVH Zuid"):
            assert (f"Verantwoording zorgcoördinatie {org}" in body) == (org == ziet)
        assert ("Download als PDF" in body) == (ziet is not None)
        if ziet is None:
            assert "Er is geen werkgebied waarvan u de verantwoording kunt zien" in body


def test_another_werkgebied_cannot_be_asked_for(w):
    ander = Werkgebied.objects.get(zorgorganisatie=w["ander"])
    client = verified_client(w["users"]["zc"])
    r = client.get(reverse("zorg:verantwoording"), {"werkgebied": ander.pk})
    assert r.status_code == 400 and "ZVH Zuid" not in r.content.decode()
    assert client.get(reverse("zorg:verantwoording"), {"jaar": "1999"}).status_code == 400
    assert client.get(reverse("zorg:verantwoording"), {"kwartaal": "5"}).status_code == 400


def test_pdf_is_tagged_and_xlsx_cells_are_safe_and_both_are_audited(w):
    from openpyxl import load_workbook

    w["zvh"].naam = '=HYPERLINK("http://x")'
    w["zvh"].save()
    for i in range(3):
        _traject(w["zvh"], _t(2, 1 + i))
    client = verified_client(w["users"]["ba_centrum"])
    r = client.get(reverse("zorg:verantwoording"), {"jaar": JAAR, "formaat": "pdf"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    info = assert_toegankelijke_pdf(r.content)
    assert "Verantwoording" in info["Title"]
    r = client.get(reverse("zorg:verantwoording"), {"jaar": JAAR, "kwartaal": 1, "formaat": "xlsx"})
    assert r.status_code == 200 and f"{JAAR}-K1" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    waarden = [c.value for row in ws.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in waarden  # a text, never a live formula
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    rij_gestart = next(row for row in ws.iter_rows(values_only=True) if row[1] == "Trajecten gestart in de periode")
    assert rij_gestart[3] == "<5"  # suppressed in the spreadsheet too
    exports = AuditEntry.objects.filter(actie=Actie.EXPORT, object_type="zorg.verantwoording")
    assert exports.count() == 2 and exports.filter(details__periode=f"{JAAR}-K1").exists()


def test_the_figures_survive_retention(w):
    zc = w["zc_actor"]
    zvh = w["zvh"]
    for i in range(6):
        start = timezone.now() - timedelta(days=800 - i)
        _traject(
            zvh,
            start,
            fasen=[("hulpverlening", start + timedelta(days=5)), ("afgesloten", start + timedelta(days=20))],
            afsluitreden="afgezien",
        )
    jaar = (timezone.now() - timedelta(days=800)).year
    voor = [_figuren(verantwoording.verantwoording(w["werkgebied"], Periode(j))) for j in (jaar, jaar + 1)]
    assert services.bewaartermijnen_handhaven(actor=SYSTEEM) == 6
    assert [_figuren(verantwoording.verantwoording(w["werkgebied"], Periode(j))) for j in (jaar, jaar + 1)] == voor
    assert Traject.objects.filter(zorgorganisatie=zc.organisatie, geanonimiseerd_op__isnull=False).count() == 6


def test_gemeente_figures_count_the_victims_in_zorg_suppressed(w):
    """Issue 10, 13c: the aard-en-omvang figures gain the (possible) victims in zorg now, by
    gemeente of stay, always through small-cell suppression."""
    from kompas.meldroute import selectors as meldroute_selectors

    def in_zorg(codes):
        return meldroute_selectors._cijfers(meldroute_selectors.Scope("t", codes, suppress=False))

    for i in range(3):
        t = _traject(w["zvh"], _t(1, 1 + i))
        t.gemeente_code = "GM0405"
        t.save()
    elders = _traject(w["zvh"], _t(1, 5))
    elders.gemeente_code = "GM0388"
    elders.save()
    data = in_zorg(["GM0405"])
    assert data["in_zorg"] == "<5"  # three, never shown exactly — even to the gemeente's own staff
    tabel = next(t for t in data["tabellen"] if t.titel == meldroute_selectors.IN_ZORG_TITEL)
    assert dict(tabel.rijen)["Intake"] == "<5"
    for i in range(4):
        t = _traject(w["zvh"], _t(1, 6 + i), fasen=[("hulpverlening", _t(2, 1))])
        t.gemeente_code = "GM0405"
        t.save()
    gesloten = _traject(w["zvh"], _t(1, 11), fasen=[("afgesloten", _t(2, 1))], afsluitreden="afgezien")
    gesloten.gemeente_code = "GM0405"
    gesloten.save()
    data = in_zorg(["GM0405"])
    assert data["in_zorg"] == 7  # closed trajecten and other gemeenten do not count
    assert dict(next(t for t in data["tabellen"] if t.titel == meldroute_selectors.IN_ZORG_TITEL).rijen) == {
        "Intake": "<5",
        "Intake (hulpverlening al gestart)": 0,
        "Hulpverlening": "<5",
        "Afronding": 0,
    }
    # national: 4 in intake and 4 in hulpverlening, both "<5": a total of 8 would pin both at 4
    assert in_zorg(None)["in_zorg"] == "x"
    r = verified_client(w["users"]["af"]).get(reverse("meldroute:cijfers"), {"formaat": "csv"})
    assert "Totaal;mogelijke slachtoffers in zorg;7" in r.content.decode("utf-8-sig")
