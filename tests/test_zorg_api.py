"""Zorgcoördinatie's API (issue 10, item 16): the trajecten of one's own organisation and the
CoMensha export, with the screens' policies, audited, and under schemathesis as a
zorgcoördinator with data present (tests/test_api.py runs every operation as an
aandachtsfunctionaris, who gets no further than the policy here)."""

from pathlib import Path

import pytest
import schemathesis
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.zorg import services
from kompas.zorg.constants import ToestemmingDoel
from kompas.zorg.models import Aanmelding, Traject
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(db):
    zvh = OrganisatieFactory(naam="ZVH Noord", type=OrganisatieType.ZVH, cbs_code="")
    ander = OrganisatieFactory(naam="ZVH Zuid", type=OrganisatieType.ZVH, cbs_code="")
    comensha = OrganisatieFactory(naam="CoMensha", type=OrganisatieType.COMENSHA, cbs_code="")
    zc, zc_ander = member(Rol.ZORGCOORDINATOR, zvh), member(Rol.ZORGCOORDINATOR, ander)
    trajecten = {}
    for org, user in ((zvh, zc), (ander, zc_ander)):
        actor = actor_for(user, org.pk)
        a = services.aanmelding_maken(actor=actor, zorgorganisatie=org, bron="telefoon", toelichting="Telefonisch")
        t = services.aanmelding_accepteren(actor=actor, aanmelding=a)
        services.traject_gegevens_opslaan(
            actor=actor, traject=t, naam="=Ana Popescu", geboortedatum=timezone.localdate().replace(year=1999)
        )
        trajecten[org.naam] = t
    return {
        "zvh": zvh,
        "ander": ander,
        "zc": zc,
        "zc_ander": zc_ander,
        "trajecten": trajecten,
        "analist": member(Rol.ANALIST, comensha),
        "comensha": comensha,
        "af": member(Rol.AANDACHTSFUNCTIONARIS),
    }


def test_trajecten_of_ones_own_organisation_only_and_audited(wereld):
    client = verified_client(wereld["zc"])
    eigen, ander = wereld["trajecten"]["ZVH Noord"], wereld["trajecten"]["ZVH Zuid"]
    r = client.get(reverse("api:zorg_trajecten"))
    assert r.status_code == 200 and [t["clientcode"] for t in r.json()["results"]] == [eigen.clientcode]
    # the coordinator who accepted the referral is its behandelaar, in the list and in the detail
    behandelaar = {"id": wereld["zc"].pk, "naam": str(wereld["zc"])}
    assert r.json()["results"][0]["behandelaar"] == behandelaar
    assert client.get(reverse("api:zorg_traject", args=[eigen.pk])).json()["behandelaar"] == behandelaar
    services.traject_behandelaar_wijzigen(
        actor=actor_for(wereld["zc"], wereld["zvh"].pk), traject=eigen, behandelaar=None
    )
    assert client.get(reverse("api:zorg_trajecten")).json()["results"][0]["behandelaar"] is None
    assert client.get(reverse("api:zorg_trajecten"), {"fase": "afgesloten"}).json()["count"] == 0
    assert client.get(reverse("api:zorg_trajecten"), {"fase": "onzin"}).status_code == 400
    detail = client.get(reverse("api:zorg_traject", args=[eigen.pk])).json()
    assert detail["fase"] == "intake" and detail["geschiedenis"][0]["naar"] == "intake"
    assert "naam" not in detail and "Popescu" not in str(detail)  # identifying data never leave through the API
    assert client.get(reverse("api:zorg_traject", args=[ander.pk])).status_code == 404
    assert verified_client(wereld["af"]).get(reverse("api:zorg_trajecten")).status_code == 403
    assert AuditEntry.objects.filter(actie=Actie.VIEW, object_type="zorg.traject", details__ids=[eigen.pk]).exists()
    assert AuditEntry.objects.filter(actie=Actie.VIEW, object_type="zorg.traject", object_id=str(eigen.pk)).exists()


