"""Writes of zorgcoördinatie. Every function is a write service (:mod:`kompas.core.schrijven`):
it checks the policy, fetches the traject, aanmelding, zorgactie, overleg or partner it changes
again through the actor's scope (another organisation's is refused like a missing one), runs
in one durable transaction and writes its audit row there; history (phases, consent) is
appended, never edited. The planner's jobs run as ``SYSTEEM``."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.accounts.actor import Actor
from kompas.accounts.selectors import organisatie_van
from kompas.audit.constants import OVERRIDE_DETAIL, Actie
from kompas.audit.services import audit_log_create
from kompas.core.bestanden import controleer_bijlage
from kompas.core.datums import datum
from kompas.core.fouten import Geweigerd
from kompas.core.schrijven import NietVanU, eigen, is_systeem, schrijfdienst
from kompas.core.tabular import csv_writer, xlsx_rij
from kompas.zorg import selectors, tasks
from kompas.zorg.constants import (
    ACTIE_OVERGANGEN,
    ACTIE_SIGNAAL_DAGEN_STANDAARD,
    AFSLUITVOORWAARDEN,
    EU_LANDEN,
    OPEN_FASEN,
    AanmeldingBron,
    AanmeldingStand,
    AanmeldingToestemming,
    ActieStand,
    Afsluitreden,
    ConsultatieOrganisatie,
    Doelgroep,
    Domein,
    Fase,
    Gender,
    Leeftijdsgroep,
    ToestemmingDoel,
    Verblijfsstatus,
    Vorm,
)
from kompas.zorg.models import (
    Aanmelding,
    ActieUpdate,
    BehandelaarWijziging,
    Clientgegevens,
    Consultatie,
    FaseWijziging,
    JournaalRegel,
    Toestemming,
    Traject,
    TrajectBijlage,
    Werkgebied,
    Zorgactie,
    Zorgoverleg,
    Zorgpartner,
)
from kompas.zorg.policies import ZORGORGANISATIES, ZORGPARTNER_TYPES, may_export, policy
from kompas.zorg.workflow import TRANSITIES, TransitieGeweigerd

if TYPE_CHECKING:
    from kompas.accounts.models import Organisatie

BEWAARTERMIJN_STANDAARD = 24  # months after closing; see docs/zorg.md


def _require(actor: Actor, action: str) -> None:
    if not policy.allows(actor, action):
        raise PermissionDenied


def _eigen(actor: Actor, traject: Traject | int) -> Traject:
    """The traject again through the coordinator's scope (their own organisation's), locked."""
    _require(actor, "coordineren")
    return eigen(traject, selectors.trajecten_voor(actor), lock=True)


class TrajectAfgesloten(Geweigerd):
    """A write to the content of a closed traject: it is read-only until it is reopened."""


def _open(traject: Traject, melding: str) -> Traject:
    """A closed traject is read-only like the meldroute's closed signal: only reopening it (and
    recording a withdrawal of consent) changes it."""
    if not traject.is_open:
        raise TrajectAfgesloten(_("%(melding)s Het traject is afgesloten; heropen het eerst.") % {"melding": melding})
    return traject


def _alleen_systeem(actor) -> None:
    """The planner's jobs act on every organisation at once: only Kompas itself runs them."""
    if not is_systeem(actor):
        raise NietVanU(_("Alleen de planner van Kompas voert dit uit."))


# --- werkgebied -------------------------------------------------------------------------

CBS_CODE = re.compile(r"^GM\d{4}$")


@schrijfdienst
def werkgebied_opslaan(
    *,
    actor: Actor,
    regio=None,
    gemeente_codes: list[str],
    centrumgemeente_code: str,
    fte,
    contact: str = "",
    bewaartermijn_maanden: int = BEWAARTERMIJN_STANDAARD,
    actie_signaal_dagen: int = ACTIE_SIGNAAL_DAGEN_STANDAARD,
    request=None,
) -> Werkgebied:
    _require(actor, "werkgebied")
    if not 1 <= int(bewaartermijn_maanden) <= 120:
        raise ValidationError({"bewaartermijn_maanden": _("Kies een bewaartermijn tussen 1 en 120 maanden.")})
    if not 1 <= int(actie_signaal_dagen) <= 90:
        raise ValidationError({"actie_signaal_dagen": _("Kies een aantal dagen tussen 1 en 90.")})
    codes = sorted({c.strip().upper() for c in gemeente_codes if c.strip()})
    fouten = [c for c in codes if not CBS_CODE.match(c)]
    if fouten:
        raise ValidationError(
            {
                "gemeente_codes": _("Onbekende CBS-code(s): %(codes)s. Gebruik de vorm GM0405.")
                % {"codes": ", ".join(fouten)}
            }
        )
    if regio is None and not codes:
        raise ValidationError(_("Kies een regio of vul de gemeenten van het werkgebied in."))
    centrum = (centrumgemeente_code or "").strip().upper()
    if centrum and not CBS_CODE.match(centrum):
        raise ValidationError({"centrumgemeente_code": _("Gebruik een CBS-code in de vorm GM0405.")})
    try:
        fte = Decimal(str(fte))
    except InvalidOperation as exc:
        raise ValidationError({"fte": _("Vul het aantal fte in als getal, bijvoorbeeld 1,2.")}) from exc
    if not Decimal(0) <= fte <= Decimal(50):
        raise ValidationError({"fte": _("Het aantal fte ligt tussen 0 en 50.")})
    w, _created = Werkgebied.objects.update_or_create(
        zorgorganisatie=actor.organisatie,
        defaults={
            "regio": regio,
            "gemeente_codes": codes,
            "centrumgemeente_code": centrum,
            "fte": fte,
            "contact": contact[:300],
            "bewaartermijn_maanden": int(bewaartermijn_maanden),
            "actie_signaal_dagen": int(actie_signaal_dagen),
        },
    )
    if centrum and centrum not in selectors.werkgebied_gemeenten(w):
        raise ValidationError({"centrumgemeente_code": _("De centrumgemeente hoort zelf bij het werkgebied.")})
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=w,
        request=request,
        details={"regio": regio.pk if regio else None, "gemeenten": len(codes), "fte": str(fte)},
    )
    return w


# --- aanmeldingen -----------------------------------------------------------------------


@schrijfdienst
def aanmelding_maken(
    *,
    actor: Actor,
    zorgorganisatie: Organisatie,
    toelichting: str,
    bron: str = AanmeldingBron.MELDROUTE,
    signaal=None,
    acuut: bool = False,
    request=None,
) -> Aanmelding:
    """A referral to a zorgcoördinatie: by the aandachtsfunctionaris of the signal's own gemeente
    (the meldroute), or by a coordinator entering one for their own organisation (telephone,
    walk-in)."""
    if bron == AanmeldingBron.MELDROUTE:
        _require(actor, "verwijzen")
        if signaal is None:
            raise ValidationError(_("Een doorverwijzing uit de meldroute hoort bij een signaal."))
        # zorg may not import the meldroute: the signal's own model, narrowed to the actor's gemeente
        signaal = eigen(signaal, type(signaal).objects.filter(gemeente=actor.organisatie), lock=True)
    elif bron == AanmeldingBron.FORMULIER:
        _require(actor, "aanmelden")  # a partner's own referral, through partner_aanmelden
    else:
        _require(actor, "coordineren")
        if zorgorganisatie.pk != actor.organisatie.pk:
            raise NietVanU
    if zorgorganisatie.type not in ZORGORGANISATIES or not zorgorganisatie.actief:
        raise ValidationError(_("Verwijs door naar een zorg- en veiligheidshuis of zorgaanbieder met zorgcoördinatie."))
    if not (toelichting or "").strip():
        raise ValidationError(_("Geef een toelichting bij de doorverwijzing."))
    if bron not in AanmeldingBron.values:
        raise ValidationError(_("Onbekende herkomst van de aanmelding."))
    if signaal is not None:  # locked above: one referral at a time
        lopend = selectors.open_aanmelding_voor_signaal(signaal)
        if lopend is not None:
            raise ValidationError(
                _(
                    "Dit signaal is al doorverwezen naar %(org)s en die doorverwijzing loopt nog. "
                    "Trek haar eerst in als u naar een andere zorgcoördinatie wilt verwijzen."
                )
                % {"org": lopend.zorgorganisatie.naam}
            )
    a = Aanmelding.objects.create(
        zorgorganisatie=zorgorganisatie,
        signaal=signaal,
        verwijzer_organisatie=actor.organisatie,
        bron=bron,
        acuut=acuut or bool(signaal and signaal.acuut),
        toelichting=toelichting.strip()[:2000],
        door=actor.user,
        tijdstip=timezone.now(),
    )
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=a,
        request=request,
        details={"naar": zorgorganisatie.naam, "bron": bron, "signaal": signaal.pk if signaal else None},
    )
    transaction.on_commit(lambda: tasks.nieuwe_aanmelding_melden.enqueue(a.pk))
    return a


