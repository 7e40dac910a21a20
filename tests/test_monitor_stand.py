"""Issue 14 item 10: the version of a monitor wave — the aggregates of its submissions and
decisions and every row of its questionnaires, codebook, codings and invitations — is read in one
query (it was six), and still changes with every change to any of them, also one made in place
(an address corrected, a category renamed) that no count or highest id would show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompas.core.schrijven import SYSTEEM
from kompas.monitor import opschoning
from kompas.monitor.models import Codecategorie, Codering, Opschoonstap, Uitnodiging, Vragenlijst
from tests.monitor_world import GEMEENTEN, inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    wereld()
    m = meting()
    m.inzendingen_per_org = {code: inzending(m, code, volledig_antwoord()) for code, *_r in GEMEENTEN}
    return m


def test_the_version_is_one_query(m):
    with CaptureQueriesContext(connection) as q:
        opschoning.stand(m)
    assert len(q.captured_queries) == 1


def test_the_version_follows_every_input(m):
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    gezien = {opschoning.stand(m)}

    def nieuw():
        s = opschoning.stand(m)
        assert s not in gezien
        gezien.add(s)
        return s

    u = Uitnodiging.objects.create(
        meting=m, vragenlijst=lijst, organisatie_code="GM0001", organisatie_naam="Aadorp", email="a@example.org"
    )
    assert nieuw()[0] == opschoning.versie(m)  # an invitation is an input, not the cleaned data
    Uitnodiging.objects.filter(pk=u.pk).update(email="b@example.org")  # in place: same count and ids
    nieuw()
    Uitnodiging.objects.filter(pk=u.pk).update(uitgenodigd_op=timezone.now())
    nieuw()
    cat = Codecategorie.objects.create(meting=m, vraag_code="OPEN", code="a", label="A", volgorde=1)
    nieuw()
    Codecategorie.objects.filter(pk=cat.pk).update(label="A'")  # renamed in place
    nieuw()
    andere = Codecategorie.objects.create(meting=m, vraag_code="OPEN", code="b", label="B", volgorde=2)
    nieuw()
    codering = Codering.objects.create(inzending=m.inzendingen_per_org["GM0001"], vraag_code="OPEN")
    nieuw()
    codering.categorieen.add(cat)
    nieuw()
    codering.categorieen.set([andere])  # another category, same number of rows
    nieuw()
    Vragenlijst.objects.filter(pk=lijst.pk).update(naam="Gemeenten, hernoemd")
    nieuw()
    versie = opschoning.versie(m)
    opschoning.beslissen(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[m.inzendingen_per_org["GM0002"].pk],
        organisatie_code="GM0002",
        reden="test",
        actor=SYSTEEM,
    )
    assert nieuw()[0] != versie  # a decision is a new cleaned data set
    inz = m.inzendingen_per_org["GM0003"]
    inz.opgeslagen_op = timezone.now()
    inz.save()
    nieuw()


def test_the_version_of_one_wave_is_not_another_wave(m):
    ander = meting("m2022", jaar=2022)
    eerst = opschoning.stand(ander)
    Uitnodiging.objects.create(
        meting=m,
        vragenlijst=Vragenlijst.objects.get(code="gemeente-2021"),
        organisatie_code="GM0001",
        organisatie_naam="Aadorp",
        email="a@example.org",
    )
    assert opschoning.stand(ander) == eerst
