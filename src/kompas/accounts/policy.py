"""The permission machinery every app uses: deny by default, one policy object per app.

An app declares its policy in ``<app>/policies.py`` as a :class:`Policy` with a table of
actions and the roles that may perform them *in the organisation the user acts for*. Views
name the action they need (:class:`kompas.core.views.PolicyRequiredMixin`); an action that
is not in the table is refused. Objects are fetched through ``*_get_for_user`` selectors
that answer 404 alike for "missing" and "not yours" (:func:`get_object_for_actor`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404

from kompas.accounts.actor import Actor


@dataclass(frozen=True)
class Policy:
    app: str
    rules: Mapping[str, frozenset[str]]

    def __init__(self, app: str, rules: Mapping[str, Iterable[str]]):
        object.__setattr__(self, "app", app)
        object.__setattr__(self, "rules", {a: frozenset(r) for a, r in rules.items()})

    def allows(self, actor: Actor, action: str) -> bool:
        if not actor.is_authenticated or actor.organisatie is None:
            return False
        allowed = self.rules.get(action)
        if allowed is None:  # unknown action: deny, never guess
            return False
        return bool(actor.rollen & allowed)

    def roles_for(self, action: str) -> frozenset[str]:
        return self.rules.get(action, frozenset())


def get_object_for_actor(queryset: QuerySet, **lookup) -> Model:
    """Fetch one object from a queryset already narrowed to what the actor may see.

    Raises :class:`Http404` both when it does not exist and when it is not the actor's,
    so the answer tells nothing about other organisations.
    """
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