@schrijfdienst
def aanmelding_intrekken(*, actor: Actor, aanmelding: Aanmelding, reden: str = "", request=None) -> Aanmelding:
    """The referrer withdraws a referral that has not been judged yet."""
    _require(actor, "verwijzen")
    a = _locked_aanmelding(aanmelding, selectors.eigen_verwijzingen(actor))
    a.stand, a.beoordeeld_door, a.beoordeeld_op = AanmeldingStand.INGETROKKEN, actor.user, timezone.now()
    a.afwijsreden = ""
    a.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=a,
        request=request,
        details={"ingetrokken": True, "reden": bool(reden.strip())},
    )
    return a


# the referrals whose referrer is someone else than the coordinator: told when judged
VERWIJZER_BRONNEN = (AanmeldingBron.MELDROUTE, AanmeldingBron.FORMULIER)


@schrijfdienst
def partner_aanmelden(
    *,
    actor: Actor,
    toelichting: str,
    toestemming: str,
    verwijzer_contact: str,
    zorgorganisatie: Organisatie | None = None,
    gemeente_code: str = "",
    vormen=(),
    zonder_toestemming_reden: str = "",
    acuut: bool = False,
    request=None,
) -> Aanmelding:
    """A partner's referrer (politie, gemeente, wijkteam, opvang, zorgaanbieder) refers a
    possible victim through the aanmeldformulier. Without a chosen zorgorganisatie the
    zorgcoördinatie whose werkgebied covers the gemeente of stay gets it. Only what the
    coordinator needs to call back and judge it: the referral itself goes through
    :func:`aanmelding_maken`, exactly like the meldroute's, into the caseload."""
    _require(actor, "aanmelden")
    fouten = {}
    gemeente_code = (gemeente_code or "").strip().upper()
    if gemeente_code and not CBS_CODE.match(gemeente_code):
        fouten["gemeente_code"] = _("Kies de gemeente uit de lijst.")
    if toestemming not in AanmeldingToestemming.values:
        fouten["toestemming"] = _("Geef aan of de persoon van de aanmelding weet en ermee instemt.")
    elif toestemming != AanmeldingToestemming.GEGEVEN and not (zonder_toestemming_reden or "").strip():
        fouten["zonder_toestemming_reden"] = _(
            "Zonder instemming van de persoon: leg uit waarom u toch aanmeldt (bijvoorbeeld acuut gevaar of een "
            "minderjarige)."
        )
    if not (verwijzer_contact or "").strip():
        fouten["verwijzer_contact"] = _("Vul in hoe de zorgcoördinator u kan bereiken (telefoon of e-mail).")
    if not (toelichting or "").strip():
        fouten["toelichting"] = _("Beschrijf kort wat er speelt en wat de persoon nodig heeft.")
    vormen = list(dict.fromkeys(vormen or []))
    if any(v not in Vorm.values for v in vormen):
        fouten["vormen"] = _("Kies de vorm(en) uit de lijst.")
    if zorgorganisatie is None and gemeente_code and not fouten:
        kandidaten = selectors.zorgorganisaties_voor_gemeente(gemeente_code)
        if not kandidaten:
            fouten["zorgorganisatie"] = _(
                "Voor deze gemeente is in Kompas nog geen zorgcoördinatie bekend. Kies zelf de zorgcoördinatie."
            )
        else:
            zorgorganisatie = kandidaten[0]
    if zorgorganisatie is None and not fouten:
        fouten["zorgorganisatie"] = _("Kies de zorgcoördinatie, of de gemeente waar de persoon verblijft.")
    if fouten:
        raise ValidationError(fouten)
    a = aanmelding_maken(
        actor=actor,
        zorgorganisatie=zorgorganisatie,
        toelichting=toelichting,
        bron=AanmeldingBron.FORMULIER,
        acuut=acuut,
        request=request,
    )
    a.vormen, a.gemeente_code, a.toestemming = vormen, gemeente_code, toestemming
    a.zonder_toestemming_reden = (
        "" if toestemming == AanmeldingToestemming.GEGEVEN else zonder_toestemming_reden.strip()[:1000]
    )
    a.verwijzer_contact = verwijzer_contact.strip()[:300]
    a.save(update_fields=["vormen", "gemeente_code", "toestemming", "zonder_toestemming_reden", "verwijzer_contact"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=a,
        request=request,
        details={"aanmeldformulier": True, "toestemming": toestemming, "gemeente": gemeente_code, "vormen": vormen},
    )
    return a


@schrijfdienst
def verwijzing_intrekken(*, actor: Actor, aanmelding: Aanmelding, request=None) -> Aanmelding:
    """The partner's referrer withdraws their own referral before it is judged."""
    _require(actor, "aanmelden")
    a = eigen(aanmelding, selectors.verwijzingen_van(actor), lock=True)
    if a.stand != AanmeldingStand.ONTVANGEN:
        raise ValidationError(
            _("Deze aanmelding is al beoordeeld (%(stand)s) en kan niet meer worden ingetrokken.")
            % {"stand": a.get_stand_display()}
        )
    a.stand, a.beoordeeld_door, a.beoordeeld_op = AanmeldingStand.INGETROKKEN, actor.user, timezone.now()
    a.save(update_fields=["stand", "beoordeeld_door", "beoordeeld_op"])
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=a, request=request, details={"ingetrokken": True})
    return a


def _locked_aanmelding(aanmelding: Aanmelding, scope) -> Aanmelding:
    """The aanmelding again through the actor's ``scope``, locked, and not yet judged."""
    a = eigen(aanmelding, scope, lock=True)
    if a.stand != AanmeldingStand.ONTVANGEN:
        raise ValidationError(_("Deze aanmelding is al beoordeeld (%(stand)s).") % {"stand": a.get_stand_display()})
    return a


