"""Writes of the meldroute. Every function is a write service (:mod:`kompas.core.schrijven`):
the actor is required, the signal or request it changes is fetched again through the actor's
scope (another gemeente's signal is refused like a missing one), and it audits itself in its
one durable transaction, keeps the non-identifying statistics row in step and queues its
notifications on commit. The planner's jobs run as ``SYSTEEM``."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.actor import Actor
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.bestanden import controleer_bijlage as _check_bijlage
from kompas.core.registry import registry
from kompas.core.schrijven import NietVanU, eigen, is_systeem, schrijfdienst
from kompas.meldroute import selectors, tasks
from kompas.meldroute.constants import (
    ALLE_INDICATOREN,
    BEWAARTERMIJN_STANDAARD_MAANDEN,
    STAP,
    Overleg,
    Status,
    Uitkomst,
    VerrijkingBron,
    Vorm,
)
from kompas.meldroute.models import (
    Bijlage,
    MeldrouteInstelling,
    PartnerVerzoek,
    ReferentieTeller,
    Signaal,
    SignaalStatistiek,
    StatusWijziging,
    Verrijking,
)
from kompas.meldroute.policies import policy
from kompas.meldroute.workflow import TRANSITIES, TransitieGeweigerd

if TYPE_CHECKING:
    from kompas.accounts.models import Organisatie

OBJECT_TYPE = "meldroute.signaal"


def _require(actor: Actor, action: str) -> None:
    if not policy.allows(actor, action):
        raise PermissionDenied


def _alleen_systeem(actor) -> None:
    """The planner's jobs act on every gemeente at once: only Kompas itself runs them."""
    if not is_systeem(actor):
        raise NietVanU(_("Alleen de planner van Kompas voert dit uit."))


def _referentie_prefix(gemeente: Organisatie, jaar: int) -> str:
    code = gemeente.cbs_code[2:] if gemeente.cbs_code.startswith("GM") else f"{gemeente.pk:04d}"
    return f"MH-{jaar}-{code}-"


def _nieuwe_referentie(*, gemeente: Organisatie, jaar: int) -> str:
    """The next reference of this gemeente and year, from its locked counter row.

    Must run inside the transaction that stores the signal: the row stays locked until that
    commits, so concurrent reports of one gemeente count on one after the other and a failed
    report leaves no gap. A new row starts after the highest reference already stored."""
    prefix = _referentie_prefix(gemeente, jaar)
    for attempt in range(3):
        try:
            with transaction.atomic():
                teller, _created = ReferentieTeller.objects.select_for_update().get_or_create(
                    gemeente=gemeente, jaar=jaar, defaults={"laatste": _hoogste_nummer(prefix)}
                )
            break
        except IntegrityError:  # another report created the row first: lock that one
            if attempt == 2:
                raise
    while True:  # skip a number that data loaded by hand already holds
        teller.laatste += 1
        referentie = f"{prefix}{teller.laatste:06d}"
        if not Signaal.objects.filter(referentie=referentie).exists():
            break
    teller.save(update_fields=["laatste"])
    return referentie


def _hoogste_nummer(prefix: str) -> int:
    last = Signaal.objects.filter(referentie__startswith=prefix).aggregate(m=Max("referentie"))["m"]
    return int(last.rsplit("-", 1)[1]) if last else 0


def statistiek_bijwerken(signaal: Signaal) -> None:
    """Mirror the non-identifying facts of a signal into its statistics row."""
    doorlooptijd = None
    if signaal.afgesloten_op:
        doorlooptijd = max(0, (signaal.afgesloten_op - signaal.aangemaakt_op).days)
    SignaalStatistiek.objects.update_or_create(
        signaal_id=signaal.pk,
        defaults={
            "gemeente_code": signaal.gemeente.cbs_code,
            "maand": timezone.localtime(signaal.aangemaakt_op).date().replace(day=1),
            **{f"vorm_{v}": getattr(signaal, f"vorm_{v}") for v in Vorm.values},
            "sector": signaal.sector,
            "herkomst": signaal.herkomst,
            "acuut": signaal.acuut,
            "hoogste_stap": signaal.hoogste_stap,
            "uitkomst": signaal.uitkomst,
            "doorlooptijd_dagen": doorlooptijd,
        },
    )


