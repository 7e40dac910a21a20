import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kompas.conf.env import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
# the encryption and pseudonym keys of zorgcoördinatie
KEYS = {"KOMPAS_VELDSLEUTEL": "v" * 40, "KOMPAS_PSEUDONIEM_SLEUTEL": "p" * 40}


def _run_production(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", *KEYS}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="kompas.conf.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY en ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "kort", "ALLOWED_HOSTS": "kompas.example", **KEYS}, "minstens 50"),
        ({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kompas.example", **KEYS}, "PostgreSQL"),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kompas.example", "KOMPAS_PSEUDONIEM_SLEUTEL": "p" * 40},
            "zonder KOMPAS_VELDSLEUTEL",
        ),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kompas.example", "KOMPAS_VELDSLEUTEL": "v" * 40},
            "zonder KOMPAS_PSEUDONIEM_SLEUTEL",
        ),
    ],
)
def test_production_refuses_to_start_without_essentials(env, message):
    result = _run_production(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_essentials():
    result = _run_production(
        {
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "kompas.example",
            "DATABASE_URL": "postgres://kompas@127.0.0.1/kompas",
            **KEYS,
        }
    )
    assert result.returncode == 0, result.stderr


def test_every_environment_variable_is_documented():
    import contextlib
    import importlib

    import kompas.conf.dev  # noqa: F401

    # production refuses to load without its variables; by then it has registered them all
    with contextlib.suppress(Exception):
        importlib.import_module("kompas.conf.production")
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    missing = [name for name in REGISTRY if f"`{name}`" not in docs]
    assert not missing, f"Niet gedocumenteerd in docs/deploy.md: {missing}"


def test_security_settings(settings):
    from django.contrib.auth.hashers import check_password, make_password

    from kompas.conf import base

    # the test settings use MD5 for speed; with the real (base) hashers a new password is
    # stored as Argon2, which needs argon2-cffi installed, and verifies again
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    stored = make_password("correct paard batterij nietje")
    assert stored.startswith("argon2$")
    assert check_password("correct paard batterij nietje", stored) and not check_password("fout", stored)

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert base.SESSION_COOKIE_HTTPONLY and base.CSRF_COOKIE_HTTPONLY
    directives = base.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]


@pytest.mark.django_db
def test_responses_carry_csp_and_security_headers(client):
    response = client.get("/inloggen/")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_demo_refuses_production_settings(settings):
    settings.KOMPAS_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="productie"):
        call_command("demo")


@pytest.mark.django_db
def test_demo_creates_one_user_per_role_and_is_idempotent(capsys):
    from kompas.accounts.constants import Rol
    from kompas.accounts.models import Lidmaatschap, User

    call_command("demo")
    call_command("demo")
    out = capsys.readouterr().out
    assert "TOTP-geheim" in out and "Kompas-demo-2026!" in out
    from kompas.core.supervisor import kompas_commando

    regel = next(r for r in out.splitlines() if "demo_code" in r)  # a command that works as printed
    assert regel.split("met: ", 1)[1].split() == [kompas_commando(), "demo_code"]
    assert set(Lidmaatschap.objects.values_list("rol", flat=True)) == set(Rol.values)
    # one user per role, the zorgnetwerk's care partner (a second contactpersoon, at the opvang) and
    # a second zorgcoördinator of the ZVH
    assert User.objects.count() == len(Rol) + 2 and User.objects.filter(username="zorgpartner").exists()
    assert "zorgcoordinator2" in out
    # zorgcoördinatie: a werkgebied and trajecten in every phase, one referred from a demo signal
    from kompas.zorg.models import Aanmelding, Traject, Werkgebied

    assert Werkgebied.objects.get().centrumgemeente_code == "GM0361"
    assert set(Traject.objects.values_list("fase", flat=True)) == {
        "intake",
        "intake_hulpverlening",
        "hulpverlening",
        "afronding",
        "afgesloten",
    }
    assert Traject.objects.filter(aanmelding__signaal__isnull=False).count() == 1
    assert Aanmelding.objects.filter(stand="ontvangen", signaal__isnull=False).count() == 1
    # a partner's referral through the aanmeldformulier, open for the coordinator, from the demo politie user
    van_politie = Aanmelding.objects.get(bron="formulier")
    assert van_politie.stand == "ontvangen" and van_politie.door.username == "politie"
    assert van_politie.zorgorganisatie == Werkgebied.objects.get().zorgorganisatie
    # the demo coordinator handles her trajecten; an open one went to her colleague (in the history)
    assert set(Traject.objects.values_list("behandelaar__username", flat=True)) == {
        "zorgcoordinator",
        "zorgcoordinator2",
    }
    van_collega = Traject.objects.filter(behandelaar__username="zorgcoordinator2")
    assert van_collega.count() == 1 and all(t.is_open for t in van_collega)
    assert all(t.behandelaar_geschiedenis.count() == 1 for t in van_collega)  # idempotent: once, not twice
    # the zorgnetwerk: partners with capacity, a stalled action, a share under a legal ground, a zorgoverleg
    from kompas.zorg import selectors
    from kompas.zorg.models import Zorgactie, Zorgoverleg

    assert Werkgebied.objects.get().netwerk.count() == 3
    assert Werkgebied.objects.get().netwerk.filter(vrije_plaatsen=3).exists()
    assert len(selectors.stille_acties()) == 1
    assert Zorgactie.objects.exclude(grondslag="").count() == 1 and Zorgoverleg.objects.count() == 1
    # every demo membership fits the role table (accounts/constants.py), so the report is clean
    from kompas.accounts.selectors import lidmaatschappen_buiten_tabel

    assert lidmaatschappen_buiten_tabel() == []
    call_command("rollen_controleren")
    # the open monitor wave: the gemeente whose link is printed was really invited
    from kompas.monitor.models import Uitnodiging

    hoorn = Uitnodiging.objects.get(meting__code=str(timezone.localdate().year), organisatie_code="GM0405")
    assert hoorn.uitgenodigd_op is not None and hoorn.token in out


@pytest.mark.django_db
def test_error_pages_are_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_every_stylesheet_and_script_of_the_shell_is_served():
    """The shell's CSS and JS come from npm packages and the core app; all must resolve."""
    import re

    from django.contrib.staticfiles import finders

    base = (ROOT / "src" / "kompas" / "templates" / "base.html").read_text(encoding="utf-8")
    frame = (ROOT / "src" / "kompas" / "core" / "paginaframe.py").read_text(encoding="utf-8")
    assets = re.findall(r"{% static '([^']+)' %}", base) + re.findall(r'static\("([^"]+)"\)', frame)
    assert len(assets) >= 4
    missing = [a for a in assets if not finders.find(a)]
    assert not missing, f"Niet gevonden: {missing} (npm ci gedraaid?)"