def _nieuwe_clientcode(jaar: int) -> str:
    prefix = f"ZC-{jaar}-"
    last = Traject.objects.filter(clientcode__startswith=prefix).aggregate(m=Max("clientcode"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _traject_maken(*, actor: Actor, aanmelding: Aanmelding | None, acuut: bool, reden: str) -> Traject:
    now = timezone.now()
    vormen = (
        aanmelding.signaal.vormen if aanmelding and aanmelding.signaal_id else (aanmelding.vormen if aanmelding else [])
    )
    gemeente_code = (
        aanmelding.signaal.gemeente.cbs_code
        if aanmelding and aanmelding.signaal_id
        else (aanmelding.gemeente_code if aanmelding else "")
    )
    t = Traject.objects.create(
        zorgorganisatie=actor.organisatie,
        aanmelding=aanmelding,
        clientcode=_nieuwe_clientcode(timezone.localdate().year),
        fase=Fase.INTAKE,
        fase_sinds=now,
        acuut=acuut,
        vormen=[v for v in vormen if v in Vorm.values],
        gemeente_code=gemeente_code,
        aangemaakt_op=now,
        behandelaar=actor.user,  # the coordinator who took it
    )
    Clientgegevens.objects.create(traject=t)
    FaseWijziging.objects.create(
        traject=t,
        van="",
        naar=Fase.INTAKE,
        transitie="start",
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=now,
        reden=reden[:2000],
    )
    return t


@schrijfdienst
def aanmelding_accepteren(*, actor: Actor, aanmelding: Aanmelding, request=None) -> Traject:
    _require(actor, "coordineren")
    a = _locked_aanmelding(aanmelding, selectors.aanmeldingen_voor(actor))
    a.stand, a.beoordeeld_door, a.beoordeeld_op = AanmeldingStand.GEACCEPTEERD, actor.user, timezone.now()
    a.save()
    t = _traject_maken(actor=actor, aanmelding=a, acuut=a.acuut, reden=_("Aanmelding geaccepteerd"))
    audit_log_create(
        actie=Actie.UPDATE, actor=actor, obj=a, request=request, details={"geaccepteerd": True, "traject": t.pk}
    )
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=t, request=request)
    if a.bron in VERWIJZER_BRONNEN:
        transaction.on_commit(lambda: tasks.beoordeling_melden.enqueue(a.pk))
    return t


@schrijfdienst
def aanmelding_afwijzen(*, actor: Actor, aanmelding: Aanmelding, reden: str, request=None) -> Aanmelding:
    _require(actor, "coordineren")
    if not (reden or "").strip():
        raise ValidationError({"reden": _("Geef de reden van afwijzen; de verwijzer krijgt die te zien.")})
    a = _locked_aanmelding(aanmelding, selectors.aanmeldingen_voor(actor))
    a.stand, a.afwijsreden = AanmeldingStand.AFGEWEZEN, reden.strip()[:2000]
    a.beoordeeld_door, a.beoordeeld_op = actor.user, timezone.now()
    a.save()
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=a, request=request, details={"afgewezen": True})
    if a.bron in VERWIJZER_BRONNEN:
        transaction.on_commit(lambda: tasks.beoordeling_melden.enqueue(a.pk))
    return a


# --- traject ----------------------------------------------------------------------------


@schrijfdienst
def traject_behandelaar_wijzigen(*, actor: Actor, traject: Traject, behandelaar, request=None) -> Traject:
    """Hand a traject to another zorgcoördinator of the same organisation (or to nobody: "niet
    toegewezen"). Any coordinator of the organisation may do it; the new behandelaar must be a
    zorgcoördinator there too. Audited with who it went from and to."""
    tr = _open(_eigen(actor, traject), _("Een afgesloten traject krijgt geen andere behandelaar."))
    if behandelaar is not None and not selectors.coordinatoren_van(actor).filter(pk=behandelaar.pk).exists():
        raise ValidationError(
            {"behandelaar": _("Kies een zorgcoördinator van uw eigen organisatie, of 'Niet toegewezen'.")}
        )
    van = tr.behandelaar_id
    nieuw = behandelaar.pk if behandelaar is not None else None
    if van == nieuw:
        return tr
    van_repr = str(tr.behandelaar) if van else ""
    tr.behandelaar_id = nieuw
    tr.save(update_fields=["behandelaar"])
    BehandelaarWijziging.objects.create(
        traject=tr,
        van_repr=van_repr,
        naar_repr=str(behandelaar) if behandelaar is not None else "",
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=timezone.now(),
    )
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=tr,
        request=request,
        details={"behandelaar": {"van": van, "naar": nieuw}},
    )
    return tr


@schrijfdienst
def traject_transitie(
    *, actor: Actor, traject: Traject, transitie: str, reden: str, afsluitreden: str = "", voorwaarden=(), request=None
) -> Traject:
    """The only way a traject changes phase. Regular closing needs no strafrechtelijk traject
    and the three conditions of Bijlage 3 confirmed; the other reasons need neither."""
    tr = _eigen(actor, traject)
    t = TRANSITIES.get(transitie)
    if t is None:
        raise TransitieGeweigerd(_("Onbekende stap."))
    if not (reden or "").strip():
        raise TransitieGeweigerd(_("Geef een korte reden of toelichting bij deze stap."))
    if tr.fase not in t.van:
        raise TransitieGeweigerd(
            _("'%(stap)s' kan niet vanuit de fase '%(fase)s'. Mogelijk: %(mogelijk)s.")
            % {
                "stap": t.label,
                "fase": Fase(tr.fase).label,
                "mogelijk": ", ".join(str(x.label) for x in TRANSITIES.values() if tr.fase in x.van),
            }
        )
    now = timezone.now()
    if "afsluitreden" in t.vereist:
        if afsluitreden not in Afsluitreden.values:
            raise TransitieGeweigerd(_("Kies een reden van afsluiten."))
        bevestigd = sorted(set(voorwaarden) & set(AFSLUITVOORWAARDEN))
        if afsluitreden == Afsluitreden.REGULIER:
            if tr.strafrechtelijk_traject:
                raise TransitieGeweigerd(
                    _(
                        "Regulier afsluiten kan niet zolang er een strafrechtelijk traject loopt. Leg eerst vast "
                        "dat het strafrechtelijk traject is beëindigd, of kies een andere reden."
                    )
                )
            ontbreekt = [str(AFSLUITVOORWAARDEN[k]) for k in AFSLUITVOORWAARDEN if k not in bevestigd]
            if ontbreekt:
                raise TransitieGeweigerd(
                    _("Regulier afsluiten kan pas als dit helder is: %(lijst)s.") % {"lijst": "; ".join(ontbreekt)}
                )
        tr.afsluitreden, tr.afsluitvoorwaarden, tr.afgesloten_op = afsluitreden, bevestigd, now
    if t.naam == "heropenen" and tr.geanonimiseerd_op:
        raise TransitieGeweigerd(
            _("Dit traject is na de bewaartermijn geanonimiseerd en kan niet worden heropend. Start een nieuw traject.")
        )
    if t.naam == "heropenen":
        tr.afsluitreden, tr.afsluitvoorwaarden, tr.afgesloten_op = "", [], None
    van = tr.fase
    tr.fase, tr.fase_sinds = t.naar, now
    tr.save()
    FaseWijziging.objects.create(
        traject=tr,
        van=van,
        naar=t.naar,
        transitie=t.naam,
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=now,
        reden=reden.strip()[:2000],
    )
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=tr,
        request=request,
        details={"transitie": t.naam, "van": van, "naar": t.naar, "afsluitreden": tr.afsluitreden},
    )
    return tr


BSN = re.compile(r"^\d{9}$")


def _elfproef(bsn: str) -> bool:
    total = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    return total % 11 == 0


def _normaal(naam: str) -> str:
    return " ".join(naam.lower().split())


def persoonssleutel(naam: str, geboortedatum: str) -> str:
    """Keyed HMAC over name and date of birth: the same person gives the same key, and the
    key reveals nothing without the secret."""
    if not naam.strip() or not geboortedatum:
        return ""
    bericht = f"persoon|{_normaal(naam)}|{geboortedatum}".encode()
    return hmac.new(settings.KOMPAS_PSEUDONIEM_SLEUTEL.encode(), bericht, hashlib.sha256).hexdigest()


def pseudoniem(traject: Traject, gegevens: Clientgegevens | None = None) -> str:
    """The stable pseudonym of the CoMensha report: from the person (name and date of birth)
    when known, so one person is one pseudonym; otherwise from the traject."""
    return pseudoniem_uit_sleutel(traject, gegevens.persoonssleutel if gegevens else "")


def pseudoniem_uit_sleutel(traject: Traject, persoonssleutel: str) -> str:
    sleutel = persoonssleutel or f"traject|{traject.clientcode}"
    return hmac.new(
        settings.KOMPAS_PSEUDONIEM_SLEUTEL.encode(), f"comensha|{sleutel}".encode(), hashlib.sha256
    ).hexdigest()[:20]


LEEFTIJDSGRENZEN = (
    (Leeftijdsgroep.MINDERJARIG, 0, 17),
    (Leeftijdsgroep.JONG, 18, 23),
    (Leeftijdsgroep.VOLWASSEN, 24, 49),
    (Leeftijdsgroep.OUDER, 50, 200),
)


