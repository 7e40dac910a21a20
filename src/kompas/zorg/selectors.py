"""Reads of zorgcoördinatie, always narrowed to what the actor may see."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.actor import Actor
from kompas.accounts.constants import Rol
from kompas.accounts.policy import get_object_for_actor
from kompas.accounts.selectors import actieve_organisaties, collegas_van
from kompas.core.verzoekgeheugen import onthouden
from kompas.regio import selectors as regio_selectors
from kompas.regio.selectors import codes_in_regio, regios_van
from kompas.zorg.constants import (
    ACTIE_SIGNAAL_DAGEN_STANDAARD,
    OPEN_ACTIE_STANDEN,
    OPEN_FASEN,
    AanmeldingBron,
    AanmeldingStand,
    ActieStand,
    Doelgroep,
    Fase,
    ToestemmingDoel,
    Vorm,
)
from kompas.zorg.models import (
    Aanmelding,
    Consultatie,
    FaseWijziging,
    Toestemming,
    Traject,
    Werkgebied,
    Zorgactie,
    Zorgoverleg,
    Zorgpartner,
)
from kompas.zorg.policies import ZORGORGANISATIES, policy

if TYPE_CHECKING:
    from kompas.accounts.models import Organisatie, User

# --- werkgebied -------------------------------------------------------------------------


def werkgebied_gemeenten(werkgebied: Werkgebied) -> set[str]:
    """CBS codes the werkgebied covers: its region's gemeenten (current year) or its own list."""
    codes = set(werkgebied.gemeente_codes or [])
    if werkgebied.regio_id:
        codes |= set(codes_in_regio(werkgebied.regio))
    return codes


def gemeente_namen(codes) -> dict[str, str]:
    """CBS code → gemeente name for these codes (an unknown code stays itself)."""
    codes = [c for c in codes if c]
    bekend = regio_selectors.gemeente_namen(codes)
    return {c: bekend.get(c, c) for c in codes}


def zorgorganisaties_voor_gemeente(cbs_code: str) -> list[Organisatie]:
    """The zorgorganisaties whose werkgebied covers this gemeente (usually one); read once per
    read request (a signal's page asks for its contact card and its referral choices)."""
    if not cbs_code:
        return []
    return onthouden(("zorg.organisaties_voor_gemeente", cbs_code), lambda: _zorgorganisaties_voor(cbs_code))


def _zorgorganisaties_voor(cbs_code: str) -> list[Organisatie]:
    regio_ids = {regio.pk for regio in regios_van(cbs_code).values()}  # kompas.regio's one rule, current year
    return [
        w.zorgorganisatie
        for w in Werkgebied.objects.filter(zorgorganisatie__actief=True).select_related("zorgorganisatie")
        if w.regio_id in regio_ids or cbs_code in (w.gemeente_codes or [])
    ]


