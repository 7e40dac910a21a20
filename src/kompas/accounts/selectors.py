"""Reads of users and organisations, always narrowed to what the actor may see."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kompas.accounts.actor import Actor
from kompas.accounts.constants import OrganisatieType, rol_past_bij
from kompas.accounts.models import Lidmaatschap, Organisatie, User
from kompas.accounts.policies import policy
from kompas.accounts.policy import get_object_for_actor
from kompas.core.models import OnbezorgdeMail


def beheerbare_gebruikers(actor: Actor) -> QuerySet[User]:
    """The scope of a functioneel beheerder: the members of their own organisation (a subquery,
    not a join, so there is one row per user and the rows can be locked)."""
    if not policy.allows(actor, "manage_users"):
        return User.objects.none()
    return User.objects.filter(pk__in=Lidmaatschap.objects.filter(organisatie=actor.organisatie).values("user_id"))


def users_for_actor(actor: Actor) -> QuerySet[User]:
    """Users a functioneel beheerder may manage: the members of their own organisation."""
    return (
        beheerbare_gebruikers(actor)
        .prefetch_related(
            Prefetch(
                "lidmaatschappen",
                queryset=Lidmaatschap.objects.filter(organisatie=actor.organisatie),
                to_attr="roles_here",
            )
        )
        .order_by("last_name", "first_name", "username")
    )


def user_get_for_user(actor: Actor, pk) -> User:
    return get_object_for_actor(users_for_actor(actor), pk=pk)


def organisaties_for_actor(actor: Actor) -> QuerySet[Organisatie]:
    if policy.allows(actor, "manage_organisations"):
        return Organisatie.objects.select_related("regio")
    return Organisatie.objects.none()


def users_for_applicatiebeheer(actor: Actor) -> QuerySet[User]:
    """Every account, for applicatiebeheer appointing a functioneel beheerder or granting a
    national or regional role; nobody else."""
    if policy.allows(actor, "manage_organisations"):
        return User.objects.all()
    return User.objects.none()


def organisatie_get_for_user(actor: Actor, pk) -> Organisatie:
    return get_object_for_actor(organisaties_for_actor(actor), pk=pk)


def member_emails(*, organisatie: Organisatie | int, rol: str | Iterable[str] | None = None) -> list[str]:
    """The addresses of the active members of an organisation (an organisation or its id), with
    ``rol`` there (one role or several) if given: whom a notification for that organisation goes
    to. For system mail, not for screens."""
    members = User.objects.filter(is_active=True, lidmaatschappen__organisatie=organisatie)
    if isinstance(rol, str):
        members = members.filter(lidmaatschappen__rol=rol)
    elif rol is not None:
        members = members.filter(lidmaatschappen__rol__in=list(rol))
    return list(members.values_list("email", flat=True).distinct())


# --- What other apps read of accounts (they never import accounts.models) -------------


def organisatie_van(pk: int) -> Organisatie:
    """The organisation with this id (``Organisatie.DoesNotExist`` if there is none): for an app
    that holds only the id, e.g. to name the organisation in the auditlog."""
    return Organisatie.objects.get(pk=pk)


def organisaties_met_pk(pks: Iterable[int]) -> QuerySet[Organisatie]:
    """The organisations with these ids."""
    return Organisatie.objects.filter(pk__in=pks)


def actieve_organisaties(typen: Iterable[str] | None = None) -> QuerySet[Organisatie]:
    """The active organisations, of these types if given: the choices of a form in another app
    (a form that fills its choices later starts from ``actieve_organisaties().none()``)."""
    qs = Organisatie.objects.filter(actief=True)
    if typen is not None:
        qs = qs.filter(type__in=list(typen))
    return qs


def collegas_van(organisatie: Organisatie | None, *, rol: str | None = None) -> QuerySet[User]:
    """The active members of an organisation (none without one), with ``rol`` there if given, by name."""
    if organisatie is None:
        return User.objects.none()
    leden = Lidmaatschap.objects.filter(organisatie=organisatie)
    if rol is not None:
        leden = leden.filter(rol=rol)
    return (
        User.objects.filter(pk__in=leden.values("user_id"))
        .filter(is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def is_actief_lid(user: User, organisatie: Organisatie | None) -> bool:
    """Whether ``user`` is an active member of ``organisatie`` (in any role)."""
    if organisatie is None or user is None:
        return False
    return Lidmaatschap.objects.filter(user=user, organisatie=organisatie, user__is_active=True).exists()


def onbezorgde_mail_voor_actor(actor: Actor, *, dagen: int = 30, limiet: int = 50) -> list:
    """E-mails to colleagues of the beheerder's organisation that were not delivered after
    every retry (kompas.core.mail), newest first."""

    adressen = {e.lower() for e in users_for_actor(actor).values_list("email", flat=True) if e}
    if not adressen:
        return []
    recent = OnbezorgdeMail.objects.filter(tijdstip__gte=timezone.now() - timedelta(days=dagen))
    return [m for m in recent if adressen & {a.lower() for a in m.aan}][:limiet]


def lidmaatschappen_buiten_tabel() -> list[Lidmaatschap]:
    """Memberships whose role the organisation's type may not hold (``ROLLEN_PER_ORGANISATIETYPE``)."""

    rows = Lidmaatschap.objects.select_related("user", "organisatie").order_by(
        "organisatie__naam", "user__username", "rol"
    )
    return [m for m in rows if not rol_past_bij(m.rol, m.organisatie.type)]


def organisatie_ids_per_code(codes) -> dict[str, int]:
    """Code → the id of the organisation in Kompas it names: a gemeente by its CBS code, a zorg-
    en veiligheidshuis by the code of its ZVH region (only when exactly one ZVH serves that
    region). Codes of no organisation are left out. For apps that keep a code from a file (the
    monitor) and point a foreign key at the organisation."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    uit = dict(
        Organisatie.objects.filter(type=OrganisatieType.GEMEENTE, cbs_code__in=codes).values_list("cbs_code", "pk")
    )
    zvh: dict[str, list[int]] = {}
    for code, pk in Organisatie.objects.filter(
        type=OrganisatieType.ZVH, regio__indeling="zvh", regio__code__in=codes - set(uit)
    ).values_list("regio__code", "pk"):
        zvh.setdefault(code, []).append(pk)
    uit.update({code: pks[0] for code, pks in zvh.items() if len(pks) == 1})
    return uit


def organisatie_codes(organisatie: Organisatie) -> set[str]:
    """The codes a file may name this organisation by (see :func:`organisatie_ids_per_code`)."""
    if organisatie.type == OrganisatieType.GEMEENTE:
        return {organisatie.cbs_code} if organisatie.cbs_code else set()
    if organisatie.type == OrganisatieType.ZVH and organisatie.regio_id:
        regio = Organisatie.objects.filter(pk=organisatie.pk).values_list("regio__indeling", "regio__code").first()
        if regio and regio[0] == "zvh":
            return {regio[1]}
    return set()