def leeftijdsgroep_van(geboortedatum: date, peildatum: date) -> str:
    """The age group of someone born on ``geboortedatum``, on ``peildatum``."""
    leeftijd = (
        peildatum.year
        - geboortedatum.year
        - ((peildatum.month, peildatum.day) < (geboortedatum.month, geboortedatum.day))
    )
    return next(g for g, van, tot in LEEFTIJDSGRENZEN if van <= leeftijd <= tot)


def _leeftijd_past(traject: Traject, leeftijdsgroep: str, geboortedatum: date | str | None, veld: str) -> None:
    """The age group is the cliënt's age when the traject started (as CoMensha registers it):
    with a known date of birth, a different group is refused with a Dutch message."""
    if not geboortedatum or leeftijdsgroep in ("", Leeftijdsgroep.ONBEKEND):
        return
    if isinstance(geboortedatum, str):
        geboortedatum = date.fromisoformat(geboortedatum)
    start = timezone.localtime(traject.aangemaakt_op).date()
    verwacht = leeftijdsgroep_van(geboortedatum, start)
    if verwacht != leeftijdsgroep:
        raise ValidationError(
            {
                veld: _(
                    "De leeftijdsgroep '%(groep)s' past niet bij de geboortedatum %(datum)s: bij de start van het "
                    "traject hoorde de cliënt bij '%(verwacht)s'. Pas de leeftijdsgroep of de geboortedatum aan."
                )
                % {
                    "groep": Leeftijdsgroep(leeftijdsgroep).label,
                    "datum": datum(geboortedatum),
                    "verwacht": Leeftijdsgroep(verwacht).label,
                }
            }
        )


@schrijfdienst
def traject_gegevens_opslaan(
    *,
    actor: Actor,
    traject: Traject,
    naam: str = "",
    geboortedatum: date | None = None,
    contact: str = "",
    bsn: str = "",
    request=None,
) -> bool:
    """Store the identifying data (encrypted per field). Returns True when an open traject
    of what looks like the same person already exists (compared on the keyed hash only)."""
    traject = _open(_eigen(actor, traject), _("De cliëntgegevens van een afgesloten traject worden niet gewijzigd."))
    vandaag = timezone.localdate()
    if geboortedatum and geboortedatum > vandaag:
        raise ValidationError({"geboortedatum": _("De geboortedatum ligt in de toekomst.")})
    if geboortedatum and geboortedatum.year < vandaag.year - 120:
        raise ValidationError({"geboortedatum": _("Deze geboortedatum kan niet kloppen.")})
    bsn = (bsn or "").strip().replace(".", "").replace(" ", "")
    if bsn and (not BSN.match(bsn) or not _elfproef(bsn)):
        raise ValidationError(
            {
                "bsn": _(
                    "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef). Laat het leeg als er geen BSN is."
                )
            }
        )
    _leeftijd_past(traject, traject.leeftijdsgroep, geboortedatum, "geboortedatum")
    g, _c = Clientgegevens.objects.get_or_create(traject=traject)
    g.naam, g.contact, g.bsn = naam.strip()[:200], contact.strip()[:1000], bsn
    g.geboortedatum = geboortedatum.isoformat() if geboortedatum else ""
    g.persoonssleutel = persoonssleutel(g.naam, g.geboortedatum)
    g.save()
    Traject.objects.filter(pk=traject.pk).update(geboortejaar=geboortedatum.year if geboortedatum else None)
    dubbel = (
        bool(g.persoonssleutel)
        and Clientgegevens.objects.filter(
            persoonssleutel=g.persoonssleutel, traject__fase__in=[f for f in Fase.values if f != Fase.AFGESLOTEN]
        )
        .exclude(traject=traject)
        .exists()
    )
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=traject,
        request=request,
        details={
            "cliëntgegevens": [
                k
                for k, v in (("naam", naam), ("geboortedatum", geboortedatum), ("contact", contact), ("bsn", bsn))
                if v
            ],
            "mogelijk_dubbel": dubbel,
        },
    )
    return dubbel


@schrijfdienst
def traject_kenmerken_opslaan(
    *,
    actor: Actor,
    traject: Traject,
    vormen: list[str],
    leeftijdsgroep: str,
    gender: str,
    nationaliteit: str,
    verblijfsstatus: str,
    gemeente_code: str,
    strafrechtelijk_traject: bool,
    acuut: bool,
    request=None,
) -> Traject:
    traject = _open(_eigen(actor, traject), _("De kenmerken van een afgesloten traject worden niet gewijzigd."))
    nationaliteit = (nationaliteit or "").strip().upper()
    if nationaliteit and not re.match(r"^[A-Z]{2}$", nationaliteit):
        raise ValidationError({"nationaliteit": _("Gebruik de landcode van twee letters, bijvoorbeeld NL, RO of NG.")})
    gemeente_code = (gemeente_code or "").strip().upper()
    if gemeente_code and not CBS_CODE.match(gemeente_code):
        raise ValidationError({"gemeente_code": _("Gebruik een CBS-code in de vorm GM0405.")})
    for waarde, keuzes, veld in (
        (leeftijdsgroep, Leeftijdsgroep, "leeftijdsgroep"),
        (gender, Gender, "gender"),
        (verblijfsstatus, Verblijfsstatus, "verblijfsstatus"),
    ):
        if waarde not in keuzes.values:
            raise ValidationError({veld: _("Kies een van de mogelijkheden.")})
    _leeftijd_past(
        traject,
        leeftijdsgroep,
        getattr(Clientgegevens.objects.filter(traject=traject).first(), "geboortedatum", None),
        "leeftijdsgroep",
    )
    tr = traject
    tr.vormen = [v for v in vormen if v in Vorm.values]
    tr.leeftijdsgroep, tr.gender, tr.nationaliteit = leeftijdsgroep, gender, nationaliteit
    tr.verblijfsstatus, tr.gemeente_code = verblijfsstatus, gemeente_code
    tr.strafrechtelijk_traject, tr.acuut = strafrechtelijk_traject, acuut
    tr.save()
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=tr, request=request, details={"kenmerken": True})
    return tr


B8_BEDENKTIJD_MAX_DAGEN = 92  # the bedenktijd of the B8 regulation is three months


@schrijfdienst
def traject_intake_opslaan(
    *, actor: Actor, traject: Traject, geinformeerd_op: date | None, b8_einddatum: date | None, request=None
) -> Traject:
    """The intake's dates: when the cliënt was informed of rights and duties (verblijfsrecht,
    strafrecht, zorg), and when the B8 bedenktijd ends."""
    traject = _open(_eigen(actor, traject), _("De intake van een afgesloten traject wordt niet gewijzigd."))
    vandaag = timezone.localdate()
    if geinformeerd_op and geinformeerd_op > vandaag:
        raise ValidationError({"geinformeerd_op": _("De datum waarop de cliënt is geïnformeerd ligt in de toekomst.")})
    if geinformeerd_op and geinformeerd_op < timezone.localtime(traject.aangemaakt_op).date() - timedelta(days=31):
        raise ValidationError(
            {"geinformeerd_op": _("Deze datum ligt ruim vóór de start van het traject; controleer haar.")}
        )
    if b8_einddatum and b8_einddatum > vandaag + timedelta(days=B8_BEDENKTIJD_MAX_DAGEN):
        raise ValidationError(
            {"b8_einddatum": _("De bedenktijd duurt ten hoogste drie maanden; deze einddatum ligt te ver weg.")}
        )
    tr = traject
    tr.geinformeerd_op, tr.b8_einddatum = geinformeerd_op, b8_einddatum
    tr.save(update_fields=["geinformeerd_op", "b8_einddatum"])
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=tr, request=request, details={"intake": True})
    return tr


def herkomstgroep(landcode: str) -> str:
    """NL / EU / buiten de EU, derived from the country."""
    if not landcode:
        return ""
    if landcode == "NL":
        return "NL"
    return "EU" if landcode in EU_LANDEN else "buiten EU"


# --- consent ----------------------------------------------------------------------------