def _bijlage_opslaan(signaal: Signaal, upload, content_type: str, content: bytes, user) -> Bijlage:
    bijlage = Bijlage(
        signaal=signaal,
        naam=upload.name.rsplit("/", 1)[-1][:200],
        content_type=content_type,
        grootte=len(content),
        door=user,
        tijdstip=timezone.now(),
    )
    bijlage.bestand.save(hashlib.sha256(content).hexdigest()[:16], ContentFile(content), save=False)
    bijlage.save()
    return bijlage


@schrijfdienst
def signaal_melden(
    *,
    actor: Actor,
    wat: str,
    wanneer: date,
    vormen: list[str],
    sector: str,
    herkomst: str,
    waar: str = "",
    acuut: bool = False,
    indicatoren: list[str] | None = None,
    bijlagen=(),
    request=None,
) -> Signaal:
    """Stap 1: any employee of a gemeente reports what they saw."""
    _require(actor, "melden")
    if not vormen:
        raise ValidationError({"vormen": _("Kies minstens één vorm, of 'Weet ik niet'.")})
    unknown = [v for v in vormen if v not in Vorm.values] + [
        i for i in (indicatoren or []) if i not in ALLE_INDICATOREN
    ]
    if unknown:
        raise ValidationError(_("Onbekende code(s): %(codes)s") % {"codes": ", ".join(unknown)})
    if wanneer > timezone.localdate():
        raise ValidationError({"wanneer": _("De datum ligt in de toekomst.")})
    checked = [_check_bijlage(b) for b in bijlagen]  # all files checked before anything is stored
    stored_files: list[Bijlage] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            signaal = Signaal(
                referentie=_nieuwe_referentie(gemeente=actor.organisatie, jaar=timezone.localdate().year),
                gemeente=actor.organisatie,
                melder=actor.user,
                wat=wat,
                waar=waar,
                wanneer=wanneer,
                sector=sector,
                herkomst=herkomst,
                acuut=acuut,
                indicatoren=sorted(set(indicatoren or [])),
                status=Status.ONTVANGEN,
                status_sinds=now,
                aangemaakt_op=now,
                hoogste_stap=STAP[Status.ONTVANGEN],
                **{f"vorm_{v}": v in vormen for v in Vorm.values},
            )
            # The reference is unique by construction (locked counter); checking it again
            # here could only race with another report and refuse a valid one.
            signaal.full_clean(exclude=["gemeente", "melder", "gerelateerd"], validate_unique=False)
            signaal.save()
            StatusWijziging.objects.create(
                signaal=signaal,
                van="",
                naar=Status.ONTVANGEN,
                transitie="melden",
                door=actor.user,
                door_repr=str(actor.user),
                tijdstip=now,
                reden=_("Signaal gemeld"),
            )
            for upload, (content_type, content) in zip(bijlagen, checked, strict=True):
                stored_files.append(_bijlage_opslaan(signaal, upload, content_type, content, actor.user))
            statistiek_bijwerken(signaal)
            audit_log_create(
                actie=Actie.CREATE,
                actor=actor,
                obj=signaal,
                request=request,
                details={"acuut": acuut, "bijlagen": len(stored_files)},
            )
            transaction.on_commit(lambda: tasks.nieuw_signaal_melden.enqueue(signaal.pk))
            return signaal
    except Exception:
        for b in stored_files:
            b.bestand.storage.delete(b.bestand.name)
        raise


def _eigen_signaal(actor: Actor, signaal: Signaal | int) -> Signaal:
    """The signal again through the actor's scope (their own gemeente's), locked."""
    return eigen(signaal, selectors.signalen_voor_behandeling(actor), lock=True)


def _open_eigen(actor: Actor, signaal: Signaal | int, melding: str) -> Signaal:
    """The actor's signal, locked; a closed signal is read-only until it is reopened (refused
    with ``melding``, a Dutch sentence that says what cannot be done)."""
    s = _eigen_signaal(actor, signaal)
    if s.status == Status.AFGESLOTEN:
        raise ValidationError(_("%(melding)s Het signaal is afgesloten; heropen het eerst.") % {"melding": melding})
    return s


@schrijfdienst
def verrijking_toevoegen(
    *, actor: Actor, signaal: Signaal, bron: str, grondslag: str, tekst: str, request=None
) -> Verrijking:
    _require(actor, "behandelen")
    if bron not in VerrijkingBron.values:
        raise ValidationError({"bron": _("Onbekende bron.")})
    if not grondslag.strip():
        raise ValidationError({"grondslag": _("Vermeld de wettelijke grondslag voor het raadplegen van deze bron.")})
    s = _open_eigen(actor, signaal, _("Een afgesloten signaal kan niet worden verrijkt."))
    v = Verrijking(signaal=s, bron=bron, grondslag=grondslag, tekst=tekst, door=actor.user, tijdstip=timezone.now())
    v.full_clean(exclude=["signaal", "door"])
    v.save()
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=s, request=request, details={"verrijking": bron})
    return v


