"""Issue 14 item 10: a value a page asks for several times (the version of the reference data,
of a monitor wave, a coordinator's werkgebied) is read once per read request, never across
requests, and never in a request that writes."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
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