@schrijfdienst
def toestemming_vastleggen(
    *,
    actor: Actor,
    traject: Traject,
    doel: str,
    gegeven: bool,
    datum: date,
    organisatie: Organisatie | None = None,
    reikwijdte: str = "",
    request=None,
) -> Toestemming:
    traject = _eigen(actor, traject)
    if gegeven:  # a withdrawal must always be recordable, also after closing
        _open(traject, _("Op een afgesloten traject legt u alleen nog het intrekken van toestemming vast."))
    if doel not in ToestemmingDoel.values:
        raise ValidationError({"doel": _("Kies het doel van de toestemming.")})
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("De datum van de toestemming ligt in de toekomst.")})
    if doel == ToestemmingDoel.DELEN_ORGANISATIE and organisatie is None:
        raise ValidationError({"organisatie": _("Kies met welke organisatie gegevens gedeeld mogen worden.")})
    if doel != ToestemmingDoel.DELEN_ORGANISATIE:
        organisatie = None
    t = Toestemming.objects.create(
        traject=traject,
        doel=doel,
        organisatie=organisatie,
        gegeven=gegeven,
        datum=datum,
        reikwijdte=reikwijdte.strip()[:300],
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=timezone.now(),
    )
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=traject,
        request=request,
        details={"toestemming": doel, "gegeven": gegeven, "organisatie": organisatie.pk if organisatie else None},
    )
    return t


# --- zorgacties -------------------------------------------------------------------------


@schrijfdienst
def zorgactie_aanmaken(
    *,
    actor: Actor,
    traject: Traject,
    domein: str,
    hulpvraag: str,
    partner: Organisatie,
    overdracht: str = "",
    deadline: date | None = None,
    grondslag: str = "",
    zorgoverleg: Zorgoverleg | None = None,
    request=None,
) -> Zorgactie:
    """Hand a hulpvraag to a care partner. Sharing it with that organisation needs the cliënt's
    consent at this moment; without it only a stated legal ground (e.g. acute danger) allows
    it, and that override is flagged in the audit log (the privacy officer's list)."""
    traject = _open(_eigen(actor, traject), _("Een afgesloten traject krijgt geen nieuwe zorgacties."))
    grondslag = (grondslag or "").strip()
    toestemming = selectors.toestemming_geldig(traject, ToestemmingDoel.DELEN_ORGANISATIE, partner)
    if not toestemming and not grondslag:
        raise ValidationError(
            {
                "partner": _(
                    "Er is geen geldige toestemming van de cliënt om gegevens te delen met %(org)s. Leg eerst de "
                    "toestemming vast, of vermeld de wettelijke grondslag om zonder toestemming te delen."
                )
                % {"org": partner.naam}
            }
        )
    if domein not in Domein.values:
        raise ValidationError({"domein": _("Kies een domein.")})
    if not (hulpvraag or "").strip():
        raise ValidationError({"hulpvraag": _("Beschrijf de hulpvraag.")})
    if deadline and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("De deadline ligt in het verleden.")})
    if zorgoverleg is not None and zorgoverleg.traject_id != traject.pk:
        raise ValidationError({"zorgoverleg": _("Dit zorgoverleg hoort bij een ander traject.")})
    now = timezone.now()
    a = Zorgactie.objects.create(
        traject=traject,
        domein=domein,
        hulpvraag=hulpvraag.strip()[:300],
        partner=partner,
        overdracht=overdracht.strip()[:2000],
        deadline=deadline,
        door=actor.user,
        aangemaakt_op=now,
        bijgewerkt_op=now,
        grondslag="" if toestemming else grondslag[:300],
        zorgoverleg=zorgoverleg,
    )
    details = {"traject": traject.pk, "partner": partner.naam, "toestemming": toestemming}
    if not toestemming:
        details[OVERRIDE_SLEUTEL] = grondslag[:300]
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=a,
        request=request,
        details=details,
        doel=_("delen zonder toestemming: %(g)s") % {"g": grondslag[:300]} if not toestemming else "",
    )
    transaction.on_commit(lambda: tasks.nieuwe_zorgactie_melden.enqueue(a.pk))
    return a


OVERRIDE_SLEUTEL = OVERRIDE_DETAIL  # the audit detail that puts a share on the privacy officer's list


def _actie_stand_zetten(*, actor: Actor, actie: Zorgactie, stand: str, toelichting: str, request) -> Zorgactie:
    a = actie  # fetched and locked through the caller's scope
    if stand not in ACTIE_OVERGANGEN.get(a.stand, ()):
        raise ValidationError(
            _("Een zorgactie gaat van '%(van)s' niet naar '%(naar)s'.")
            % {"van": a.get_stand_display(), "naar": ActieStand(stand).label if stand in ActieStand.values else stand}
        )
    van, now = a.stand, timezone.now()
    a.stand, a.bijgewerkt_op, a.stil_gemeld_op = stand, now, None
    a.save(update_fields=["stand", "bijgewerkt_op", "stil_gemeld_op"])
    ActieUpdate.objects.create(
        actie=a,
        van=van,
        naar=stand,
        toelichting=toelichting.strip()[:1000],
        organisatie=actor.organisatie,
        door=actor.user,
        door_repr=str(actor.user),
        tijdstip=now,
    )
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=a,
        request=request,
        details={"van": van, "naar": stand, "toelichting": bool(toelichting.strip())},
    )
    return a


@schrijfdienst
def zorgactie_bijwerken(
    *, actor: Actor, actie: Zorgactie, stand: str, toelichting: str = "", request=None
) -> Zorgactie:
    """The coordinator records a change the partner told her (by telephone, in a zorgoverleg)."""
    _require(actor, "coordineren")
    actie = eigen(actie, selectors.acties_voor_coordinator(actor), lock=True)
    _open(actie.traject, _("De zorgacties van een afgesloten traject worden niet bijgewerkt."))
    return _actie_stand_zetten(actor=actor, actie=actie, stand=stand, toelichting=toelichting, request=request)


@schrijfdienst
def partner_actie_bijwerken(
    *, actor: Actor, actie: Zorgactie, stand: str, toelichting: str = "", request=None
) -> Zorgactie:
    """The care partner updates its own action: gevraagd → gestart → afgerond, or afgewezen
    (with a reason the coordinator reads). Another organisation's action is refused."""
    _require(actor, "partner")
    actie = eigen(actie, selectors.acties_voor_partner(actor), lock=True)
    if actie.traject.fase not in OPEN_FASEN:
        raise TrajectAfgesloten(_("Het traject is afgesloten; deze zorgactie kan niet meer worden bijgewerkt."))
    if stand == ActieStand.AFGEWEZEN and not (toelichting or "").strip():
        raise ValidationError(
            {
                "toelichting": _(
                    "Geef aan waarom uw organisatie deze zorgactie niet oppakt, zodat de zorgcoördinator een "
                    "andere partner kan zoeken."
                )
            }
        )
    return _actie_stand_zetten(actor=actor, actie=actie, stand=stand, toelichting=toelichting or "", request=request)


# --- zorgoverleg -----------------------------------------------------------------------

OVERLEG_MAX_AFSTAND = timedelta(days=366)


def _genodigden_toegestaan(traject: Traject, genodigden) -> None:
    zonder = [
        o.naam for o in genodigden if not selectors.toestemming_geldig(traject, ToestemmingDoel.DELEN_ORGANISATIE, o)
    ]
    if zonder:
        raise ValidationError(
            {
                "genodigden": _(
                    "Er is geen geldige toestemming van de cliënt om gegevens te delen met: %(orgs)s. Leg eerst de "
                    "toestemming vast."
                )
                % {"orgs": ", ".join(zonder)}
            }
        )