@schrijfdienst
def transitie_uitvoeren(
    *, actor: Actor, signaal: Signaal, transitie: str, reden: str, request=None, **invoer
) -> Signaal:
    """The only way a signal changes state. Checks the table, the state and the inputs."""
    _require(actor, "behandelen")
    t = TRANSITIES.get(transitie)
    if t is None:
        raise TransitieGeweigerd(_("Onbekende stap."))
    if not (reden or "").strip():
        raise TransitieGeweigerd(_("Geef een korte reden of toelichting bij deze stap."))
    s = _eigen_signaal(actor, signaal)
    if s.status not in t.van:
        raise TransitieGeweigerd(
            _("'%(stap)s' kan niet vanuit de status '%(status)s'. Mogelijk: %(mogelijk)s.")
            % {
                "stap": t.label,
                "status": Status(s.status).label,
                "mogelijk": ", ".join(str(x.label) for x in TRANSITIES.values() if s.status in x.van),
            }
        )
    now = timezone.now()
    if "verrijking" in t.vereist and not s.verrijkingen.exists():
        raise TransitieGeweigerd(_("Leg eerst minstens één verrijking vast (bron, grondslag en bevinding)."))
    if "overleg" in t.vereist:
        overleg = invoer.get("overleg", "")
        if overleg not in Overleg.values:
            raise TransitieGeweigerd(
                _("Kies waar het signaal is besproken: lokaal ondermijningsoverleg, politie of PCT.")
            )
        s.overleg = overleg
    if "terugkoppeling" in t.vereist:
        tekst = (invoer.get("terugkoppeling") or "").strip()
        if not tekst:
            raise TransitieGeweigerd(_("Schrijf de terugkoppeling voor de melder."))
        if len(tekst) > 3000:
            raise TransitieGeweigerd(_("De terugkoppeling is te lang (maximaal 3000 tekens)."))
        s.terugkoppeling, s.terugkoppeling_op = tekst, now
    if "uitkomst" in t.vereist:
        uitkomst = invoer.get("uitkomst", "")
        if uitkomst not in Uitkomst.values:
            raise TransitieGeweigerd(_("Kies een uitkomst."))
        fenomeen = (invoer.get("ander_fenomeen") or "").strip()
        if uitkomst == Uitkomst.GEEN_MENSENHANDEL and not fenomeen:
            raise TransitieGeweigerd(
                _(
                    "Vermeld welk ander fenomeen het is (bijvoorbeeld arbeidsrechtelijke overtreding of "
                    "huisjesmelkerij)."
                )
            )
        s.uitkomst, s.ander_fenomeen, s.afgesloten_op = uitkomst, fenomeen[:200], now
    if t.naar == Status.VERRIJKT and s.status in (Status.AFGESLOTEN, Status.TERUGKOPPELING):
        s.uitkomst, s.ander_fenomeen, s.afgesloten_op = "", "", None  # reopened
    van = s.status
    s.status, s.status_sinds = t.naar, now
    s.hoogste_stap = max(s.hoogste_stap, STAP[t.naar])
    s.save()
    StatusWijziging.objects.create(
        signaal=s,
        van=van,
        naar=t.naar,
        transitie=t.naam,
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=now,
        reden=reden.strip()[:2000],
    )
    statistiek_bijwerken(s)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=s,
        request=request,
        details={"transitie": t.naam, "van": van, "naar": t.naar},
    )
    if "terugkoppeling" in t.vereist and s.melder_id:
        transaction.on_commit(lambda: tasks.terugkoppeling_melden.enqueue(s.pk))
    return s


@schrijfdienst
def signalen_koppelen(*, actor: Actor, signaal: Signaal, ander: Signaal, request=None) -> None:
    """Link two signals of the actor's own gemeente (both are checked: linking reveals the
    other signal's reference on this one)."""
    _require(actor, "behandelen")
    if signaal.pk == ander.pk:
        raise ValidationError(_("Een signaal kan niet aan zichzelf worden gekoppeld."))
    s = _open_eigen(actor, signaal, _("Aan een afgesloten signaal kunt u geen signalen koppelen."))
    ander = eigen(ander, selectors.signalen_voor_behandeling(actor))
    s.gerelateerd.add(ander)
    audit_log_create(
        actie=Actie.UPDATE, actor=actor, obj=s, request=request, details={"gekoppeld_aan": ander.referentie}
    )


