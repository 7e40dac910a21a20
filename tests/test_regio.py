import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.core.schrijven import SYSTEEM
from kompas.regio.models import Gemeente, Herindeling, Indeling, Regio, RegioLidmaatschap
from kompas.regio.selectors import opvolger_tabel, opvolgers
from kompas.regio.services import (
    ImportFout,
    RegioFout,
    gemeenten_importeren,
    lidmaatschappen_importeren,
    referentiedata_laden,
    regio_hernoemen,
)


@pytest.fixture
def reference(db):
    referentiedata_laden(actor=SYSTEEM)


def test_shipped_counts_per_year(reference):
    counts = {j: Gemeente.objects.filter(jaar=j).count() for j in (2019, 2021, 2024, 2026)}
    assert counts == {2019: 355, 2021: 352, 2024: 342, 2026: 342}


def test_2024_matches_cbs_population_and_regions(reference):
    total = sum(Gemeente.objects.filter(jaar=2024).values_list("inwoners", flat=True))
    assert total == 17_942_942  # CBS, 1 januari 2024
    assert Regio.objects.filter(indeling=Indeling.VEILIGHEIDSREGIO).count() == 25
    assert Regio.objects.filter(indeling=Indeling.POLITIE_EENHEID).count() == 10
    amsterdam = Gemeente.objects.get(jaar=2024, cbs_code="GM0363")
    assert amsterdam.inwoners == 931_298
    assert {m.indeling: m.regio.naam for m in amsterdam.lidmaatschappen.all()}[Indeling.POLITIE_EENHEID] == "Amsterdam"


def test_loading_twice_adds_nothing(reference):
    before = (Gemeente.objects.count(), RegioLidmaatschap.objects.count(), Herindeling.objects.count())
    counts = referentiedata_laden(actor=SYSTEEM)
    assert all(v == 0 for v in counts.values())
    assert before == (Gemeente.objects.count(), RegioLidmaatschap.objects.count(), Herindeling.objects.count())


@pytest.mark.parametrize(
    ("code", "van", "naar", "expected"),
    [
        ("GM0003", 2019, 2026, ["GM1979"]),  # Appingedam → Eemsdelta (2021)
        ("GM0788", 2019, 2026, ["GM0757", "GM0824", "GM0855", "GM0865"]),  # Haaren split (2021)
        ("GM0457", 2021, 2024, ["GM0363"]),  # Weesp → Amsterdam (24-03-2022, shows in 2023)
        ("GM0501", 2021, 2022, ["GM0501"]),  # Voorne aan Zee only from 2023
        ("GM0501", 2021, 2023, ["GM1992"]),
        ("GM0363", 2019, 2026, ["GM0363"]),
        ("GM1992", 2026, 2019, ["GM1992"]),
    ],
)
def test_opvolgers(reference, code, van, naar, expected):
    assert opvolgers(code, van, naar) == expected


def test_every_2019_gemeente_maps_onto_2026(reference):
    table = opvolger_tabel(2019, 2026)
    current = set(Gemeente.objects.filter(jaar=2026).values_list("cbs_code", flat=True))
    assert len(table) == 355
    assert all(set(targets) <= current for targets in table.values())
    assert {c for targets in table.values() for c in targets} == current


CBS_2027 = """Gemeentecode;Gemeentenaam;Provincienaam;Inwoners
{rows}
"""


def _table_2027(merge=True, rename=True):
    rows = []
    for g in Gemeente.objects.filter(jaar=2026).prefetch_related("lidmaatschappen__regio"):
        if merge and g.cbs_code in ("GM0405", "GM0388"):  # Hoorn + Enkhuizen, fictitious
            continue
        name = "Súdwest Fryslân" if (rename and g.cbs_code == "GM1900") else g.naam
        rows.append(f"{g.cbs_code[2:]};{name};{g.provincie};{g.inwoners or ''}")
    if merge:
        rows.append("GM1999;Hoorn-Enkhuizen;Noord-Holland;94540")
    return CBS_2027.format(rows="\n".join(rows))


