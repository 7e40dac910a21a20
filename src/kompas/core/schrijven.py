"""One shape for every service that changes data (issue 11 item 5: services enforce ownership).

A view is not the only caller of a service: a task, a management command or a new API endpoint
calls it too, and none of them may be trusted to have checked who owns the object. So a write
service itself

* takes the actor as a required keyword argument (``actor=SYSTEEM`` for the planner, commands,
  the demo and imports, so that "nobody in particular" is a visible choice, never a default);
* re-fetches every object it changes through the actor-scoped selector with :func:`eigen`
  (another organisation's object is refused exactly like a missing one);
* runs in ``transaction.atomic(durable=True)`` and writes its audit row inside it, so a change
  and its audit row land together or not at all.

A write service called from another write service joins the caller's transaction (a savepoint):
durability is checked where the unit of work starts, not in every service it consists of::

    @schrijfdienst
    def verrijking_toevoegen(*, actor, signaal, ...):
        _require(actor, "behandelen")
        signaal = eigen(signaal, selectors.signalen_voor_behandeling(actor), lock=True)
        ...

Every decorated service is listed in :data:`DIENSTEN`; ``tests/test_service_eigendom.py`` fails
for a write service that has no refusal case.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

F = TypeVar("F", bound=Callable)

#: every write service, by its dotted name ("kompas.meldroute.services.verrijking_toevoegen")
DIENSTEN: dict[str, Callable] = {}

_diepte: ContextVar[int] = ContextVar("kompas_schrijfdienst_diepte", default=0)


class NietVanU(PermissionDenied):
    """The object is not (or no longer) within what the actor may change."""

    def __init__(self, melding=None):
        super().__init__(melding or _("U mag dit niet wijzigen: het hoort niet bij uw organisatie."))


class _Systeem:
    """The actor of the planner, management commands, the demo and imports: no user, no
    organisation, no roles. Policies refuse it (it is not authenticated); a service that may
    run unattended says so by accepting it explicitly (``if actor is SYSTEEM``)."""

    user = None
    organisatie = None
    rollen: frozenset[str] = frozenset()
    organisaties: tuple = ()
    is_authenticated = False

    def has_role(self, *rollen: str) -> bool:
        return False

    def __repr__(self) -> str:
        return "SYSTEEM"

    def __str__(self) -> str:
        return "Kompas (systeem)"


SYSTEEM = _Systeem()


def is_systeem(actor) -> bool:
    return actor is SYSTEEM


def schrijfdienst(func: F) -> F:
    """Make ``func`` a write service: actor required, one durable transaction (or a savepoint
    inside the calling write service), registered in :data:`DIENSTEN`."""

    @functools.wraps(func)
    def dienst(*args, **kwargs):
        if kwargs.get("actor") is None:
            raise TypeError(f"{func.__qualname__}() vraagt actor=… (SYSTEEM voor taken en commando's)")
        with eenheid():  # durable at the outermost level, a savepoint inside another write service
            return func(*args, **kwargs)

    dienst.schrijfdienst = True
    DIENSTEN[f"{func.__module__}.{func.__qualname__}"] = dienst
    return dienst  # type: ignore[return-value]


@contextmanager
def eenheid():
    """One durable unit of work made of several write services that are not themselves called
    from a write service (``kompas demo`` runs every demo step in one): inside it each service
    is a savepoint, and nothing is committed unless all of it succeeds."""
    token = _diepte.set(_diepte.get() + 1)
    try:
        with transaction.atomic(durable=_diepte.get() == 1):
            yield
    finally:
        _diepte.reset(token)


def eigen(obj: Model | int, queryset: QuerySet, *, lock: bool = False, melding=None) -> Model:
    """``obj`` fetched again through ``queryset`` (already narrowed to the actor); refused with
    :class:`NietVanU` when it is not in it. ``lock`` takes a row lock for the rest of the
    transaction, so a concurrent change waits instead of being overwritten."""
    pk = obj.pk if isinstance(obj, Model) else obj
    if lock:
        # of=self: a scoped queryset often joins the organisation; lock only the object's own row
        queryset = queryset.select_for_update(of=("self",))
    gevonden = queryset.filter(pk=pk).first()
    if gevonden is None:
        raise NietVanU(melding)
    return gevonden
