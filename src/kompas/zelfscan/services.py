"""Writes of the zelfscan: start (from the previous answers), save as draft, complete, the
same scan for every gemeente of a region, and the documents (beleidsplan DOCX, result PDF)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from kompas.accounts.constants import OrganisatieType
from kompas.accounts.selectors import organisatie_ids_per_code
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.bouwstenen import Bouwsteen
from kompas.core.schrijven import NietVanU, eigen, schrijfdienst
from kompas.regio.selectors import inwoners_van
from kompas.zelfscan.definitie import ANTWOORDEN, ITEMS
from kompas.zelfscan.documenten import beleidsplan_docx
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.policies import policy
from kompas.zelfscan.scoring import Profiel
from kompas.zelfscan.selectors import (
    codes_wijzigbaar,
    gemeente_code,
    profiel_voor,
    scans_wijzigbaar,
    van_gemeenten,
    zelfde_gemeente,
)

GELDIG = {code for code, _label in ANTWOORDEN}


def _schoon(antwoorden: dict) -> dict:
    return {i.code: antwoorden[i.code] for i in ITEMS if antwoorden.get(i.code) in GELDIG}


@schrijfdienst
def scan_starten(*, cbs_code: str, gemeente_naam: str, actor, regionaal: bool = False) -> Zelfscan:
    """A new draft, prefilled with the answers of the latest completed scan (so a later scan
    only needs what changed). Only for the actor's own gemeente (or, regional, its region's)."""
    if cbs_code not in codes_wijzigbaar(actor, regionaal=regionaal):
        raise NietVanU()
    # the own gemeente: codes_wijzigbaar allows only the actor's organisation's code
    organisatie_id = organisatie_ids_per_code([cbs_code]).get(cbs_code) if regionaal else actor.organisatie.pk
    scan = Zelfscan(cbs_code=cbs_code, organisatie_id=organisatie_id)
    vorige = (
        Zelfscan.objects.filter(zelfde_gemeente(scan), status=Zelfscan.Status.AFGEROND).order_by("-afgerond_op").first()
    )
    scan = Zelfscan.objects.create(
        cbs_code=cbs_code,
        organisatie_id=organisatie_id,
        gemeente_naam=gemeente_naam,
        antwoorden=dict(vorige.antwoorden) if vorige else {},
        door=getattr(actor, "user", None),
        regionaal=regionaal,
    )
    audit_log_create(actie=Actie.CREATE, actor=actor, obj=scan)
    return scan


def _ontbrekend(antwoorden: dict) -> list[str]:
    return [f"Beantwoord ook: {i.vraag}" for i in ITEMS if i.code not in antwoorden]


@schrijfdienst
def opslaan(*, scan: Zelfscan, antwoorden: dict, toelichting: str = "", afronden: bool = False, actor) -> Zelfscan:
    """Save the answers; to complete, every statement must be answered. Answers are saved
    even when completing fails, so nothing given is lost: the scan then stays a draft and
    ``scan.ontbrekend`` lists, in Dutch, what is still to be answered (empty when complete)."""
    scan = eigen(scan, scans_wijzigbaar(actor), lock=True)
    if scan.status == Zelfscan.Status.AFGEROND:
        raise ValidationError("Deze zelfscan is al afgerond; start een nieuwe om wijzigingen vast te leggen.")
    scan.antwoorden = _schoon(antwoorden)
    scan.toelichting = toelichting.strip()[:5000]
    scan.ontbrekend = _ontbrekend(scan.antwoorden) if afronden else []
    if afronden and not scan.ontbrekend:
        scan.status = Zelfscan.Status.AFGEROND
        scan.afgerond_op = timezone.now()
    scan.save()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=scan,
        details={"afgerond": scan.status == Zelfscan.Status.AFGEROND, "afronden_gevraagd": afronden},
    )
    return scan


@schrijfdienst
def stap_opslaan(*, scan: Zelfscan, bouwsteen: str, antwoorden: dict, actor) -> Zelfscan:
    """Save one step of the scan: the answers to the statements of one bouwsteen. The other
    steps' answers stay as they are, also when a colleague saved one meanwhile (the row is
    locked and read afresh)."""

    if bouwsteen not in Bouwsteen.values:
        raise ValidationError("Deze stap bestaat niet.")
    codes = {i.code for i in ITEMS if i.bouwsteen == bouwsteen}
    vers = eigen(scan, scans_wijzigbaar(actor), lock=True)
    if vers.status == Zelfscan.Status.AFGEROND:
        raise ValidationError("Deze zelfscan is al afgerond; start een nieuwe om wijzigingen vast te leggen.")
    nieuw = {k: v for k, v in vers.antwoorden.items() if k not in codes}
    nieuw.update({c: antwoorden[c] for c in codes if antwoorden.get(c) in GELDIG})
    vers.antwoorden = _schoon(nieuw)
    vers.save(update_fields=["antwoorden", "bijgewerkt_op"])
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=vers, details={"stap": bouwsteen})
    if isinstance(scan, Zelfscan):
        scan.antwoorden = vers.antwoorden
    return vers


@schrijfdienst
def afronden(*, scan: Zelfscan, toelichting: str = "", afronden: bool = True, actor) -> Zelfscan:
    """The summary's buttons: save the note and, when asked, complete the scan with the answers
    saved per step (every statement must be answered; the note is kept either way, and
    ``ontbrekend`` on the returned scan says what is missing)."""
    vers = eigen(scan, scans_wijzigbaar(actor), lock=True)
    return opslaan(scan=vers, antwoorden=vers.antwoorden, toelichting=toelichting, afronden=afronden, actor=actor)


@schrijfdienst
def regio_scannen(*, actor, gemeenten: list[tuple[str, str]], antwoorden: dict, afronden: bool) -> list[Zelfscan]:
    """A ketenregisseur answers once for every gemeente of the region: one scan each. If
    completing fails, every scan keeps the answers as a draft (each with ``ontbrekend``)."""
    toegestaan = codes_wijzigbaar(actor, regionaal=True)
    if not gemeenten or any(code not in toegestaan for code, _naam in gemeenten):
        raise NietVanU()
    ontbrekend = _ontbrekend(_schoon(antwoorden)) if afronden else []
    uit = []
    for code, naam in gemeenten:
        scan = Zelfscan.objects.filter(
            van_gemeenten([code]), status=Zelfscan.Status.CONCEPT, regionaal=True
        ).first() or scan_starten(cbs_code=code, gemeente_naam=naam, actor=actor, regionaal=True)
        scan = opslaan(scan=scan, antwoorden=antwoorden, afronden=afronden and not ontbrekend, actor=actor)
        scan.ontbrekend = ontbrekend
        uit.append(scan)
    return uit


def evaluatiedatum(vanaf: date) -> date:
    try:
        return vanaf.replace(year=vanaf.year + 2)
    except ValueError:  # 29 February
        return vanaf.replace(year=vanaf.year + 2, day=28)


@schrijfdienst
def beleidsplan_maken(*, scan: Zelfscan, actor) -> bytes:
    scan = eigen(scan, scans_wijzigbaar(actor), lock=True)
    if scan.status != Zelfscan.Status.AFGEROND:
        raise ValidationError("Rond de zelfscan eerst af; het beleidsplan bouwt op de antwoorden.")
    scan.evaluatie_op = evaluatiedatum(timezone.localdate())
    scan.save(update_fields=["evaluatie_op"])
    inhoud = beleidsplan_docx(scan, profiel_voor(gemeente_code(scan)))
    audit_log_create(actie=Actie.EXPORT, actor=actor, obj=scan, object_repr=f"beleidsplan {scan.gemeente_naam}")
    return inhoud


@schrijfdienst
def regio_beleidsplan_maken(*, actor, regio, gemeenten: list[tuple[str, str]]) -> bytes:
    """A regional plan from the latest completed regional scan (the answers the ketenregisseur
    gave for all gemeenten), with the region's population from the reference data. Only the
    actor's own region and its gemeenten."""
    toegestaan = codes_wijzigbaar(actor, regionaal=True)
    eigen_regio = getattr(getattr(actor, "organisatie", None), "regio_id", None)
    if (
        not policy.allows(actor, "regio")
        or regio is None
        or regio.pk != eigen_regio
        or any(c not in toegestaan for c, _n in gemeenten)
    ):
        raise NietVanU()
    codes = [c for c, _n in gemeenten]
    van_regio = van_gemeenten(codes)
    scan = (
        Zelfscan.objects.filter(van_regio, regionaal=True, status=Zelfscan.Status.AFGEROND)
        .order_by("-afgerond_op")
        .first()
    )
    if scan is None:
        raise ValidationError(
            "Rond eerst een zelfscan voor de hele regio af; het regionale plan bouwt op die antwoorden."
        )
    inwoners = inwoners_van(codes)
    evaluatie = evaluatiedatum(timezone.localdate())
    laatste = {}
    for s in (
        Zelfscan.objects.filter(van_regio, regionaal=True, status=Zelfscan.Status.AFGEROND)
        .select_related("organisatie")
        .order_by("afgerond_op")
    ):
        laatste[gemeente_code(s)] = s.pk
    Zelfscan.objects.filter(pk__in=laatste.values()).update(evaluatie_op=evaluatie)
    scan.evaluatie_op = evaluatie
    inhoud = beleidsplan_docx(
        scan, Profiel(naam=f"regio {regio.naam}", inwoners=inwoners or None, zvh_regio=regio.naam)
    )
    audit_log_create(actie=Actie.EXPORT, actor=actor, obj=regio, object_repr=f"regionaal beleidsplan {regio.naam}")
    return inhoud


def organisatie_koppelen(organisatie) -> int:
    """Point the scans of ``organisatie``'s gemeente that have no organisation yet (regional scans
    made before it had an account) at it. Scans already pointing at another organisation stay
    with it, also when that one's former code is now this one's. Called when an organisation is
    saved (see :mod:`kompas.zelfscan.apps`); returns the number of scans linked."""
    if organisatie.type != OrganisatieType.GEMEENTE or not organisatie.cbs_code or not organisatie.actief:
        return 0
    return Zelfscan.objects.filter(organisatie__isnull=True, cbs_code=organisatie.cbs_code).update(
        organisatie=organisatie
    )


def bij_organisatie_opgeslagen(sender, instance, raw=False, **kwargs) -> None:
    """post_save of accounts.Organisatie (connected in this app's ``ready``); not while loading fixtures."""
    if not raw:
        organisatie_koppelen(instance)
