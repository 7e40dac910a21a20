"""Reads of the kennisbank. Drafts are visible to redacteuren only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kompas.accounts.policy import get_object_for_actor
from kompas.accounts.selectors import collegas_van
from kompas.core.schrijven import is_systeem
from kompas.kennisbank import zoeken
from kompas.kennisbank.models import Artikel, Gedeeld, Gelezen, Notitie
from kompas.kennisbank.policies import policy


def zichtbaar(actor) -> QuerySet[Artikel]:
    qs = Artikel.objects.all()
    if not policy.allows(actor, "redigeren"):
        qs = qs.filter(status=Artikel.Status.GEPUBLICEERD)
    return qs


def redigeerbaar(actor) -> QuerySet[Artikel]:
    """What the actor may edit and publish: every article for a redacteur (a national role) and
    for SYSTEEM (loading the shipped content, commands); nothing for anyone else."""
    return Artikel.objects.all() if is_systeem(actor) or policy.allows(actor, "redigeren") else Artikel.objects.none()


def gepubliceerd_per_slug(slugs) -> dict[str, Artikel]:
    """Published articles by slug, only slug and title loaded (one query): what other apps
    need to link to articles (the zelfscan's next steps)."""
    qs = Artikel.objects.filter(slug__in=set(slugs), status=Artikel.Status.GEPUBLICEERD).only("slug", "titel")
    return {a.slug: a for a in qs}


def artikel_get(actor, slug: str) -> Artikel:
    return get_object_for_actor(zichtbaar(actor), slug=slug)


@dataclass(frozen=True, slots=True)
class Treffer:
    """One article in a list of search results: the columns the list shows, no model instance
    (a search lists up to a few hundred articles; building models cost more than the query)."""

    pk: int
    slug: str
    titel: str
    samenvatting: str
    soort: str
    bouwsteen: str
    status: str
    hoofdstuk: int
    rollen: list


_TREFFER_VELDEN = ("pk", "slug", "titel", "samenvatting", "soort", "bouwsteen", "status", "hoofdstuk", "rollen")


def zoek(actor, q: str = "", bouwsteen: str = "", rol: str = "", soort: str = "") -> list[Treffer]:
    """Full-text search (Dutch, stemmed) with filters; without a query, the filtered list."""
    qs = zichtbaar(actor)
    if bouwsteen:
        qs = qs.filter(bouwsteen=bouwsteen)
    if soort:
        qs = qs.filter(soort=soort)
    volgorde = {pk: i for i, pk in enumerate(zoeken.zoek_ids(q))} if q.strip() else None
    if volgorde is not None:
        qs = qs.filter(pk__in=volgorde)  # only the hits leave the database
    artikelen = [
        Treffer(*rij) for rij in qs.values_list(*_TREFFER_VELDEN) if not rol or rol in rij[-1]
    ]  # roles are a JSON list: filtered here, alike on both databases
    if volgorde is None:
        return sorted(artikelen, key=lambda a: (a.soort != "artikel", a.hoofdstuk or 999, a.titel))
    return sorted(artikelen, key=lambda a: volgorde[a.pk])


@dataclass
class Hoofdstuk:
    artikel: Artikel
    gelezen: bool
    team_gelezen: int


def leerpad(actor) -> dict:
    """The ordered chapters with the user's progress and how many colleagues of the same
    organisation read each one (team progress)."""
    hoofdstukken = list(
        zichtbaar(actor)
        .filter(hoofdstuk__gt=0, soort=Artikel.Soort.ARTIKEL)
        .order_by("hoofdstuk")
        .defer("inhoud", "html")
    )
    eigen = set(Gelezen.objects.filter(user=actor.user).values_list("artikel_id", flat=True))
    collega_ids = actor.organisatie.lidmaatschappen.values("user_id") if actor.organisatie else []
    team = dict(
        Gelezen.objects.filter(user_id__in=collega_ids)
        .exclude(user=actor.user)
        .values("artikel_id")
        .annotate(n=Count("user", distinct=True))
        .values_list("artikel_id", "n")
    )
    teamgrootte = (
        actor.organisatie.lidmaatschappen.exclude(user=actor.user).values("user").distinct().count()
        if actor.organisatie
        else 0
    )
    rijen = [Hoofdstuk(a, a.pk in eigen, team.get(a.pk, 0)) for a in hoofdstukken]
    gelezen = sum(r.gelezen for r in rijen)
    return {
        "hoofdstukken": rijen,
        "gelezen": gelezen,
        "totaal": len(rijen),
        "procent": round(100 * gelezen / len(rijen)) if rijen else 0,
        "teamgrootte": teamgrootte,
        "volgende": next((r.artikel for r in rijen if not r.gelezen), None),
    }


def notitie(actor, artikel: Artikel) -> Notitie | None:
    return Notitie.objects.filter(user=actor.user, artikel=artikel).first()


def collegas(actor):
    return collegas_van(actor.organisatie).exclude(pk=actor.user.pk)


def gedeeld_met_mij(actor) -> QuerySet[Gedeeld]:
    return Gedeeld.objects.filter(naar=actor.user, artikel__status=Artikel.Status.GEPUBLICEERD).select_related(
        "artikel", "van"
    )


def verwant(actor, artikel: Artikel, n: int = 4) -> list[Artikel]:
    return list(
        zichtbaar(actor)
        .filter(Q(bouwsteen=artikel.bouwsteen) | Q(onderwerp=artikel.onderwerp))
        .exclude(pk=artikel.pk)
        .order_by("soort", "hoofdstuk")
        .defer("inhoud", "html")[:n]
    )