def zorgorganisaties_voor_doorverwijzing(cbs_code: str) -> QuerySet[Organisatie]:
    """Every organisation a referral may go to, the zorgcoördinatie of this gemeente first."""
    eigen = [o.pk for o in zorgorganisaties_voor_gemeente(cbs_code)]
    return (
        actieve_organisaties(ZORGORGANISATIES)
        .annotate(eerst=Case(When(pk__in=eigen, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("eerst", "naam")
    )


def zorgcoordinatie_contact(cbs_code: str) -> list[dict]:
    """The contact card every gemeente sees: who its zorgcoördinatie is and how to reach it."""
    uit = []
    for o in zorgorganisaties_voor_gemeente(cbs_code):
        uit.append({"naam": o.naam, "contact": o.werkgebied.contact})
    return uit


def zorgcoordinatie_contact_van(organisatie: Organisatie) -> str:
    """The contact line a zorgorganisatie published in its werkgebied ("" without one)."""
    w = Werkgebied.objects.filter(zorgorganisatie=organisatie).only("contact").first()
    return w.contact if w else ""


def werkgebied_voor(actor: Actor) -> Werkgebied | None:
    if not policy.allows(actor, "werkgebied"):
        return None
    return werkgebied_van(actor.organisatie)


def werkgebied_van(organisatie: Organisatie | None) -> Werkgebied | None:
    """The werkgebied of a zorgorganisatie (None without one), with its region; read once per
    read request, as the caseload, its filters and its flags each need it."""
    if organisatie is None:
        return None
    return onthouden(
        ("zorg.werkgebied", organisatie.pk),
        lambda: (
            Werkgebied.objects.filter(zorgorganisatie=organisatie).select_related("zorgorganisatie", "regio").first()
        ),
    )


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


def verwijzingen_van(actor: Actor) -> QuerySet[Aanmelding]:
    """The referrals the actor sent through the aanmeldformulier: their own (not a colleague's),
    in the organisation they act for. The referrer sees their state, never the traject."""
    if not policy.allows(actor, "aanmelden"):
        return Aanmelding.objects.none()
    return Aanmelding.objects.filter(
        bron=AanmeldingBron.FORMULIER, door=actor.user, verwijzer_organisatie=actor.organisatie
    )


def verwijzing_get(actor: Actor, pk) -> Aanmelding:
    return get_object_for_actor(verwijzingen_van(actor).select_related("zorgorganisatie"), pk=pk)


def stand_voor_verwijzer(aanmelding: Aanmelding) -> str:
    """What the referrer may know: ontvangen, geaccepteerd, afgewezen (with the reason),
    ingetrokken or afgerond. Never the traject's content."""
    fase = None
    if aanmelding.stand == AanmeldingStand.GEACCEPTEERD:
        fase = Traject.objects.filter(aanmelding=aanmelding).values_list("fase", flat=True).first()
    return _stand_voor_verwijzer(aanmelding, fase)


def _stand_voor_verwijzer(aanmelding: Aanmelding, traject_fase: str | None) -> str:
    if aanmelding.stand == AanmeldingStand.AFGEWEZEN:
        return _("Afgewezen: %(reden)s") % {"reden": aanmelding.afwijsreden}
    if aanmelding.stand == AanmeldingStand.GEACCEPTEERD and traject_fase == Fase.AFGESLOTEN:
        return _("Afgerond")
    return str(AanmeldingStand(aanmelding.stand).label)


def open_aanmelding_voor_signaal(signaal) -> Aanmelding | None:
    """The referral of a signal that is still running: received and not yet judged, or accepted
    with a traject that is not closed. A signal has at most one (see aanmelding_maken)."""
    return (
        Aanmelding.objects.filter(signaal=signaal)
        .filter(
            Q(stand=AanmeldingStand.ONTVANGEN) | Q(stand=AanmeldingStand.GEACCEPTEERD, traject__fase__in=OPEN_FASEN)
        )
        .select_related("zorgorganisatie")
        .first()
    )


def aanmeldingen_voor_signaal(signaal) -> list[dict]:
    """The referrals of one signal as the referring aandachtsfunctionaris sees them: one query,
    with the phase of each accepted referral's traject (the same stand and running referral as
    :func:`stand_voor_verwijzer` and :func:`open_aanmelding_voor_signaal` give)."""
    aanmeldingen = list(
        Aanmelding.objects.filter(signaal=signaal)
        .select_related("zorgorganisatie")
        .annotate(traject_fase=F("traject__fase"))
        .order_by("tijdstip")
    )

    def loopt(a) -> bool:
        return a.stand == AanmeldingStand.ONTVANGEN or (
            a.stand == AanmeldingStand.GEACCEPTEERD and a.traject_fase in OPEN_FASEN
        )

    lopend = min((a.pk for a in aanmeldingen if loopt(a)), default=None)
    return [
        {
            "pk": a.pk,
            "zorgorganisatie": a.zorgorganisatie.naam,
            "stand": _stand_voor_verwijzer(a, a.traject_fase),
            "tijdstip": a.tijdstip,
            "intrekbaar": a.stand == AanmeldingStand.ONTVANGEN,
            "lopend": a.pk == lopend,
        }
        for a in aanmeldingen
    ]


# --- trajecten --------------------------------------------------------------------------


def trajecten_voor(actor: Actor) -> QuerySet[Traject]:
    """A zorgcoördinator sees the trajecten of their own organisation, nothing else."""
    if not policy.allows(actor, "coordineren"):
        return Traject.objects.none()
    return Traject.objects.filter(zorgorganisatie=actor.organisatie)


def coordinatoren_van(actor: Actor) -> QuerySet[User]:
    """The active zorgcoördinatoren of the actor's own organisation: whom a traject can be
    assigned to (only for a coordinator of that organisation)."""
    organisatie = actor.organisatie if policy.allows(actor, "coordineren") else None
    return collegas_van(organisatie, rol=Rol.ZORGCOORDINATOR)


def heeft_eigen_trajecten(actor: Actor) -> bool:
    """Does the coordinator handle any open traject (then the caseload opens on "Mijn trajecten")?"""
    return trajecten_voor(actor).filter(behandelaar=actor.user, fase__in=OPEN_FASEN).exists()


def traject_get(actor: Actor, pk) -> Traject:
    return get_object_for_actor(trajecten_voor(actor).select_related("aanmelding", "behandelaar"), pk=pk)


def acties_voor_coordinator(actor: Actor) -> QuerySet[Zorgactie]:
    """The zorgacties of the coordinator's own trajecten (whoever the partner is)."""
    return Zorgactie.objects.filter(traject__in=trajecten_voor(actor))


FASE_VOLGORDE = {f: i for i, f in enumerate(OPEN_FASEN)}


B8_SIGNAAL_DAGEN = 14  # flag a bedenktijd that ends within two weeks


PER_FASE = 25  # trajecten per phase on the caseload's overview (acute first); the rest is one click away
PER_PAGINA = 100  # trajecten per page when the caseload shows one phase


class Caseload(dict):
    """The caseload's trajecten per phase (a dict phase → list), with how many there are in each
    phase (``aantallen``), and, when one phase is shown, its page (``pagina`` of ``paginas``)."""

    def __init__(self, per_fase: dict, *, aantallen: dict[str, int], pagina: int = 1, paginas: int = 1):
        super().__init__(per_fase)
        self.aantallen, self.pagina, self.paginas = aantallen, pagina, paginas

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.get(f, 0) for f in self)


# what a list of trajecten shows (the caseload, the API's list), with its behandelaar's name
TRAJECT_LIJSTVELDEN = (
    "id",
    "clientcode",
    "fase",
    "fase_sinds",
    "acuut",
    "vormen",
    "aangemaakt_op",
    "behandelaar__first_name",
    "behandelaar__last_name",
    "behandelaar__username",
)


def met_behandelaar(qs: QuerySet[Traject], *extra: str) -> QuerySet[Traject]:
    """Only the fields of :data:`TRAJECT_LIJSTVELDEN` (and ``extra``), the behandelaar in the same query."""
    return qs.select_related("behandelaar").only(*TRAJECT_LIJSTVELDEN, *extra)


def caseload(
    actor: Actor,
    *,
    zoek: str = "",
    fase: str = "",
    gemeente: str = "",
    vorm: str = "",
    mijn: bool = False,
    stil: bool = False,
    behandelaar: str = "",
    pagina: int = 1,
    per_fase: int | None = None,
) -> Caseload:
    """Open trajecten by phase, acute ones on top within each phase; each flagged when its B8
    bedenktijd ends soon, an action at a care partner is past its deadline, or an open action
    has had no update for the werkgebied's number of days.

    Filters (the caseload's GET form): part of the cliëntcode, one phase (the closed phase
    too, newest first), the gemeente of stay, a vorm, the trajecten in which the actor recorded
    a step, those with a stalled action, and the behandelaar: ``"ik"`` (mijn trajecten),
    ``"geen"`` (niet toegewezen), a colleague's pk, or anything else for every coordinator's.

    Without a phase, each phase shows its first ``per_fase`` (``PER_FASE``) trajecten and how many it has;
    with one, that phase is paged by ``PER_PAGINA``. The flags are computed for the rows shown
    only, and the counts come from the caseload index, so the page stays fast however large the
    caseload grows."""

    vandaag = timezone.localdate()
    te_laat = Zorgactie.objects.filter(
        traject=OuterRef("pk"), deadline__lt=vandaag, stand__in=[ActieStand.GEVRAAGD, ActieStand.GESTART]
    )
    stille = Zorgactie.objects.filter(
        traject=OuterRef("pk"),
        stand__in=OPEN_ACTIE_STANDEN,
        bijgewerkt_op__lt=stil_sinds(werkgebied_van(actor.organisatie)),
    )
    fasen = [fase] if fase in Fase.values else list(OPEN_FASEN)
    qs = trajecten_voor(actor).filter(fase__in=fasen)
    if zoek.strip():
        qs = qs.filter(clientcode__icontains=zoek.strip())
    if gemeente:
        qs = qs.filter(gemeente_code=gemeente)
    if vorm in Vorm.values:
        # a JSON list of fixed slugs: matched on its text, alike on SQLite and PostgreSQL
        qs = qs.annotate(vormen_tekst=Cast("vormen", TextField())).filter(vormen_tekst__contains=f'"{vorm}"')
    if mijn:
        qs = qs.filter(Exists(FaseWijziging.objects.filter(traject=OuterRef("pk"), door=actor.user)))
    if stil:
        qs = qs.filter(Exists(stille))
    if behandelaar == "ik":
        qs = qs.filter(behandelaar=actor.user)
    elif behandelaar == "geen":
        qs = qs.filter(behandelaar__isnull=True)
    elif behandelaar.isdigit():
        qs = qs.filter(behandelaar_id=int(behandelaar))
    aantallen = dict(qs.values_list("fase").annotate(n=Count("id")).order_by())
    rijen = met_behandelaar(
        qs.annotate(actie_te_laat=Exists(te_laat), actie_stil=Exists(stille)),
        "b8_einddatum",
        "gemeente_code",
        "afgesloten_op",
    )

    def volgorde(f):
        return ("-afgesloten_op", "-id") if f == Fase.AFGESLOTEN else ("-acuut", "aangemaakt_op", "id")

    paginas, per_fase = 1, per_fase or PER_FASE
    if len(fasen) == 1:
        [f] = fasen
        paginas = max(1, -(-aantallen.get(f, 0) // PER_PAGINA))
        pagina = min(max(1, pagina), paginas)
        begin = (pagina - 1) * PER_PAGINA
        per = {f: list(rijen.filter(fase=f).order_by(*volgorde(f))[begin : begin + PER_PAGINA])}
    else:
        # the first ``per_fase`` of every open phase in one query: numbered within their phase
        pagina = 1
        per = {f: [] for f in fasen}
        if any(aantallen.get(f) for f in fasen):
            eerste = rijen  # every phase fits (a coordinator's own caseload, usually): no numbering needed
            if any(aantallen.get(f, 0) > per_fase for f in fasen):
                orde = [OrderBy(F(v.lstrip("-")), descending=v.startswith("-")) for v in volgorde(Fase.INTAKE)]
                eerste = rijen.annotate(rang=Window(RowNumber(), partition_by=[F("fase")], order_by=orde)).filter(
                    rang__lte=per_fase
                )
            for t in eerste.order_by(*volgorde(Fase.INTAKE)):
                per[t.fase].append(t)
    for lijst in per.values():
        for t in lijst:
            t.b8_binnenkort = (
                t.is_open
                and t.b8_einddatum is not None
                and t.b8_einddatum <= vandaag + timedelta(days=B8_SIGNAAL_DAGEN)
            )
    return Caseload(per, aantallen=aantallen, pagina=pagina, paginas=paginas)


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
    # the encrypted identifying record is read separately, only where consent allows it
    return qs.select_related("zorgorganisatie", "aanmelding").order_by("id")


def consultaties_per_kwartaal(actor: Actor) -> list[dict]:
    """Informatie en advies of the actor's organisation, counted per quarter (newest first)."""

    if not policy.allows(actor, "coordineren"):
        return []
    per: dict[str, dict] = defaultdict(lambda: {"aantal": 0, "minuten": 0})
    for datum, minuten in Consultatie.objects.filter(zorgorganisatie=actor.organisatie).values_list("datum", "minuten"):
        k = per[f"{datum.year}-K{(datum.month - 1) // 3 + 1}"]
        k["aantal"] += 1
        k["minuten"] += minuten
    return [{"kwartaal": k, **v} for k, v in sorted(per.items(), reverse=True)]


# --- zorgnetwerk ------------------------------------------------------------------------


def eigen_werkgebied(actor: Actor) -> Werkgebied | None:
    """The coordinator's own werkgebied (the zorgnetwerk hangs from it)."""
    if not policy.allows(actor, "coordineren"):
        return None
    return werkgebied_van(actor.organisatie)


def past_bij(partner: Zorgpartner, *, vorm: str = "", doelgroep: str = "", domein: str = "") -> bool:
    """Does the partner's expertise cover this vorm, doelgroep and domein (each when given)?"""
    return (
        (not vorm or vorm in partner.vormen)
        and (not doelgroep or doelgroep in partner.doelgroepen)
        and (not domein or domein in partner.domeinen)
    )


def netwerk_voor(
    actor: Actor, *, vorm: str = "", doelgroep: str = "", domein: str = "", alleen_vrij: bool = False
) -> list[Zorgpartner]:
    """The zorgnetwerk of the coordinator's werkgebied, filtered by expertise (a directory of
    tens of partners: filtered here rather than with JSON lookups that differ per database)."""
    w = eigen_werkgebied(actor)
    if w is None:
        return []
    partners = [
        p
        for p in w.netwerk.select_related("organisatie").filter(organisatie__actief=True)
        if past_bij(p, vorm=vorm, doelgroep=doelgroep, domein=domein)
    ]
    if alleen_vrij:
        partners = [p for p in partners if p.vrije_plaatsen]
    return partners


def netwerkpartners_voor(actor: Actor) -> QuerySet[Zorgpartner]:
    """The partners in the zorgnetwerk of the coordinator's own werkgebied."""
    w = eigen_werkgebied(actor)
    return Zorgpartner.objects.filter(werkgebieden=w) if w else Zorgpartner.objects.none()


def netwerkpartner_get(actor: Actor, pk) -> Zorgpartner:
    """A partner of the coordinator's own zorgnetwerk (404 for any other)."""
    return get_object_for_actor(netwerkpartners_voor(actor).select_related("organisatie"), pk=pk)


def doelgroepen_van(traject: Traject) -> list[str]:
    """The doelgroepen a traject's kenmerken point to (to offer fitting partners first)."""
    groepen = []
    if traject.leeftijdsgroep == "0-17":
        groepen.append(Doelgroep.MINDERJARIGEN)
    elif traject.leeftijdsgroep == "18-23":
        groepen.append(Doelgroep.JONGVOLWASSENEN)
    groepen += {"man": [Doelgroep.MANNEN], "vrouw": [Doelgroep.VROUWEN], "transgender": [Doelgroep.TRANSGENDER]}.get(
        traject.gender, []
    )
    if traject.verblijfsstatus == "ongedocumenteerd":
        groepen.append(Doelgroep.ONGEDOCUMENTEERDEN)
    if "arbeid" in traject.vormen and traject.nationaliteit and traject.nationaliteit != "NL":
        groepen.append(Doelgroep.ARBEIDSMIGRANTEN)
    return groepen


def partners_voor_traject(actor: Actor, traject: Traject) -> tuple[list[Zorgpartner], list[Zorgpartner]]:
    """The werkgebied's partners for a zorgactie: those whose expertise fits the traject (a
    vorm of the traject, and a doelgroep of it where the partner names doelgroepen) first, the
    rest of the zorgnetwerk after them."""
    doelgroepen = set(doelgroepen_van(traject))
    passend, overig = [], []
    for p in netwerk_voor(actor):
        vorm_past = not traject.vormen or bool(set(traject.vormen) & set(p.vormen))
        groep_past = not doelgroepen or not p.doelgroepen or bool(doelgroepen & set(p.doelgroepen))
        (passend if vorm_past and groep_past else overig).append(p)
    return passend, overig


def eigen_zorgpartner(actor: Actor) -> Zorgpartner | None:
    """The zorgnetwerk entry of the partner user's own organisation (its capacity)."""
    if not policy.allows(actor, "partner"):
        return None
    return Zorgpartner.objects.filter(organisatie=actor.organisatie).first()


# --- zorgacties at a care partner -------------------------------------------------------


def acties_voor_partner(actor: Actor) -> QuerySet[Zorgactie]:
    """A care partner sees the zorgacties handed to its own organisation, nothing else."""
    if not policy.allows(actor, "partner"):
        return Zorgactie.objects.none()
    return Zorgactie.objects.filter(partner=actor.organisatie, traject__geanonimiseerd_op__isnull=True)


def partner_actie_get(actor: Actor, pk) -> Zorgactie:
    return get_object_for_actor(
        acties_voor_partner(actor).select_related("traject", "partner", "traject__zorgorganisatie"), pk=pk
    )


def delen_toegestaan(actie: Zorgactie) -> bool:
    """May the partner read the action's content now? With the cliënt's consent for that
    organisation; or, when it was shared under a stated legal ground, until a withdrawal is
    recorded after it was shared. A withdrawal stops all later sharing."""
    if toestemming_geldig(actie.traject, ToestemmingDoel.DELEN_ORGANISATIE, actie.partner):
        return True
    if not actie.grondslag:
        return False
    return not Toestemming.objects.filter(
        traject=actie.traject_id,
        doel=ToestemmingDoel.DELEN_ORGANISATIE,
        organisatie=actie.partner_id,
        gegeven=False,
        tijdstip__gt=actie.aangemaakt_op,
    ).exists()


def stil_sinds(werkgebied: Werkgebied | None, now=None):
    """The moment before which an open action without an update counts as stalled."""
    dagen = werkgebied.actie_signaal_dagen if werkgebied else ACTIE_SIGNAAL_DAGEN_STANDAARD
    return (now or timezone.now()) - timedelta(days=dagen)


def stille_acties(now=None) -> list[Zorgactie]:
    """Open zorgacties of open trajecten without an update for their werkgebied's number of
    days and not yet reported (across all organisations: for the periodic task)."""
    now = now or timezone.now()
    dagen_per_org = dict(Werkgebied.objects.values_list("zorgorganisatie_id", "actie_signaal_dagen"))
    kortste = min([ACTIE_SIGNAAL_DAGEN_STANDAARD, *dagen_per_org.values()])
    kandidaten = Zorgactie.objects.filter(
        stand__in=OPEN_ACTIE_STANDEN,
        stil_gemeld_op__isnull=True,
        traject__fase__in=OPEN_FASEN,
        bijgewerkt_op__lt=now - timedelta(days=kortste),
    ).select_related("traject")
    return [
        a
        for a in kandidaten
        if a.bijgewerkt_op
        < now - timedelta(days=dagen_per_org.get(a.traject.zorgorganisatie_id, ACTIE_SIGNAAL_DAGEN_STANDAARD))
    ]


# --- zorgoverleg ------------------------------------------------------------------------


def overleggen_voor(actor: Actor) -> QuerySet[Zorgoverleg]:
    """The zorgoverleggen of the coordinator's own trajecten."""
    return Zorgoverleg.objects.filter(traject__in=trajecten_voor(actor))


def overleg_get(actor: Actor, pk) -> Zorgoverleg:
    """A zorgoverleg of one of the coordinator's own trajecten."""
    return get_object_for_actor(overleggen_voor(actor).select_related("traject"), pk=pk)


def uitnodigingen_voor(actor: Actor) -> QuerySet[Zorgoverleg]:
    """The zorgoverleggen the partner user's organisation is invited to."""
    if not policy.allows(actor, "partner"):
        return Zorgoverleg.objects.none()
    return Zorgoverleg.objects.filter(genodigden=actor.organisatie, traject__geanonimiseerd_op__isnull=True)


def uitnodiging_get(actor: Actor, pk) -> Zorgoverleg:
    return get_object_for_actor(uitnodigingen_voor(actor).select_related("traject", "traject__zorgorganisatie"), pk=pk)


def overleg_zichtbaar(overleg: Zorgoverleg, organisatie: Organisatie) -> bool:
    """An invitee reads what was shared for the meeting only while the cliënt's consent to
    share with its organisation holds (a withdrawal stops all later reading)."""
    return toestemming_geldig(overleg.traject, ToestemmingDoel.DELEN_ORGANISATIE, organisatie)


def slachtoffers_in_zorg(gemeente_codes: list[str] | None) -> list[tuple[str, int]]:
    """(Possible) victims in zorg now: open trajecten per phase whose gemeente of stay is one
    of ``gemeente_codes`` (``None``: the whole country). Bare counts, for the meldroute's
    aard-en-omvang figures, which publish them only through kompas.core.publicatie."""

    qs = Traject.objects.filter(fase__in=OPEN_FASEN)
    if gemeente_codes is not None:
        qs = qs.filter(gemeente_code__in=gemeente_codes)
    telling = dict(qs.values_list("fase").annotate(n=Count("id")).order_by())
    return [(str(Fase(f).label), telling.get(f, 0)) for f in OPEN_FASEN]