@schrijfdienst
def zorgoverleg_plannen(
    *,
    actor: Actor,
    traject: Traject,
    datum,
    agenda: str,
    genodigden,
    locatie: str = "",
    gedeeld: str = "",
    request=None,
) -> Zorgoverleg:
    """Plan a zorgoverleg around one traject. Every invited organisation needs the cliënt's
    consent to share with it at this moment; each gets an invitation without content."""
    traject = _open(_eigen(actor, traject), _("Een afgesloten traject krijgt geen zorgoverleg meer."))
    genodigden = list(genodigden)
    if not genodigden:
        raise ValidationError({"genodigden": _("Nodig ten minste één organisatie uit.")})
    if not (agenda or "").strip():
        raise ValidationError({"agenda": _("Zet de agenda van het overleg erin.")})
    if abs(datum - timezone.now()) > OVERLEG_MAX_AFSTAND:
        raise ValidationError({"datum": _("Kies een datum binnen een jaar van vandaag.")})
    _genodigden_toegestaan(traject, genodigden)
    o = Zorgoverleg.objects.create(
        traject=traject,
        datum=datum,
        locatie=(locatie or "").strip()[:200],
        agenda=agenda.strip()[:2000],
        gedeeld=(gedeeld or "").strip()[:4000],
        door=actor.user,
        aangemaakt_op=timezone.now(),
    )
    o.genodigden.set(genodigden)
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=o,
        request=request,
        details={"traject": traject.pk, "genodigden": [g.pk for g in genodigden], "gedeeld": bool(o.gedeeld)},
    )
    for g in genodigden:
        transaction.on_commit(partial(tasks.zorgoverleg_uitnodiging.enqueue, o.pk, g.pk))
    return o


@schrijfdienst
def zorgoverleg_bijwerken(
    *,
    actor: Actor,
    overleg: Zorgoverleg,
    agenda: str,
    gedeeld: str = "",
    besluiten: str = "",
    locatie: str = "",
    request=None,
) -> Zorgoverleg:
    """The coordinator records the decisions (and may change the agenda or what is shared)."""
    _require(actor, "coordineren")
    o = eigen(overleg, selectors.overleggen_voor(actor), lock=True)
    _open(o.traject, _("Het zorgoverleg van een afgesloten traject wordt niet meer bijgewerkt."))
    if not (agenda or "").strip():
        raise ValidationError({"agenda": _("Zet de agenda van het overleg erin.")})
    o.agenda, o.gedeeld, o.besluiten = (
        agenda.strip()[:2000],
        (gedeeld or "").strip()[:4000],
        (besluiten or "").strip()[:4000],
    )
    o.locatie = (locatie or "").strip()[:200]
    o.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=o,
        request=request,
        details={"gedeeld": bool(o.gedeeld), "besluiten": bool(o.besluiten)},
    )
    return o


# --- journal and attachments -----------------------------------------------------------


@schrijfdienst
def journaal_aanvullen(*, actor: Actor, traject: Traject, tekst: str, request=None) -> JournaalRegel:
    traject = _eigen(actor, traject)
    if traject.geanonimiseerd_op:
        raise ValidationError(_("Dit traject is geanonimiseerd; er komt niets meer bij."))
    _open(traject, _("Het journaal van een afgesloten traject wordt niet meer aangevuld."))
    if not (tekst or "").strip():
        raise ValidationError({"tekst": _("Schrijf de aantekening.")})
    r = JournaalRegel.objects.create(
        traject=traject, tekst=tekst.strip()[:4000], door=actor.user, door_repr=str(actor.user), tijdstip=timezone.now()
    )
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=traject, request=request, details={"journaal": r.pk})
    return r


@schrijfdienst
def bijlage_toevoegen(*, actor: Actor, traject: Traject, upload, request=None) -> TrajectBijlage:
    """An attachment, through the same checks as the meldroute's (type, size, content)."""

    traject = _eigen(actor, traject)
    if traject.geanonimiseerd_op:
        raise ValidationError(_("Dit traject is geanonimiseerd; er komt niets meer bij."))
    _open(traject, _("Een afgesloten traject krijgt geen bijlagen meer."))
    content_type, content = controleer_bijlage(upload)
    b = TrajectBijlage(
        traject=traject,
        naam=(upload.name or "bijlage").rsplit("/", 1)[-1][:200],
        content_type=content_type,
        grootte=len(content),
        door=actor.user,
        tijdstip=timezone.now(),
    )
    b.bestand.save(hashlib.sha256(content).hexdigest()[:16], ContentFile(content), save=False)
    b.save()
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=traject, request=request, details={"bijlage": b.pk})
    return b


# --- zorgnetwerk ------------------------------------------------------------------------

MAX_PLAATSEN = 2000


def _keuzes(waarden, keuzes, veld: str) -> list[str]:
    waarden = list(dict.fromkeys(waarden or []))
    onbekend = [w for w in waarden if w not in keuzes.values]
    if onbekend:
        raise ValidationError({veld: _("Onbekende keuze: %(w)s.") % {"w": ", ".join(onbekend)}})
    return waarden


def _plaatsen(waarde, veld: str) -> int | None:
    if waarde in (None, ""):
        return None
    if not 0 <= int(waarde) <= MAX_PLAATSEN:
        raise ValidationError({veld: _("Vul een aantal plaatsen tussen 0 en %(max)d in.") % {"max": MAX_PLAATSEN}})
    return int(waarde)


@schrijfdienst
def netwerkpartner_opslaan(
    *,
    actor: Actor,
    organisatie: Organisatie,
    vormen=(),
    doelgroepen=(),
    domeinen=(),
    contact: str = "",
    opvangplaatsen=None,
    request=None,
    toevoegen: bool = False,
) -> Zorgpartner:
    """Add a care partner to the zorgnetwerk of the coordinator's werkgebied, or change its
    expertise. The partner's free places are the partner's own to keep up to date.

    ``toevoegen`` is the "add a partner" form: a partner already in this network is refused
    (it is changed on its own page), and one already known from another werkgebied is linked
    with what is known of it kept where the form left a field empty — adding never wipes.
    Without ``toevoegen`` an existing partner is changed only when it is in the coordinator's
    own zorgnetwerk (another werkgebied's partner is refused)."""
    _require(actor, "coordineren")
    w = Werkgebied.objects.filter(zorgorganisatie=actor.organisatie).first()
    if w is None:
        raise ValidationError(_("Leg eerst het werkgebied vast: het zorgnetwerk hoort bij het werkgebied."))
    if organisatie.type not in ZORGPARTNER_TYPES or not organisatie.actief:
        raise ValidationError(
            {
                "organisatie": _(
                    "Kies een actieve zorgaanbieder, opvang, GGD, Veilig Thuis, politie of andere ketenpartner."
                )
            }
        )
    vormen, doelgroepen, domeinen = (
        _keuzes(vormen, Vorm, "vormen"),
        _keuzes(doelgroepen, Doelgroep, "doelgroepen"),
        _keuzes(domeinen, Domein, "domeinen"),
    )
    opvangplaatsen = _plaatsen(opvangplaatsen, "opvangplaatsen")
    p, nieuw = Zorgpartner.objects.select_for_update().get_or_create(organisatie=organisatie)
    if not toevoegen and not nieuw:
        p = eigen(p, selectors.netwerkpartners_voor(actor), lock=True)
    if toevoegen and not nieuw:
        if w.netwerk.filter(pk=p.pk).exists():
            raise ValidationError(
                {
                    "organisatie": _(
                        "%(org)s staat al in het zorgnetwerk; wijzig de expertise op de pagina van de partner."
                    )
                    % {"org": organisatie.naam}
                }
            )
        vormen, doelgroepen, domeinen = vormen or p.vormen, doelgroepen or p.doelgroepen, domeinen or p.domeinen
        contact = contact or p.contact
        opvangplaatsen = p.opvangplaatsen if opvangplaatsen is None else opvangplaatsen
    p.vormen, p.doelgroepen, p.domeinen, p.contact = vormen, doelgroepen, domeinen, (contact or "").strip()[:300]
    p.opvangplaatsen = opvangplaatsen
    if opvangplaatsen is None:
        p.vrije_plaatsen = None
    elif p.vrije_plaatsen is not None and p.vrije_plaatsen > opvangplaatsen:
        p.vrije_plaatsen = opvangplaatsen
    p.save()
    w.netwerk.add(p)
    audit_log_create(
        actie=Actie.CREATE if nieuw else Actie.UPDATE,
        actor=actor,
        obj=p,
        request=request,
        details={"werkgebied": w.pk, "vormen": vormen, "doelgroepen": doelgroepen, "domeinen": domeinen},
    )
    return p


