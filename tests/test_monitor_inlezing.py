"""The web import of the monitor runs in the background (issue 12, item 6): the upload is
stored and queued, the page shows the rows read of the file's rows, then the result or the
Dutch reason the file was refused; a refused file adds nothing."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompas.audit.models import AuditEntry
from kompas.core.achtergrond import afgebroken_opruimen
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import services
from kompas.monitor.jobs import inzendingen_inlezen
from kompas.monitor.models import Inlezing, Inzending
from kompas.monitor.services import inlezing_uitvoeren, inzendingen_importeren
from tests.test_invoer import FOUT, GOED, KOP, analist, meting  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

RIJEN = [GOED.replace("r1", f"r{i}") for i in range(1, 6)]


def _upload(client, inhoud: bytes, naam="export.csv", *, uitvoeren: bool, capture):
    with capture(execute=uitvoeren):
        r = client.post(reverse("monitor:importeren", args=["m2021"]), {"bestand": SimpleUploadedFile(naam, inhoud)})
    assert r.status_code == 302, r.content.decode()[:500]
    return r["Location"]


def test_upload_is_queued_then_read_by_the_task_with_its_result_on_the_page(
    analist,
    meting,
    django_capture_on_commit_callbacks,
):
    inhoud = "\n".join([KOP, *RIJEN, FOUT]).encode()
    url = _upload(analist, inhoud, uitvoeren=False, capture=django_capture_on_commit_callbacks)
    inl = Inlezing.objects.get()
    assert url == reverse("monitor:inlezing", args=["m2021", inl.pk])
    assert inl.status == Inlezing.Status.WACHT and bytes(inl.inhoud) == inhoud and not Inzending.objects.exists()
    page = analist.get(url).content.decode()
    assert "In de wachtrij" in page and 'hx-trigger="every 1s"' in page  # the page keeps asking

    inzendingen_inlezen.enqueue(inl.pk)  # what the worker runs (immediately in tests)
    inl.refresh_from_db()
    assert inl.status == Inlezing.Status.KLAAR and inl.inhoud is None  # the file is not kept
    assert inl.gelezen == inl.totaal == 7
    assert Inzending.objects.count() == 5
    page = analist.get(url).content.decode()
    assert "5 ingelezen" in page and "rij 7: onbekende organisatie GM9999" in page and "every 1s" not in page
    audit = AuditEntry.objects.get(object_repr="import export.csv in m2021")
    assert audit.user == inl.aangevraagd_door and audit.details["ingelezen"] == 5
    # a duplicated (or re-queued) task reads nothing twice
    assert inlezing_uitvoeren(inl.pk) == "al opgepakt"
    assert Inzending.objects.count() == 5


@pytest.mark.parametrize(
    ("inhoud", "boodschap"),
    [
        ("respons_id;organisatie\nr1;GM0363\n", "Kolom(men) ontbreken: gestart_op, ingediend_op, volledig"),
        (f"{KOP};B1_BELEID\n{GOED};x\n", "Kolom &#x27;B1_BELEID&#x27; staat twee keer in de kopregel"),
        (f"{KOP}\n{GOED.replace(';', ',')}\n", "Het scheidingsteken verschilt"),
        # refused after five good rows were read: those are not stored either
        ("\n".join([KOP, *RIJEN, "r7;" + "x" * 200_000]), "Regel 7 is geen geldige CSV"),
    ],
)
def test_a_refused_file_shows_the_dutch_error_and_imports_nothing(
    analist,
    meting,
    inhoud,
    boodschap,
    django_capture_on_commit_callbacks,
):
    url = _upload(analist, inhoud.encode(), uitvoeren=True, capture=django_capture_on_commit_callbacks)
    inl = Inlezing.objects.get()
    assert inl.status == Inlezing.Status.MISLUKT and inl.inhoud is None
    page = analist.get(url).content.decode()
    assert "Het bestand is niet ingelezen; er is niets toegevoegd:" in page and boodschap in page
    assert not Inzending.objects.exists()


def test_too_large_a_file_is_refused_before_it_is_stored(
    analist,
    meting,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.KOMPAS_MAX_UPLOAD_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        r = analist.post(
            reverse("monitor:importeren", args=["m2021"]),
            {"bestand": SimpleUploadedFile("x.csv", "\n".join([KOP, *RIJEN]).encode())},
        )
    assert r.status_code == 200 and "de grens is" in r.content.decode()
    assert not Inlezing.objects.exists()


def test_progress_is_reported_while_reading_and_shown_on_the_page(analist, meting, monkeypatch):
    monkeypatch.setattr(services, "VOORTGANG_ELKE", 0)
    gemeld = []
    inhoud = "\n".join([KOP, *RIJEN, "", RIJEN[0].replace("r1", "r6")]).encode()
    inzendingen_importeren(meting=meting, inhoud=inhoud, voortgang=lambda n, t: gemeld.append((n, t)), actor=SYSTEEM)
    assert gemeld == [
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 8),
        (6, 8),
        (8, 8),
        (8, 8),
    ]  # the file's lines; the blank line counted

    # the page while the worker reads: rows read of the file's rows
    inl = Inlezing.objects.create(
        meting=meting, bestandsnaam="groot.csv", status=Inlezing.Status.BEZIG, gelezen=40000, totaal=100001
    )
    page = analist.get(
        reverse("monitor:inlezing", args=["m2021", inl.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "regel 40000 van 100001 gelezen" in page and 'value="40"' in page and "every 1s" in page


def test_progress_reaches_the_stored_upload_while_the_task_reads(meting, monkeypatch):
    monkeypatch.setattr(services, "VOORTGANG_ELKE", 0)
    inl = Inlezing.objects.create(meting=meting, bestandsnaam="x.csv", inhoud="\n".join([KOP, *RIJEN]).encode())
    gezien = []
    echt = services.inzendingen_importeren

    def met_blik(**kwargs):  # what the page would read after each progress report
        def voortgang(n, t):
            kwargs_voortgang(n, t)
            gezien.append(Inlezing.objects.values_list("status", "gelezen", "totaal").get(pk=inl.pk))

        kwargs_voortgang = kwargs.pop("voortgang")
        return echt(**kwargs, voortgang=voortgang)

    monkeypatch.setattr(services, "inzendingen_importeren", met_blik)
    assert inlezing_uitvoeren(inl.pk) == "klaar"
    assert gezien[:2] == [("bezig", 2, 6), ("bezig", 3, 6)] and gezien[-1] == ("bezig", 6, 6)
    inl.refresh_from_db()
    assert (inl.gelezen, inl.totaal, inl.status) == (6, 6, Inlezing.Status.KLAAR)


def test_a_hung_import_is_marked_failed_by_the_planner_clean_up(analist, meting):
    inl = Inlezing.objects.create(meting=meting, bestandsnaam="x.csv", inhoud=b"...", status=Inlezing.Status.BEZIG)
    afgebroken_opruimen(
        SimpleNamespace(
            task_path="kompas.monitor.jobs.inzendingen_inlezen", args_kwargs={"args": [inl.pk], "kwargs": {}}
        )
    )
    inl.refresh_from_db()
    assert inl.status == Inlezing.Status.MISLUKT and inl.inhoud is None
    page = analist.get(reverse("monitor:inlezing", args=["m2021", inl.pk])).content.decode()
    assert "Het inlezen is afgebroken" in page and "lees het bestand opnieuw in" in page


def test_csv_lines_may_end_in_lf_crlf_or_cr_and_keep_their_numbers():
    from kompas.core.tabular import lees_csv

    tabel = lees_csv('a;b\r1;2\r\n\n3;"vier\nregels"\n5;6')
    assert tabel.regels == 6
    assert [(r.regel, r.waarden) for r in tabel.rijen] == [
        (2, {"a": "1", "b": "2"}),
        (4, {"a": "3", "b": "vier\nregels"}),
        (6, {"a": "5", "b": "6"}),
    ]


def test_a_workbook_that_does_not_state_its_size_still_has_a_total_for_the_progress():
    import io

    from openpyxl import Workbook

    from kompas.core.tabular import lees_xlsx

    wb = Workbook(write_only=True)  # openpyxl writes no dimension; Excel does
    ws = wb.create_sheet()
    ws.append(["respons_id", "organisatie"])
    for i in range(2500):
        ws.append([f"r{i}", "GM0363"])
    buf = io.BytesIO()
    wb.save(buf)
    tabel = lees_xlsx(buf.getvalue())
    assert tabel.regels == 2501 and sum(1 for _ in tabel.rijen) == 2500
