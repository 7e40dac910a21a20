"""Reads of zorgcoördinatie, always narrowed to what the actor may see."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from kompas.accounts.actor import Actor
from kompas.accounts.models import Organisatie
from kompas.accounts.policy import get_object_for_actor
from kompas.zorg.constants import OPEN_FASEN, AanmeldingStand, Fase, ToestemmingDoel
from kompas.zorg.models import Aanmelding, Toestemming, Traject, Werkgebied
from kompas.zorg.policies import ZORGORGANISATIES, policy

# --- werkgebied -------------------------------------------------------------------------


def werkgebied_gemeenten(werkgebied: Werkgebied) -> set[str]:
    """CBS codes the werkgebied covers: its region's gemeenten (current year) or its own list."""
    codes = set(werkgebied.gemeente_codes or [])
    if werkgebied.regio_id:
        from kompas.regio.selectors import gemeenten_in_regio

        codes |= set(gemeenten_in_regio(werkgebied.regio).values_list("cbs_code", flat=True))
    return codes


def zorgorganisaties_voor_gemeente(cbs_code: str) -> list[Organisatie]:
    """The zorgorganisaties whose werkgebied covers this gemeente (usually one)."""
    if not cbs_code:
        return []
    from kompas.regio.selectors import regios_van

    regio_ids = {regio.pk for regio in regios_van(cbs_code).values()}  # kompas.regio's one rule, current year
    return [w.zorgorganisatie for w in Werkgebied.objects.filter(zorgorganisatie__actief=True).select_related("zorgorganisatie")
            if w.regio_id in regio_ids or cbs_code in (w.gemeente_codes or [])]