@schrijfdienst
def netwerkpartner_verwijderen(*, actor: Actor, partner: Zorgpartner, request=None) -> None:
    """Take a partner out of the werkgebied's zorgnetwerk (its running actions stay)."""
    _require(actor, "coordineren")
    partner = eigen(partner, selectors.netwerkpartners_voor(actor), lock=True)
    w = selectors.eigen_werkgebied(actor)
    w.netwerk.remove(partner)
    audit_log_create(
        actie=Actie.UPDATE, actor=actor, obj=partner, request=request, details={"werkgebied": w.pk, "uit_netwerk": True}
    )


@schrijfdienst
def capaciteit_bijwerken(
    *, actor: Actor, vrije_plaatsen, opvangplaatsen=None, contact: str | None = None, request=None
) -> Zorgpartner:
    """The care partner keeps its own capacity in opvang (and its contact) up to date."""
    _require(actor, "partner")
    vrij, totaal = _plaatsen(vrije_plaatsen, "vrije_plaatsen"), _plaatsen(opvangplaatsen, "opvangplaatsen")
    if totaal is None and vrij is not None:
        raise ValidationError(
            {
                "opvangplaatsen": _(
                    "Vul het aantal opvangplaatsen in, of laat beide velden leeg als uw organisatie geen opvang biedt."
                )
            }
        )
    if totaal is not None and vrij is None:
        raise ValidationError({"vrije_plaatsen": _("Vul het aantal vrije plaatsen in (0 als alles bezet is).")})
    if totaal is not None and vrij > totaal:
        raise ValidationError(
            {
                "vrije_plaatsen": _("Er kunnen niet meer plaatsen vrij zijn (%(vrij)d) dan er zijn (%(totaal)d).")
                % {"vrij": vrij, "totaal": totaal}
            }
        )
    p = Zorgpartner.objects.select_for_update().filter(organisatie=actor.organisatie).first()
    if p is None:
        raise ValidationError(
            _(
                "Uw organisatie staat nog in geen zorgnetwerk. Vraag de zorgcoördinator van uw regio om haar toe "
                "te voegen."
            )
        )
    p.opvangplaatsen, p.vrije_plaatsen = totaal, vrij
    if contact is not None:
        p.contact = contact.strip()[:300]
    p.capaciteit_bijgewerkt_op, p.capaciteit_bijgewerkt_door = timezone.now(), str(actor.user)
    p.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=p,
        request=request,
        details={"opvangplaatsen": totaal, "vrije_plaatsen": vrij},
    )
    return p


# --- signals of the periodic tasks ------------------------------------------------------


@schrijfdienst
def stille_acties_melden(*, actor, now=None) -> int:
    """Mark the zorgacties that have had no update for their werkgebied's number of days and
    tell the coordinators and the partners concerned (a count and a link, no content). An
    action is reported once until it is updated again. The planner runs it (``SYSTEEM``)."""
    _alleen_systeem(actor)
    now = now or timezone.now()
    acties = selectors.stille_acties(now)
    if not acties:
        return 0
    per_coordinatie: dict[int, list[int]] = {}
    per_partner: dict[int, list[int]] = {}
    for a in acties:
        per_coordinatie.setdefault(a.traject.zorgorganisatie_id, []).append(a.pk)
        per_partner.setdefault(a.partner_id, []).append(a.pk)
    Zorgactie.objects.filter(pk__in=[a.pk for a in acties]).update(stil_gemeld_op=now)
    for org_id, ids in per_coordinatie.items():
        audit_log_create(
            actie=Actie.UPDATE,
            organisatie=organisatie_van(org_id),
            object_type="zorg.zorgactie",
            object_repr=_("signaal: %(n)d zorgacties zonder update") % {"n": len(ids)},
            details={"ids": ids},
        )
    for org_id, ids in per_coordinatie.items():
        transaction.on_commit(partial(tasks.stille_acties_coordinator.enqueue, org_id, len(ids)))
    for org_id, ids in per_partner.items():
        transaction.on_commit(partial(tasks.stille_acties_partner.enqueue, org_id, len(ids)))
    return len(acties)


@schrijfdienst
def b8_herinneringen(*, actor, now=None) -> int:
    """Remind the coordinators of the trajecten whose B8 bedenktijd ends within
    ``selectors.B8_SIGNAAL_DAGEN`` days: once per end date (a new end date reminds again).
    The planner runs it (``SYSTEEM``)."""
    _alleen_systeem(actor)

    vandaag = timezone.localdate(now or timezone.now())
    trajecten = list(
        Traject.objects.filter(
            fase__in=OPEN_FASEN,
            b8_einddatum__gte=vandaag,
            b8_einddatum__lte=vandaag + timedelta(days=selectors.B8_SIGNAAL_DAGEN),
        )
        .filter(Q(b8_herinnerd_voor__isnull=True) | ~Q(b8_herinnerd_voor=F("b8_einddatum")))
        .values_list("pk", "zorgorganisatie_id")
    )
    per_org: dict[int, list[int]] = {}
    for pk, org_id in trajecten:
        per_org.setdefault(org_id, []).append(pk)
    Traject.objects.filter(pk__in=[pk for pk, _o in trajecten]).update(b8_herinnerd_voor=F("b8_einddatum"))
    for org_id, ids in per_org.items():
        audit_log_create(
            actie=Actie.UPDATE,
            organisatie=organisatie_van(org_id),
            object_type="zorg.traject",
            object_repr=_("herinnering: bedenktijd eindigt bij %(n)d trajecten") % {"n": len(ids)},
            details={"ids": ids},
        )
        transaction.on_commit(partial(tasks.b8_herinnering.enqueue, org_id, len(ids)))
    return len(trajecten)


# --- informatie en advies ----------------------------------------------------------------


@schrijfdienst
def consultatie_vastleggen(
    *, actor: Actor, datum: date, organisatie_type: str, onderwerp: str, minuten: int, request=None
) -> Consultatie:
    _require(actor, "coordineren")
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("De datum ligt in de toekomst.")})
    if organisatie_type not in ConsultatieOrganisatie.values:
        raise ValidationError({"organisatie_type": _("Kies de soort organisatie.")})
    if not (onderwerp or "").strip():
        raise ValidationError({"onderwerp": _("Vermeld het onderwerp (zonder persoonsgegevens).")})
    if not 1 <= int(minuten) <= 600:
        raise ValidationError({"minuten": _("De duur ligt tussen 1 en 600 minuten.")})
    c = Consultatie.objects.create(
        zorgorganisatie=actor.organisatie,
        datum=datum,
        organisatie_type=organisatie_type,
        onderwerp=onderwerp.strip()[:200],
        minuten=int(minuten),
        door=actor.user,
    )
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=c, request=request)
    return c


# --- CoMensha ---------------------------------------------------------------------------

COMENSHA_KOLOMMEN = [
    "pseudoniem",
    "geboortejaar",
    "aangemeld_maand",
    "afgesloten_maand",
    "vormen",
    "leeftijdsgroep",
    "gender",
    "nationaliteit",
    "herkomst",
    "werkgebied",
    "fase",
    "afsluitreden",
    "identificerend_toegestaan",
    "naam",
    "geboortedatum",
]


