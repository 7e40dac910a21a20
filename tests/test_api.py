"""The REST API: same permissions as the screens, a committed schema, and schemathesis."""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.constants import Rol
from kompas.meldroute.models import Signaal
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory, SignaalFactory

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


def test_committed_schema_matches_the_code():
    """docs/api/openapi.yaml is the contract: regenerate it with
    `kompas spectacular --file docs/api/openapi.yaml` when the API changes."""
    response = Client().get(reverse("api:schema"))
    assert response.status_code == 200
    generated = yaml.safe_load(response.content)
    committed = yaml.safe_load((ROOT / "docs" / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    assert generated == committed


@pytest.mark.parametrize("rol", list(Rol), ids=[r.value for r in Rol])
def test_transition_endpoint_matrix(rol, request):
    org_a, org_b = OrganisatieFactory(), OrganisatieFactory()
    own = SignaalFactory(gemeente=org_a)
    other = SignaalFactory(gemeente=org_b)
    client = verified_client(member(rol, org_a))
    body = {"transitie": "terugkoppelen", "reden": "r", "terugkoppeling": "t"}
    cells = 0
    for signaal, expected in ((own, 200 if rol == Rol.AANDACHTSFUNCTIONARIS else 404), (other, 404)):
        r = client.post(reverse("api:transitie", args=[signaal.pk]), body, content_type="application/json")
        assert r.status_code == expected, (rol, signaal.gemeente_id, r.content)
        cells += 1
    request.node.user_properties.append(("matrix_cells", cells))


def test_report_and_route_through_the_api(make_member):
    gemeente = OrganisatieFactory(cbs_code="GM0405")
    melder = verified_client(member(Rol.MEDEWERKER, gemeente))
    af = verified_client(member(Rol.AANDACHTSFUNCTIONARIS, gemeente))
    r = melder.post(
        reverse("api:signalen"),
        {"wat": "w", "wanneer": str(timezone.localdate()), "vormen": ["arbeid"], "sector": "bouw", "herkomst": "balie"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    bad = melder.post(
        reverse("api:signalen"),
        {"wat": "w", "wanneer": "2026-02-31", "vormen": [], "sector": "x", "herkomst": "balie"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and set(bad.json()) == {"wanneer", "vormen", "sector"}
    assert Signaal.objects.count() == 1
    assert melder.get(reverse("api:signaal", args=[pk])).status_code == 404  # not the melder's to handle
    assert af.get(reverse("api:signalen")).json()["count"] == 1
    r = af.post(
        reverse("api:transitie", args=[pk]),
        {"transitie": "informatieplein", "reden": "x"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "kan niet vanuit de status" in r.json()["detail"][0]
    r = af.post(
        reverse("api:transitie", args=[pk]),
        {"transitie": "terugkoppelen", "reden": "x", "terugkoppeling": "Opgepakt."},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "terugkoppeling"
    mine = melder.get(reverse("api:mijn_signaal", args=[pk])).json()
    assert mine["terugkoppeling"] == "Opgepakt." and "wat" not in mine


def test_unverified_session_gets_401_json():
    user = member(Rol.AANDACHTSFUNCTIONARIS)
    c = Client()
    c.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
    r = c.get(reverse("api:signalen"))
    assert r.status_code == 401 and "Tweestapsverificatie" in r.json()["detail"]


@pytest.fixture
def api_schema():
    from kompas.wsgi import application  # noqa: F401 - ensures the WSGI app is importable

    return schemathesis.openapi.from_path(ROOT / "docs" / "api" / "openapi.yaml")


def test_schemathesis_finds_no_server_error(api_schema):
    """Property-based requests against every operation, as an aandachtsfunctionaris with
    data present: no response is a server error, and every 200 follows the schema."""
    from django.core.handlers.wsgi import WSGIHandler
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
    )

    gemeente = OrganisatieFactory(cbs_code="GM0405")
    af_user = member(Rol.AANDACHTSFUNCTIONARIS, gemeente)
    for _ in range(3):
        SignaalFactory(gemeente=gemeente)
    client = verified_client(af_user)
    client.get(reverse("core:dashboard"))  # the page sets a CSRF cookie, so POSTs reach the handlers
    csrf = client.cookies["csrftoken"].value
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    app = WSGIHandler()
    # like Django's test client: keep the test's database connection open between requests
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures: list[str] = []
    calls = {"n": 0, "ok": 0}

    def make_test(operation):
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(app=app, cookies=cookies, headers={"X-CSRFToken": csrf})
            calls["n"] += 1
            calls.setdefault(case.method, set()).add(response.status_code)
            checks = [not_a_server_error]
            if response.status_code == 200:
                calls["ok"] += 1
                checks += [response_schema_conformance, content_type_conformance]
            try:
                case.validate_response(response, checks=checks)
            except Exception as exc:
                failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:300]}")
                raise

        return run

    operations = [result.ok() for result in api_schema.get_all_operations()]
    try:
        _run_all(operations, make_test, failures)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n".join(sorted(set(failures)))[:4000]
    assert calls["n"] > 50 and calls["ok"] > 0, calls
    assert {200, 201} & calls["POST"], calls  # POSTs reach the handlers
    # ... and their validation: not left to chance (30 examples from the schema are mostly valid)
    r = client.post(reverse("api:signalen"), {"wat": ""}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 400, r.content


def _run_all(operations, make_test, failures):
    for operation in operations:
        try:
            make_test(operation)()
        except Exception as exc:  # noqa: BLE001 - recorded; other operations still run
            if not failures or operation.label not in failures[-1]:
                failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:500]}")