@schrijfdienst
def bijlage_toevoegen(*, actor: Actor, signaal: Signaal, upload, request=None) -> Bijlage:
    _require(actor, "behandelen")
    content_type, content = _check_bijlage(upload)
    s = _open_eigen(actor, signaal, _("Aan een afgesloten signaal kunt u geen bijlagen toevoegen."))
    bijlage = _bijlage_opslaan(s, upload, content_type, content, actor.user)
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=s, request=request, details={"bijlage": bijlage.pk})
    return bijlage


@schrijfdienst
def zorg_doorverwijzen(*, actor: Actor, signaal: Signaal, zorgorganisatie: Organisatie, toelichting: str, request=None):
    """Route for a possible victim who needs care: an aanmelding at the regional
    zorgcoördinatie (kompas.zorg takes it from there; the referrer sees only its state)."""

    _require(actor, "behandelen")
    s = _open_eigen(actor, signaal, _("Vanuit een afgesloten signaal kunt u niet doorverwijzen."))
    return registry.service("zorg.doorverwijzen")(
        actor=actor, zorgorganisatie=zorgorganisatie, toelichting=toelichting, signaal=s, request=request
    )


def instelling_voor(gemeente: Organisatie) -> MeldrouteInstelling:
    instelling, _ = MeldrouteInstelling.objects.get_or_create(gemeente=gemeente)
    return instelling


@schrijfdienst
def instelling_wijzigen(
    *, actor: Actor, bewaartermijn_maanden: int, termijnen: dict[str, int], request=None
) -> MeldrouteInstelling:
    _require(actor, "instellingen")
    if not 1 <= bewaartermijn_maanden <= 120:
        raise ValidationError({"bewaartermijn_maanden": _("Kies een bewaartermijn tussen 1 en 120 maanden.")})
    instelling_voor(actor.organisatie)  # the row exists before it is locked
    instelling = MeldrouteInstelling.objects.select_for_update().get(gemeente=actor.organisatie)  # only the actor's own
    instelling.bewaartermijn_maanden = bewaartermijn_maanden
    instelling.termijnen_dagen = {k: int(v) for k, v in termijnen.items() if v}
    instelling.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=instelling,
        object_repr=f"meldroute-instellingen {actor.organisatie}",
        request=request,
        details={"bewaartermijn_maanden": bewaartermijn_maanden},
    )
    return instelling


def bewaartermijnen_handhaven(*, actor, now: datetime | None = None) -> int:
    """Remove signals closed without follow-up once their gemeente's retention period has
    passed. Attachments go with them; the statistics row stays as the tombstone. The planner
    runs it (``actor=SYSTEEM``); every signal is removed in its own write service, so one that
    fails leaves the others removed."""
    _alleen_systeem(actor)
    now = now or timezone.now()
    removed = 0
    instellingen = {i.gemeente_id: i.bewaartermijn_maanden for i in MeldrouteInstelling.objects.all()}
    candidates = Signaal.objects.filter(
        status=Status.AFGESLOTEN, uitkomst__in=[Uitkomst.GEEN_MENSENHANDEL, Uitkomst.ONVOLDOENDE]
    ).select_related("gemeente")
    for signaal in candidates.iterator():
        months = instellingen.get(signaal.gemeente_id, BEWAARTERMIJN_STANDAARD_MAANDEN)
        if signaal.afgesloten_op + timedelta(days=round(months * 30.44)) > now:
            continue
        signaal_vernietigen(actor=actor, signaal=signaal, bewaartermijn_maanden=months, now=now)
        removed += 1
    return removed


def _verlopen_signalen(actor) -> QuerySet[Signaal]:
    """What the retention job may remove: closed without follow-up; for SYSTEEM only."""
    if not is_systeem(actor):
        return Signaal.objects.none()
    return Signaal.objects.filter(
        status=Status.AFGESLOTEN, uitkomst__in=[Uitkomst.GEEN_MENSENHANDEL, Uitkomst.ONVOLDOENDE]
    )


