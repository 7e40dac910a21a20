"""What an actor may change in the monitor: the scopes the write services re-fetch their objects
through (:func:`kompas.core.schrijven.eigen`), kept apart from :mod:`kompas.monitor.selectors`
(which reads through the services' modules) so the services can import them without a cycle.

Two kinds of actor write in the monitor:

* the analist (a national organisation, policy action ``beheren``) runs the waves; the
  management command ``kompas monitor`` and the demo run the same services as ``SYSTEEM``,
  the operator's stand-in, which these scopes accept explicitly;
* the respondent of a personal link has no account: :class:`Respondent` carries the link's
  token, and the only thing it may change is the one invitation (and its submission) the
  token names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from kompas.core.schrijven import NietVanU, is_systeem
from kompas.monitor.models import Codecategorie, Meting, Opschoonstap, Uitnodiging, Vragenlijst
from kompas.monitor.policies import policy


@dataclass(frozen=True)
class Respondent:
    """The anonymous person behind a personal link. Not a user and not an organisation: what it
    may change is found by the token alone (see :func:`uitnodiging_van_respondent`)."""

    token: str
    user = None
    organisatie = None
    rollen: frozenset = frozenset()
    organisaties: tuple = ()
    is_authenticated = False

    def has_role(self, *rollen: str) -> bool:
        return False

    def __str__(self) -> str:
        return "respondent (persoonlijke link)"


def mag_beheren(actor) -> bool:
    """The analist role in a national organisation, or SYSTEEM (command, demo, planner)."""
    return is_systeem(actor) or (not isinstance(actor, Respondent) and policy.allows(actor, "beheren"))


def vereis_beheer(actor) -> None:
    if not mag_beheren(actor):
        raise NietVanU()


def metingen_beheerd(actor) -> QuerySet[Meting]:
    return Meting.objects.all() if mag_beheren(actor) else Meting.objects.none()


def vragenlijsten_beheerd(actor) -> QuerySet[Vragenlijst]:
    return Vragenlijst.objects.all() if mag_beheren(actor) else Vragenlijst.objects.none()


def uitnodigingen_beheerd(actor) -> QuerySet[Uitnodiging]:
    return Uitnodiging.objects.all() if mag_beheren(actor) else Uitnodiging.objects.none()


def opschoonstappen_beheerd(actor) -> QuerySet[Opschoonstap]:
    return Opschoonstap.objects.all() if mag_beheren(actor) else Opschoonstap.objects.none()


def codecategorieen_beheerd(actor) -> QuerySet[Codecategorie]:
    return Codecategorie.objects.all() if mag_beheren(actor) else Codecategorie.objects.none()


def uitnodiging_van_respondent(respondent) -> QuerySet[Uitnodiging]:
    """The invitation the respondent's token names (empty for a forged or revoked link, and for
    any actor that is not a respondent)."""
    if not isinstance(respondent, Respondent):
        return Uitnodiging.objects.none()
    pk, _, mac = (respondent.token or "").partition(".")
    if not (pk.isascii() and pk.isdigit()) or not mac:
        return Uitnodiging.objects.none()
    u = Uitnodiging.objects.filter(pk=int(pk)).only("pk", "sleutel").first()
    if u is None or not u.token_klopt(mac):
        return Uitnodiging.objects.none()
    return Uitnodiging.objects.filter(pk=u.pk)
