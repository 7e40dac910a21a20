"""Issue 14 item 10: a value a page asks for several times (the version of the reference data,
of a monitor wave, a coordinator's werkgebied) is read once per read request, never across
requests, and never in a request that writes."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from kompas.core.verzoekgeheugen import VerzoekgeheugenMiddleware, onthouden, vergeten
from kompas.regio import selectors as regio_selectors
from tests.test_monitor_analysecache import gemeente_client, m  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def teller():
    n = {"n": 0}

    def bereken():
        n["n"] += 1
        return n["n"]

    return n, bereken


def aanroepen(methode: str, bereken) -> list:
    gezien = []

    def view(request):
        gezien.extend([onthouden("x", bereken), onthouden("x", bereken)])
        vergeten()
        gezien.append(onthouden("x", bereken))
        return HttpResponse()

    VerzoekgeheugenMiddleware(view)(getattr(RequestFactory(), methode)("/"))
    return gezien


def test_a_get_request_computes_a_value_once_until_it_forgets():
    n, bereken = teller()
    assert aanroepen("get", bereken) == [1, 1, 2]
    assert aanroepen("head", bereken) == [3, 3, 4]  # a new request, a new memory


def test_a_writing_request_and_code_outside_a_request_remember_nothing():
    n, bereken = teller()
    assert aanroepen("post", bereken) == [1, 2, 3]
    assert [onthouden("x", bereken), onthouden("x", bereken)] == [4, 5]


def test_onze_resultaten_reads_the_reference_version_once(m, django_assert_max_num_queries):  # noqa: F811
    c = gemeente_client()
    url = reverse("monitor:mijn_meting", args=[m.code])
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        assert c.get(url).status_code == 200
    versie = [x for x in q.captured_queries if 'MAX(bijgewerkt_op) FROM "regio_gemeente"' in x["sql"]]
    assert len(versie) == 1, len(versie)
    # outside a request every call reads the database again (a task must see a change at once)
    with CaptureQueriesContext(connection) as q:
        regio_selectors.regio_versie()
        regio_selectors.regio_versie()
    assert len(q.captured_queries) == 2


def test_reference_reads_cached_per_version_follow_a_change():
    """regios_van, codes_in_regio, gemeente_namen and huidig_jaar are cached per version of the
    reference data: a change shows on the very next call, also outside a request."""
    from kompas.regio.models import Gemeente, Regio, RegioLidmaatschap

    jaar = regio_selectors.huidig_jaar()
    regio = Regio.objects.create(indeling="politie_eenheid", code="PE98", naam="Eenheid Proef")
    g = Gemeente.objects.create(jaar=jaar, cbs_code="GM9991", naam="Proefdorp", provincie="Utrecht")
    assert regio_selectors.regios_van("GM9991") == {}
    assert regio_selectors.codes_in_regio(regio) == []
    assert regio_selectors.gemeente_namen(["GM9991"]) == {"GM9991": "Proefdorp"}
    RegioLidmaatschap.objects.create(gemeente=g, regio=regio, indeling="politie_eenheid")
    assert regio_selectors.regios_van("GM9991")["politie_eenheid"].naam == "Eenheid Proef"
    assert regio_selectors.codes_in_regio(regio) == ["GM9991"]
    g.naam = "Proefstad"
    g.save()
    assert regio_selectors.gemeente_namen(["GM9991"]) == {"GM9991": "Proefstad"}
    Gemeente.objects.create(jaar=jaar + 1, cbs_code="GM9991", naam="Proefstad", provincie="Utrecht")
    with override_settings(KOMPAS_CURRENT_YEAR=jaar + 1):
        assert regio_selectors.huidig_jaar() == jaar + 1
