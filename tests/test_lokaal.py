"""Issue 12 item 3 and issue 14 item 1: `make run` runs everything in one process group,
restarts the worker and the planner, stops on Ctrl-C, prints commands that work as printed,
and shows Kompas's own Dutch error pages and a favicon."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.urls import reverse

from kompas.core.management.commands.start import processen_voor, samenvatting
from kompas.core.supervisor import Proces, Supervisor, kompas_commando

ROOT = Path(__file__).resolve().parents[1]
SLAAP = [sys.executable, "-c", "import time; time.sleep(60)"]
STERF = [sys.executable, "-c", "import sys; sys.exit(3)"]


def _tot(voorwaarde, sup, seconden=10.0):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if not sup.stap() or voorwaarde():
            return
        time.sleep(0.02)


def test_a_dying_worker_is_restarted_with_growing_pauses_and_the_rest_keeps_running():
    web, werker = Proces("webserver", SLAAP, herstarten=False), Proces("taakwerker", STERF, pauze=0.05)
    meldingen = []
    sup = Supervisor([web, werker], melden=meldingen.append, max_pauze=0.2)
    try:
        _tot(lambda: werker.herstarts >= 3, sup)
        assert werker.herstarts >= 3 and web.popen.poll() is None
        assert "taakwerker is gestopt (code 3); over 0 s opnieuw gestart." in meldingen
        assert werker.pauze == pytest.approx(0.2)  # doubled up to the maximum
    finally:
        sup.afsluiten(wachten=5)
    assert web.popen.poll() is not None  # stopped with the rest


def test_when_the_web_server_stops_everything_stops():
    web, planner = Proces("webserver", STERF, herstarten=False), Proces("planner", SLAAP)
    sup = Supervisor([web, planner], melden=lambda t: None)
    sup.stap()
    web.popen.wait()
    assert sup.stap() is False
    sup.afsluiten(wachten=5)
    assert planner.popen.poll() is not None


def test_ctrl_c_stops_all_processes():
    processen = [Proces("webserver", SLAAP, herstarten=False), Proces("taakwerker", SLAAP), Proces("planner", SLAAP)]
    sup = Supervisor(processen, melden=lambda t: None, gratie=0.2)
    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    begin = time.monotonic()
    sup.draai(interval=0.05)  # returns after Ctrl-C instead of raising KeyboardInterrupt
    assert time.monotonic() - begin < 10
    assert all(p.popen.poll() is not None for p in processen)


def test_make_run_starts_web_server_worker_and_planner_with_kompas_error_pages():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/kompas start" in run and "runserver" not in run
    web, werker, planner = processen_voor(".venv/bin/kompas", adres="127.0.0.1:8000")
    assert web.argv[1:] == ["runserver", "--noreload", "--insecure", "127.0.0.1:8000"] and not web.herstarten
    assert web.env["DEBUG"] == "false"  # Kompas's own 404/500 pages, not Django's debug page
    assert werker.argv[1] == "werker" and werker.herstarten and planner.argv[1] == "planner" and planner.herstarten
    assert processen_voor("k", adres="x", debug=True)[0].env["DEBUG"] == "true"


def test_printed_commands_work_exactly_as_printed():
    # `kompas start` and `kompas demo` print the command as `<kompas_commando()> demo_code`
    # (test_settings checks the demo's line); typed from the repository root it works.
    kompas = kompas_commando()
    assert Path(kompas).name == "kompas" and Path(kompas).exists()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kompas.conf.dev"}
    uit = subprocess.run([kompas, "demo_code"], capture_output=True, text=True, env=env, timeout=60, check=True)  # noqa: S603
    assert uit.stdout.strip().isdigit() and len(uit.stdout.strip()) == 6


@pytest.mark.django_db
def test_a_mistyped_survey_link_shows_the_dutch_404_and_there_is_a_favicon(client):
    r = client.get("/monitor/invulen/abc123/")
    assert r.status_code == 404 and "Pagina niet gevonden" in r.content.decode()
    assert "persoonlijke link" not in r.content.decode()
    # a respondent whose link is cut off is told what to do, not only sent to a login page
    r = client.get("/monitor/invullen/12.kapot/")
    assert r.status_code == 404 and "Kopieer dan de hele link" in r.content.decode()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/vnd.microsoft.icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="icon"' in page and "/static/kompas/favicon.svg" in page


@pytest.mark.django_db
def test_start_prints_the_demo_users_and_commands_once_the_server_answers():
    from kompas.accounts.constants import Rol
    from kompas.core.supervisor import wacht_op_poort
    from tests.conftest import member

    member(Rol.ANALIST, username="analist")
    regels = samenvatting(".venv/bin/kompas", "127.0.0.1:8000")
    assert "  analist  Analist – " in "\n".join(regels) and "medewerker" not in "\n".join(
        regels
    )  # only users that exist
    assert "Tweestapscode van de demogebruikers: .venv/bin/kompas demo_code" in regels
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        poort = s.getsockname()[1]
        assert wacht_op_poort(f"127.0.0.1:{poort}", timeout=2)
    assert not wacht_op_poort(f"127.0.0.1:{poort}", timeout=0.5)  # closed now
