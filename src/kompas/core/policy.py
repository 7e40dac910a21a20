"""The permission machinery every app uses: deny by default, one policy object per app.

It sits in core, the bottom layer, so that every app (accounts and audit included) can use it
without importing each other; it needs nothing of Kompas at run time.

An app declares its policy in ``<app>/policies.py`` as a :class:`Policy` with a table of
actions and the roles that may perform them *in the organisation the user acts for*. Views
name the action they need (:class:`kompas.core.views.PolicyRequiredMixin`); an action that
is not in the table is refused. Objects are fetched through ``*_get_for_user`` selectors
that answer 404 alike for "missing" and "not yours" (:func:`get_object_for_actor`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Model, QuerySet
from django.http import Http404


class Actor(Protocol):
    """What a policy needs of who is acting (:class:`kompas.accounts.actor.Actor` is one)."""

    organisatie: Any
    rollen: frozenset[str]

    @property
    def is_authenticated(self) -> bool: ...


@dataclass(frozen=True)
class Rule:
    """Roles that may perform an action, optionally only in certain organisation types."""

    roles: frozenset[str]
    org_types: frozenset[str] | None = None

    def allows(self, actor: Actor) -> bool:
        if self.org_types is not None and actor.organisatie.type not in self.org_types:
            return False
        return bool(actor.rollen & self.roles)


def rule(roles: Iterable[str], org_types: Iterable[str] | None = None) -> Rule:
    return Rule(frozenset(roles), frozenset(org_types) if org_types is not None else None)


@dataclass(frozen=True)
class Policy:
    app: str
    rules: Mapping[str, Rule]

    def __init__(self, app: str, rules: Mapping[str, Iterable[str] | Rule]):
        object.__setattr__(self, "app", app)
        object.__setattr__(self, "rules", {a: r if isinstance(r, Rule) else rule(r) for a, r in rules.items()})

    def allows(self, actor: Actor, action: str) -> bool:
        if not actor.is_authenticated or actor.organisatie is None:
            return False
        allowed = self.rules.get(action)
        if allowed is None:  # unknown action: deny, never guess
            return False
        return allowed.allows(actor)

    def roles_for(self, action: str) -> frozenset[str]:
        r = self.rules.get(action)
        return r.roles if r else frozenset()


def get_object_for_actor(queryset: QuerySet, **lookup) -> Model:
    """Fetch one object from a queryset already narrowed to what the actor may see.

    Raises :class:`Http404` both when it does not exist and when it is not the actor's,
    so the answer tells nothing about other organisations.
    """
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