def test_comensha_export_through_the_api_needs_a_purpose_and_consent(wereld):
    client = verified_client(wereld["zc"])
    assert client.get(reverse("api:zorg_comensha")).status_code == 400  # no purpose, no export
    eigen = wereld["trajecten"]["ZVH Noord"]
    rijen = client.get(reverse("api:zorg_comensha"), {"doel": "Jaarrapportage"}).json()
    assert len(rijen) == 1 and rijen[0]["naam"] == "" and rijen[0]["identificerend_toegestaan"] == "nee"
    services.toestemming_vastleggen(
        actor=actor_for(wereld["zc"], wereld["zvh"].pk),
        traject=eigen,
        doel=ToestemmingDoel.COMENSHA_IDENTIFICEREND,
        gegeven=True,
        datum=timezone.localdate(),
    )
    rij = client.get(reverse("api:zorg_comensha"), {"doel": "Jaarrapportage"}).json()[0]
    assert rij["naam"] == "=Ana Popescu" and rij["pseudoniem"] == rijen[0]["pseudoniem"]
    assert AuditEntry.objects.filter(actie=Actie.EXPORT, doel="Jaarrapportage", details__formaat="api").count() == 2
    landelijk = (
        verified_client(wereld["analist"]).get(reverse("api:zorg_comensha"), {"doel": "Landelijke registratie"}).json()
    )
    assert {r["werkgebied"] for r in landelijk} == {"ZVH Noord", "ZVH Zuid"}
    assert verified_client(wereld["af"]).get(reverse("api:zorg_comensha"), {"doel": "x"}).status_code == 403


def test_comensha_csv_and_xlsx_write_a_name_as_text(wereld):
    """A name starting with '=' stays text (core/tabular.py), in the CSV and the XLSX."""
    import io

    from openpyxl import load_workbook

    actor = actor_for(wereld["zc"], wereld["zvh"].pk)
    services.toestemming_vastleggen(
        actor=actor,
        traject=wereld["trajecten"]["ZVH Noord"],
        doel=ToestemmingDoel.COMENSHA_IDENTIFICEREND,
        gegeven=True,
        datum=timezone.localdate(),
    )
    assert ";'=Ana Popescu;" in services.comensha_export(actor=actor, doel="toets")
    ws = load_workbook(io.BytesIO(services.comensha_export_xlsx(actor=actor, doel="toets"))).active
    assert "'=Ana Popescu" in [c.value for row in ws.iter_rows() for c in row]


def test_consent_is_read_in_bulk_for_the_national_export(wereld, django_assert_max_num_queries):
    from kompas.zorg import selectors

    for i in range(30):
        Traject.objects.create(
            zorgorganisatie=wereld["ander"],
            clientcode=f"ZC-B-{i}",
            fase_sinds=timezone.now(),
            aangemaakt_op=timezone.now(),
            aanmelding=Aanmelding.objects.create(
                zorgorganisatie=wereld["ander"], toelichting="t", tijdstip=timezone.now()
            ),
        )
    analist = actor_for(wereld["analist"], wereld["comensha"].pk)
    trajecten = list(selectors.export_trajecten(analist))
    with django_assert_max_num_queries(4):  # consent, identifying records with consent, person keys
        assert len(services.comensha_rijen(trajecten)) == 32


def test_schemathesis_as_zorgcoordinator_finds_no_server_error(wereld):
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
    )

    from tests.test_api import _run_all

    schema = schemathesis.openapi.from_path(ROOT / "docs" / "api" / "openapi.yaml")
    client = verified_client(wereld["zc"])
    client.get(reverse("core:dashboard"))
    csrf = client.cookies["csrftoken"].value
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    app = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures: list[str] = []
    calls = {"n": 0, "ok": 0}

    def make_test(operation):
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(app=app, cookies=cookies, headers={"X-CSRFToken": csrf})
            calls["n"] += 1
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

    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [o for o in operations if "/zorg/" in o.path]
    assert len(operations) == 3
    try:
        _run_all(operations, make_test, failures)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n".join(sorted(set(failures)))[:4000]
    assert calls["n"] > 30 and calls["ok"] > 0, calls