def test_import_reports_merger_and_rename_and_keeps_older_years(reference, tmp_path, capsys):
    before = {
        j: list(Gemeente.objects.filter(jaar=j).values_list("cbs_code", "naam", "inwoners"))
        for j in (2019, 2021, 2024, 2026)
    }
    path = tmp_path / "gebieden_2027.csv"
    path.write_text(_table_2027(), encoding="utf-8")
    call_command("regio", "importeer", str(path), "--jaar", "2027")
    out = capsys.readouterr().out
    assert "Jaar 2027: 341 gemeenten ingelezen" in out
    assert "nieuw: GM1999 Hoorn-Enkhuizen" in out
    assert "samengevoegd: GM0388 Enkhuizen, GM0405 Hoorn → GM1999 Hoorn-Enkhuizen" in out
    assert "hernoemd: GM1900 Súdwest-Fryslân → Súdwest Fryslân" in out
    after = {
        j: list(Gemeente.objects.filter(jaar=j).values_list("cbs_code", "naam", "inwoners"))
        for j in (2019, 2021, 2024, 2026)
    }
    assert before == after
    assert opvolgers("GM0405", 2026, 2027) == ["GM1999"]
    # importing the same file again changes nothing and records nothing twice
    herindelingen = Herindeling.objects.count()
    call_command("regio", "importeer", str(path), "--jaar", "2027")
    assert Gemeente.objects.filter(jaar=2027).count() == 341
    assert Herindeling.objects.count() == herindelingen


def test_absorption_needs_explicit_herindeling(reference, tmp_path, capsys):
    rows = [
        f"{g.cbs_code};{g.naam};{g.provincie}" for g in Gemeente.objects.filter(jaar=2026).exclude(cbs_code="GM0388")
    ]
    path = tmp_path / "g.csv"
    path.write_text(
        "cbs_code,naam,provincie\n" + "\n".join(r.replace(";", ",") for r in rows if "," not in r), encoding="utf-8"
    )
    call_command("regio", "importeer", str(path), "--jaar", "2027")
    assert "vervallen zonder aanwijsbare opvolger: GM0388 Enkhuizen" in capsys.readouterr().out
    her = tmp_path / "h.csv"
    her.write_text("van_code;naar_code\nGM0388;GM0405\n", encoding="utf-8")
    call_command("regio", "importeer", str(path), "--jaar", "2027", "--herindelingen", str(her))
    assert "samengevoegd: GM0388 Enkhuizen → GM0405 Hoorn (volgens het herindelingenbestand)" in capsys.readouterr().out
    assert opvolgers("GM0388", 2026, 2027) == ["GM0405"]


def test_bad_rows_are_all_reported_and_nothing_is_stored(reference):
    text = "Gemeentecode;Gemeentenaam;Inwoners\nGM12345;Te lang;10\nGM0001;;5\nGM0002;Goed;veel\n"
    with pytest.raises(ImportFout) as exc:
        gemeenten_importeren(text=text, jaar=2030, actor=SYSTEEM)
    message = str(exc.value)
    assert "regel 2" in message and "regel 3" in message and "regel 4" in message
    assert "niets opgeslagen" in message
    assert not Gemeente.objects.filter(jaar=2030).exists()


def test_command_exits_nonzero_with_dutch_message(db, tmp_path):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("regio", "importeer", str(tmp_path / "bestaat-niet.csv"), "--jaar", "2027")
    path = tmp_path / "x.csv"
    path.write_text("foo;bar\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Kolom"):
        call_command("regio", "importeer", str(path), "--jaar", "2027")