def zorgorganisaties_voor_doorverwijzing(cbs_code: str) -> QuerySet[Organisatie]:
    """Every organisation a referral may go to, the zorgcoördinatie of this gemeente first."""
    eigen = [o.pk for o in zorgorganisaties_voor_gemeente(cbs_code)]
    return Organisatie.objects.filter(type__in=ZORGORGANISATIES, actief=True).annotate(
        eerst=Case(When(pk__in=eigen, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("eerst", "naam")


def zorgcoordinatie_contact(cbs_code: str) -> list[dict]:
    """The contact card every gemeente sees: who its zorgcoördinatie is and how to reach it."""
    uit = []
    for o in zorgorganisaties_voor_gemeente(cbs_code):
        uit.append({"naam": o.naam, "contact": o.werkgebied.contact})
    return uit


def werkgebied_voor(actor: Actor) -> Werkgebied | None:
    if not policy.allows(actor, "werkgebied"):
        return None
    return Werkgebied.objects.filter(zorgorganisatie=actor.organisatie).select_related("regio").first()


# --- aanmeldingen -----------------------------------------------------------------------


def aanmeldingen_voor(actor: Actor) -> QuerySet[Aanmelding]:
    if not policy.allows(actor, "coordineren"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(zorgorganisatie=actor.organisatie)


def aanmelding_get(actor: Actor, pk) -> Aanmelding:
    return get_object_for_actor(aanmeldingen_voor(actor).select_related("verwijzer_organisatie", "signaal"), pk=pk)


def eigen_verwijzingen(actor: Actor) -> QuerySet[Aanmelding]:
    """The referrals the actor's gemeente made (for withdrawing; never the traject)."""
    if not policy.allows(actor, "verwijzen"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(verwijzer_organisatie=actor.organisatie)


def eigen_verwijzing_get(actor: Actor, pk) -> Aanmelding:
    return get_object_for_actor(eigen_verwijzingen(actor), pk=pk)


def stand_voor_verwijzer(aanmelding: Aanmelding) -> str:
    """What the referrer may know: ontvangen, geaccepteerd, afgewezen (with the reason),
    ingetrokken or afgerond. Never the traject's content."""
    if aanmelding.stand == AanmeldingStand.AFGEWEZEN:
        return _("Afgewezen: %(reden)s") % {"reden": aanmelding.afwijsreden}
    if aanmelding.stand == AanmeldingStand.GEACCEPTEERD:
        traject = Traject.objects.filter(aanmelding=aanmelding).only("fase").first()
        if traject is not None and traject.fase == Fase.AFGESLOTEN:
            return _("Afgerond")
    return str(AanmeldingStand(aanmelding.stand).label)


def open_aanmelding_voor_signaal(signaal) -> Aanmelding | None:
    """The referral of a signal that is still running: received and not yet judged, or accepted
    with a traject that is not closed. A signal has at most one (see aanmelding_maken)."""
    return (
        Aanmelding.objects.filter(signaal=signaal)
        .filter(Q(stand=AanmeldingStand.ONTVANGEN) | Q(stand=AanmeldingStand.GEACCEPTEERD, traject__fase__in=OPEN_FASEN))
        .select_related("zorgorganisatie").first()
    )


def aanmeldingen_voor_signaal(signaal) -> list[dict]:
    """The referrals of one signal as the referring aandachtsfunctionaris sees them."""
    lopend = open_aanmelding_voor_signaal(signaal)
    return [
        {"pk": a.pk, "zorgorganisatie": a.zorgorganisatie.naam, "stand": stand_voor_verwijzer(a), "tijdstip": a.tijdstip,
         "intrekbaar": a.stand == AanmeldingStand.ONTVANGEN, "lopend": lopend is not None and a.pk == lopend.pk}
        for a in Aanmelding.objects.filter(signaal=signaal).select_related("zorgorganisatie").order_by("tijdstip")
    ]


# --- trajecten --------------------------------------------------------------------------


def trajecten_voor(actor: Actor) -> QuerySet[Traject]:
    """A zorgcoördinator sees the trajecten of their own organisation, nothing else."""
    if not policy.allows(actor, "coordineren"):
        return Traject.objects.none()
    return Traject.objects.filter(zorgorganisatie=actor.organisatie)


def traject_get(actor: Actor, pk) -> Traject:
    return get_object_for_actor(trajecten_voor(actor).select_related("aanmelding"), pk=pk)


FASE_VOLGORDE = {f: i for i, f in enumerate(OPEN_FASEN)}


B8_SIGNAAL_DAGEN = 14  # flag a bedenktijd that ends within two weeks


def caseload(actor: Actor) -> dict[str, list[Traject]]:
    """Open trajecten by phase, acute ones on top within each phase; each flagged when its B8
    bedenktijd ends soon or an action at a care partner is past its deadline."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from kompas.zorg.constants import ActieStand
    from kompas.zorg.models import Zorgactie

    vandaag = timezone.localdate()
    te_laat = Zorgactie.objects.filter(traject=OuterRef("pk"), deadline__lt=vandaag, stand__in=[ActieStand.GEVRAAGD, ActieStand.GESTART])
    per_fase: dict[str, list[Traject]] = {f: [] for f in OPEN_FASEN}
    for t in trajecten_voor(actor).filter(fase__in=OPEN_FASEN).annotate(actie_te_laat=Exists(te_laat)).order_by("-acuut", "aangemaakt_op").only(
        "id", "clientcode", "fase", "fase_sinds", "acuut", "vormen", "aangemaakt_op", "b8_einddatum"
    ):
        t.b8_binnenkort = t.b8_einddatum is not None and t.b8_einddatum <= vandaag + timedelta(days=B8_SIGNAAL_DAGEN)
        per_fase[t.fase].append(t)
    return per_fase


def toestemming_geldig(traject: Traject, doel: str, organisatie: Organisatie | None = None) -> bool:
    """Consent holds when the latest event for this purpose (and organisation) gives it."""
    qs = Toestemming.objects.filter(traject=traject, doel=doel)
    if doel == ToestemmingDoel.DELEN_ORGANISATIE:
        qs = qs.filter(organisatie=organisatie)
    laatste = qs.order_by("-datum", "-tijdstip", "-id").first()
    return bool(laatste and laatste.gegeven)


def export_trajecten(actor: Actor) -> QuerySet[Traject]:
    """The trajecten of the CoMensha export: one's own organisation, or national for CoMensha."""
    if policy.allows(actor, "coordineren"):
        qs = trajecten_voor(actor)
    elif policy.allows(actor, "comensha_landelijk"):
        qs = Traject.objects.all()
    else:
        return Traject.objects.none()
    return qs.select_related("zorgorganisatie", "aanmelding", "clientgegevens").order_by("id")


def consultaties_per_kwartaal(actor: Actor) -> list[dict]:
    """Informatie en advies of the actor's organisation, counted per quarter (newest first)."""
    from collections import defaultdict

    from kompas.zorg.models import Consultatie

    if not policy.allows(actor, "coordineren"):
        return []
    per: dict[str, dict] = defaultdict(lambda: {"aantal": 0, "minuten": 0})
    for datum, minuten in Consultatie.objects.filter(zorgorganisatie=actor.organisatie).values_list("datum", "minuten"):
        k = per[f"{datum.year}-K{(datum.month - 1) // 3 + 1}"]
        k["aantal"] += 1
        k["minuten"] += minuten
    return [{"kwartaal": k, **v} for k, v in sorted(per.items(), reverse=True)]