@schrijfdienst
def signaal_vernietigen(*, actor, signaal: Signaal, bewaartermijn_maanden: int, now: datetime) -> None:
    """One signal past its retention period removed with its attachments, audited (planner only)."""
    _alleen_systeem(actor)
    signaal = eigen(signaal, _verlopen_signalen(actor).select_related("gemeente"), lock=True)
    files = [b.bestand.name for b in signaal.bijlagen.all()]
    referentie, pk, gemeente = signaal.referentie, signaal.pk, signaal.gemeente
    SignaalStatistiek.objects.filter(signaal_id=pk).update(verwijderd_op=now)
    signaal.delete()
    audit_log_create(
        actie=Actie.DELETE,
        organisatie=gemeente,
        object_type=OBJECT_TYPE,
        object_id=pk,
        object_repr=referentie,
        doel=_("bewaartermijn verstreken"),
        details={"bijlagen": len(files), "bewaartermijn_maanden": bewaartermijn_maanden},
    )
    storage = Bijlage._meta.get_field("bestand").storage
    transaction.on_commit(lambda files=files, storage=storage: [storage.delete(f) for f in files])


@schrijfdienst
def partnerverzoek_aanmaken(
    *,
    actor: Actor,
    signaal: Signaal,
    partner: Organisatie,
    stap: int,
    gedeeld: str,
    vraag: str,
    deadline: date,
    request=None,
) -> PartnerVerzoek:
    """Share explicitly with a partner (step 4-6) and ask a structured answer. Logged."""
    _require(actor, "behandelen")
    if partner.type not in policy.rules["verzoeken_beantwoorden"].org_types:
        raise ValidationError(
            {"partner": _("Kies een partnerorganisatie (politie, RIEC, zorg- en veiligheidshuis, zorgaanbieder).")}
        )
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("Kies een datum in de toekomst.")})
    if not gedeeld.strip() or not vraag.strip():
        raise ValidationError(_("Vul in wat u deelt en wat u vraagt."))
    s = _open_eigen(actor, signaal, _("Voor een afgesloten signaal kunt u geen partner om terugkoppeling vragen."))
    v = PartnerVerzoek.objects.create(
        signaal=s,
        partner=partner,
        stap=stap,
        gedeeld=gedeeld[:2000],
        vraag=vraag[:500],
        deadline=deadline,
        door=actor.user,
        aangemaakt_op=timezone.now(),
    )
    audit_log_create(
        actie=Actie.EXPORT,
        actor=actor,
        obj=s,
        request=request,
        doel=_("gedeeld met partner voor terugkoppeling"),
        details={"partnerverzoek": v.pk, "partner": partner.naam, "stap": stap},
    )
    transaction.on_commit(lambda: tasks.partnerverzoek_melden.enqueue(v.pk, False))
    return v


@schrijfdienst
def partnerverzoek_beantwoorden(
    *, actor: Actor, verzoek: PartnerVerzoek, opgepakt: str, terugkoppeling: str, request=None
) -> PartnerVerzoek:
    _require(actor, "verzoeken_beantwoorden")
    verzoek = eigen(verzoek, selectors.partnerverzoeken(actor), lock=True)
    if verzoek.stand != PartnerVerzoek.Stand.OPEN:
        raise ValidationError(_("Dit verzoek is al beantwoord of ingetrokken."))
    if opgepakt not in PartnerVerzoek.Opgepakt.values:
        raise ValidationError({"opgepakt": _("Kies een antwoord.")})
    verzoek.opgepakt, verzoek.terugkoppeling = opgepakt, terugkoppeling[:2000]
    verzoek.stand, verzoek.beantwoord_door, verzoek.beantwoord_op = (
        PartnerVerzoek.Stand.BEANTWOORD,
        actor.user,
        timezone.now(),
    )
    verzoek.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        object_type="meldroute.partnerverzoek",
        object_id=verzoek.pk,
        object_repr=f"antwoord op partnerverzoek {verzoek.pk}",
        request=request,
    )
    return verzoek


@schrijfdienst
def partnerverzoeken_herinneren(*, actor, now: datetime | None = None) -> int:
    """Remind partners of open requests due within two days (once per request; the planner,
    ``actor=SYSTEEM``)."""
    _alleen_systeem(actor)
    now = now or timezone.now()
    due = PartnerVerzoek.objects.filter(
        stand=PartnerVerzoek.Stand.OPEN, herinnerd_op=None, deadline__lte=timezone.localdate(now) + timedelta(days=2)
    )
    count = 0
    for v in due.select_for_update():
        PartnerVerzoek.objects.filter(pk=v.pk).update(herinnerd_op=now)
        transaction.on_commit(lambda pk=v.pk: tasks.partnerverzoek_melden.enqueue(pk, True))
        count += 1
    return count