def test_membership_import_for_zvh_and_vrouwenopvang(reference):
    text = (
        "indeling;regio_code;regio_naam;cbs_code;centrumgemeente\n"
        "zvh;ZVH-X;ZVH X;GM0405;\n"
        "vrouwenopvang;VO-X;VO X;0388;GM0361\n"
    )
    assert lidmaatschappen_importeren(text=text, jaar=2026, actor=SYSTEEM) == {"lidmaatschappen": 2}
    assert Regio.objects.get(code="VO-X").centrumgemeente_code == "GM0361"
    bad = "indeling;regio_code;regio_naam;cbs_code\nzvh;Z;Z;GM0405\nveiligheidsregio;V;V;GM0405\nzvh;Z;Z;GM9999\n"
    with pytest.raises(ImportFout) as exc:
        lidmaatschappen_importeren(text=bad, jaar=2026, actor=SYSTEEM)
    assert "regel 3" in str(exc.value) and "regel 4" in str(exc.value)
    assert not Regio.objects.filter(code="Z").exists()


@pytest.mark.django_db
def test_membership_upload_page_shows_errors(make_member, login, reference):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ab = make_member(Rol.APPLICATIEBEHEERDER)
    c = login(ab)
    f = SimpleUploadedFile(
        "l.csv", b"indeling;regio_code;regio_naam;cbs_code\nfoo;Z;Z;GM0405\n", content_type="text/csv"
    )
    r = c.post(reverse("regio:lidmaatschappen_import"), {"jaar": 2026, "bestand": f})
    assert r.status_code == 200 and "indeling &#x27;foo&#x27; onbekend" in r.content.decode()
    f = SimpleUploadedFile(
        "l.csv", b"indeling;regio_code;regio_naam;cbs_code\nzvh;Z;Zregio;GM0405\n", content_type="text/csv"
    )
    r = c.post(reverse("regio:lidmaatschappen_import"), {"jaar": 2026, "bestand": f})
    assert r.status_code == 302


@pytest.mark.django_db
def test_gemeente_pages(make_member, login, reference):
    c = login(make_member(Rol.BELEIDSADVISEUR))
    page = c.get(reverse("regio:gemeenten"), {"jaar": 2019, "q": "Haaren"}).content.decode()
    assert "Haaren" in page and "1 gemeente" in page
    detail = c.get(reverse("regio:gemeente_detail", args=[2019, "GM0788"])).content.decode()
    assert "Haaren opgeheven" in detail
    assert c.get(reverse("regio:gemeente_detail", args=[2019, "GM9999"])).status_code == 404


@pytest.mark.django_db
def test_gemeente_search_with_quotes_and_bad_year(make_member, login, reference):
    c = login(make_member(Rol.ANALIST))
    page = c.get(reverse("regio:gemeenten"), {"q": "'s-Gravenhage"}).content.decode()
    assert "GM0518" in page
    assert c.get(reverse("regio:gemeenten"), {"jaar": "abc"}).status_code == 200
    page = c.get(reverse("regio:gemeenten"), {"jaar": 2026, "q": "Noord-Brabant"}).content.decode()
    assert "jaar=2026&amp;q=Noord-Brabant&amp;pagina=2" in page


@pytest.mark.django_db
def test_renaming_a_region_is_audited_and_needs_a_name():
    """The demo drops an old "(voorbeeld)" suffix through this service, not by saving the model."""
    from kompas.audit.models import Actie, AuditEntry

    regio = Regio.objects.create(indeling=Indeling.ZVH, code="ZVH-X", naam="ZVH X (voorbeeld)")
    with pytest.raises(RegioFout):
        regio_hernoemen(regio=regio, naam="  ", actor=SYSTEEM)
    regio_hernoemen(regio=regio, naam="ZVH X", actor=SYSTEEM)
    regio.refresh_from_db()
    assert regio.naam == "ZVH X"
    entry = AuditEntry.objects.get(actie=Actie.UPDATE, object_type="regio.regio")
    assert entry.details == {"naam": ["ZVH X (voorbeeld)", "ZVH X"]}
