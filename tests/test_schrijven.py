"""The write-service shape (core/schrijven.py): actor required, one durable transaction with a
savepoint for nested services, and objects re-fetched through the actor's scope."""

import contextlib

import pytest
from django.db import transaction

from kompas.accounts.models import Organisatie
from kompas.core.schrijven import DIENSTEN, SYSTEEM, NietVanU, eigen, schrijfdienst
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


@schrijfdienst
def _hernoem(*, actor, organisatie, naam, fout=False):
    o = eigen(organisatie, Organisatie.objects.filter(pk=organisatie.pk), lock=True)
    o.naam = naam
    o.save(update_fields=["naam"])
    if fout:
        raise ValueError("na het schrijven")
    return o


@schrijfdienst
def _hernoem_twee(*, actor, eerste, tweede):
    _hernoem(actor=actor, organisatie=eerste, naam="Een")
    with contextlib.suppress(ValueError):  # the inner savepoint rolls back; the outer work stands
        _hernoem(actor=actor, organisatie=tweede, naam="Twee", fout=True)


def test_actor_is_required():
    o = OrganisatieFactory()
    with pytest.raises(TypeError, match="actor"):
        _hernoem(organisatie=o, naam="X")
    with pytest.raises(TypeError, match="actor"):
        _hernoem(actor=None, organisatie=o, naam="X")


def test_a_failing_service_leaves_nothing():
    o = OrganisatieFactory(naam="Oud")
    with pytest.raises(ValueError):
        _hernoem(actor=SYSTEEM, organisatie=o, naam="Nieuw", fout=True)
    o.refresh_from_db()
    assert o.naam == "Oud"


def test_nested_service_is_a_savepoint_of_the_outer_one():
    a, b = OrganisatieFactory(naam="A"), OrganisatieFactory(naam="B")
    _hernoem_twee(actor=SYSTEEM, eerste=a, tweede=b)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.naam, b.naam) == ("Een", "B")


@pytest.mark.django_db(transaction=True)
def test_a_write_service_is_its_own_unit_of_work():
    # durable: called inside someone else's transaction it refuses, instead of pretending its
    # change and audit row are committed when the caller may still roll them back
    o = OrganisatieFactory()
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _hernoem(actor=SYSTEEM, organisatie=o, naam="X")


def test_eigen_refuses_what_is_outside_the_scope():
    mine, other = OrganisatieFactory(), OrganisatieFactory()
    scope = Organisatie.objects.filter(pk=mine.pk)
    assert eigen(mine, scope) == mine
    assert eigen(mine.pk, scope) == mine
    with pytest.raises(NietVanU):
        eigen(other, scope)


def test_decorated_services_are_registered():
    assert DIENSTEN[f"{__name__}._hernoem"] is _hernoem
    assert _hernoem.schrijfdienst is True
    assert not SYSTEEM.is_authenticated and not SYSTEEM.has_role("analist")