def _maand(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m") if dt else ""


def _laatste_toestemming(traject_ids: list[int], doel: str) -> set[int]:
    """The trajecten whose latest consent event for ``doel`` gives consent (as
    :func:`selectors.toestemming_geldig`), for many trajecten in a few queries."""
    laatste: dict[int, bool] = {}
    for i in range(0, len(traject_ids), EXPORT_BLOK):
        for tid, gegeven in (
            Toestemming.objects.filter(traject_id__in=traject_ids[i : i + EXPORT_BLOK], doel=doel)
            .order_by("traject_id", "datum", "tijdstip", "id")
            .values_list("traject_id", "gegeven")
        ):
            laatste[tid] = gegeven
    return {tid for tid, gegeven in laatste.items() if gegeven}


EXPORT_BLOK = 2000  # ids per query: SQLite limits the parameters of one statement


def comensha_rijen(trajecten) -> list[dict]:
    """One pseudonymised row per traject; identifying fields only where consent is recorded.
    Consent and the encrypted name and date of birth are read in bulk, and decrypted only for
    the trajecten with consent (the national set has tens of thousands of rows)."""
    ids = [t.pk for t in trajecten]
    toegestaan_ids = _laatste_toestemming(ids, ToestemmingDoel.COMENSHA_IDENTIFICEREND)
    identificerend: dict[int, tuple[str, str]] = {}
    met_toestemming = sorted(toegestaan_ids)
    for i in range(0, len(met_toestemming), EXPORT_BLOK):
        for g in Clientgegevens.objects.filter(traject_id__in=met_toestemming[i : i + EXPORT_BLOK]).only(
            "traject_id", "naam", "geboortedatum"
        ):
            identificerend[g.traject_id] = (g.naam or "", g.geboortedatum or "")
    sleutels: dict[int, str] = {}
    for i in range(0, len(ids), EXPORT_BLOK):
        sleutels.update(
            Clientgegevens.objects.filter(traject_id__in=ids[i : i + EXPORT_BLOK]).values_list(
                "traject_id", "persoonssleutel"
            )
        )
    rijen = []
    for t in trajecten:
        toegestaan = t.pk in toegestaan_ids
        naam, geboortedatum = identificerend.get(t.pk, ("", "")) if toegestaan else ("", "")
        rijen.append(
            {
                "pseudoniem": t.pseudoniem_bewaard or pseudoniem_uit_sleutel(t, sleutels.get(t.pk, "")),
                "geboortejaar": str(t.geboortejaar or ""),
                "aangemeld_maand": _maand(t.aanmelding.tijdstip if t.aanmelding_id else t.aangemaakt_op),
                "afgesloten_maand": _maand(t.afgesloten_op),
                "vormen": "+".join(t.vormen),
                "leeftijdsgroep": t.leeftijdsgroep,
                "gender": t.gender,
                "nationaliteit": t.nationaliteit,
                "herkomst": herkomstgroep(t.nationaliteit),
                "werkgebied": t.zorgorganisatie.naam,
                "fase": t.fase,
                "afsluitreden": t.afsluitreden,
                "identificerend_toegestaan": "ja" if toegestaan else "nee",
                "naam": naam,
                "geboortedatum": geboortedatum,
            }
        )
    return rijen


def bewaartermijnen_handhaven(*, actor, now=None) -> int:
    """Anonymise closed trajecten once their organisation's retention period has passed: the
    identifying record, consent events, free texts and the link to the signal go; the
    non-identifying kenmerken, the birth year and the pseudonym stay, so every figure and the
    CoMensha rows (without identifying fields) are identical before and after. The planner
    runs it (``SYSTEEM``); each traject in its own write service, so one that fails leaves the
    others done."""
    _alleen_systeem(actor)
    now = now or timezone.now()
    termijnen = dict(Werkgebied.objects.values_list("zorgorganisatie_id", "bewaartermijn_maanden"))
    aantal = 0
    for t in _verlopen_trajecten(actor).select_related("zorgorganisatie").iterator():
        maanden = termijnen.get(t.zorgorganisatie_id, BEWAARTERMIJN_STANDAARD)
        if t.afgesloten_op + timedelta(days=round(maanden * 30.44)) > now:
            continue
        traject_anonimiseren(actor=actor, traject=t, bewaartermijn_maanden=maanden, now=now)
        aantal += 1
    return aantal


def _verlopen_trajecten(actor):
    """What the retention job may anonymise: closed and not yet anonymised; for SYSTEEM only."""
    if not is_systeem(actor):
        return Traject.objects.none()
    return Traject.objects.filter(fase=Fase.AFGESLOTEN, geanonimiseerd_op__isnull=True, afgesloten_op__isnull=False)


@schrijfdienst
def traject_anonimiseren(*, actor, traject: Traject, bewaartermijn_maanden: int, now) -> Traject:
    """One closed traject past its retention period anonymised, audited (planner only)."""
    _alleen_systeem(actor)
    t = eigen(traject, _verlopen_trajecten(actor).select_related("zorgorganisatie"), lock=True)
    g = Clientgegevens.objects.filter(traject=t).first()
    t.pseudoniem_bewaard = pseudoniem(t, g)
    t.geanonimiseerd_op = now
    t.save(update_fields=["pseudoniem_bewaard", "geanonimiseerd_op"])
    Clientgegevens.objects.filter(traject=t).delete()
    Toestemming.objects.filter(traject=t).delete()
    FaseWijziging.objects.filter(traject=t).update(reden="", door=None, door_repr="")
    Zorgactie.objects.filter(traject=t).update(hulpvraag="", overdracht="", door=None, grondslag="")
    ActieUpdate.objects.filter(actie__traject=t).delete()
    JournaalRegel.objects.filter(traject=t).delete()
    Zorgoverleg.objects.filter(traject=t).update(agenda="", gedeeld="", besluiten="", locatie="", door=None)
    for b in TrajectBijlage.objects.filter(traject=t):
        transaction.on_commit(partial(b.bestand.storage.delete, b.bestand.name))
    TrajectBijlage.objects.filter(traject=t).delete()
    Aanmelding.objects.filter(traject=t).update(toelichting="", afwijsreden="", signaal=None, door=None)
    audit_log_create(
        actie=Actie.DELETE,
        organisatie=t.zorgorganisatie,
        obj=t,
        object_repr=t.clientcode,
        doel=_("bewaartermijn verstreken: geanonimiseerd"),
        details={"bewaartermijn_maanden": bewaartermijn_maanden},
    )
    return t


def _comensha_rijen_geaudit(*, actor: Actor, doel: str, formaat: str, request=None) -> list[dict]:
    if not may_export(actor):
        raise PermissionDenied
    doel = "".join(c for c in (doel or "") if c.isprintable())
    if not doel.strip():
        raise ValidationError({"doel": _("Vermeld het doel van de export.")})
    trajecten = list(selectors.export_trajecten(actor))
    rijen = comensha_rijen(trajecten)
    audit_log_create(
        actie=Actie.EXPORT,
        actor=actor,
        object_type="zorg.traject",
        object_repr=_("CoMensha-rapportage (%(n)d trajecten)") % {"n": len(rijen)},
        doel=doel.strip(),
        request=request,
        details={
            "ids": [t.pk for t in trajecten],
            "formaat": formaat,
            "identificerend": sum(r["identificerend_toegestaan"] == "ja" for r in rijen),
        },
    )
    return rijen


def comensha_export(*, actor: Actor, doel: str, request=None) -> str:
    """The CoMensha report as CSV, audited with its purpose."""
    rijen = _comensha_rijen_geaudit(actor=actor, doel=doel, formaat="csv", request=request)
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # a name starting with '=' stays text in a spreadsheet
    writer.writerow(COMENSHA_KOLOMMEN)
    writer.writerows([r[k] for k in COMENSHA_KOLOMMEN] for r in rijen)
    return buffer.getvalue()


def comensha_rijen_api(*, actor: Actor, doel: str, request=None) -> list[dict]:
    """The same report for the API, audited with its purpose."""
    return _comensha_rijen_geaudit(actor=actor, doel=doel, formaat="api", request=request)


def comensha_export_xlsx(*, actor: Actor, doel: str, request=None) -> bytes:
    """The same report as an XLSX workbook, audited with its purpose."""
    from openpyxl import Workbook

    rijen = _comensha_rijen_geaudit(actor=actor, doel=doel, formaat="xlsx", request=request)
    wb = Workbook()
    ws = wb.active
    ws.title = "CoMensha"
    xlsx_rij(ws, COMENSHA_KOLOMMEN)
    for r in rijen:
        xlsx_rij(ws, [r[k] for k in COMENSHA_KOLOMMEN])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
