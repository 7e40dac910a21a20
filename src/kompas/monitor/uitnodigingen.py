"""Invitations of a wave: who is asked, their contact address, the personal link, the
mails (through the task worker), bounce and opt-out marks and the progress figures."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.schrijven import NietVanU, eigen, schrijfdienst
from kompas.core.tabular import TabelFout, controleer_grootte, lees_csv, lees_tekst
from kompas.monitor import deelnemers
from kompas.monitor.analyse import organisaties
from kompas.monitor.eigendom import (
    Respondent,
    metingen_beheerd,
    uitnodiging_van_respondent,
    uitnodigingen_beheerd,
    vereis_beheer,
)
from kompas.monitor.models import Inzending, InzendingOrganisatie, Meting, Uitnodiging
from kompas.monitor.opschoning import opgeschoond
from kompas.monitor.respons import organisaties_van_jaar, organisatiestatus, uitgenodigde_set
from kompas.monitor.services import MonitorFout
from kompas.monitor.tasks import uitnodiging_mailen


def _geldig_adres(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


@schrijfdienst
def uitnodigingen_aanmaken(*, meting: Meting, actor) -> int:
    """Prepare an invitation for every gemeente of the wave's year and every zorg- en
    veiligheidshuis of that year (per the questionnaires of the wave). Invited are only those
    the mail is actually sent to (:func:`uitnodigingen_versturen`); who has no contact address
    stays "niet uitgenodigd — geen contactgegevens" until one is added. Idempotent; returns the
    number of new invitations."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    bestaand = set(Uitnodiging.objects.filter(meting=meting).values_list("vragenlijst_id", "organisatie_code"))
    nieuw = []
    for lijst in meting.vragenlijsten.all():
        orgs = organisaties_van_jaar(meting.jaar, lijst.doelgroep).items()
        nieuw += [
            Uitnodiging(meting=meting, vragenlijst=lijst, organisatie_code=c, organisatie_naam=n)
            for c, n in orgs
            if (lijst.pk, c) not in bestaand
        ]
    if not nieuw:
        return 0
    deelnemers.uitnodigingen_koppelen(nieuw, meting.jaar)
    Uitnodiging.objects.bulk_create(nieuw)
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=meting,
        object_repr=f"uitnodigingen {meting.code}",
        details={"nieuw": len(nieuw)},
    )
    return len(nieuw)


@dataclass
class LijstVerslag:
    regels_gelezen: int = 0
    uitgenodigd: dict[str, int] = field(default_factory=dict)  # questionnaire code → invited
    onbekend: list[tuple[int, str]] = field(default_factory=list)  # (line, code)

    def regels(self) -> list[str]:
        out = [
            f"{self.regels_gelezen} {'code' if self.regels_gelezen == 1 else 'codes'} gelezen; "
            + (
                "; ".join(
                    f"{code}: {n} {'organisatie' if n == 1 else 'organisaties'} uitgenodigd"
                    for code, n in self.uitgenodigd.items()
                )
                or "niemand uitgenodigd"
            )
            + f"; {len(self.onbekend)} onbekend."
        ]
        return out + [f"  regel {r}: {code} is geen organisatie van deze meting" for r, code in self.onbekend]


def _codes_uit_bestand(inhoud: bytes) -> list[tuple[int, str]]:
    """Organisation codes, one per line (text), or the column ``organisatie`` (or the first
    column) of a CSV; a header line and empty lines are skipped."""
    try:
        controleer_grootte(len(inhoud))
        tekst = lees_tekst(inhoud)
    except TabelFout as exc:
        raise MonitorFout(str(exc)) from exc
    regels = tekst.splitlines()
    kop = [k.strip().strip('"').lower() for k in re.split(r"[;,\t]", regels[0])] if regels else []
    kolom = kop.index("organisatie") if "organisatie" in kop else 0
    begin = 1 if kop and kop[kolom] in ("organisatie", "code", "organisatie_code", "cbs_code") else 0
    uit = []
    for nummer, regel in enumerate(regels[begin:], start=begin + 1):
        velden = re.split(r"[;,\t]", regel)
        code = (velden[kolom] if kolom < len(velden) else "").strip().strip('"').upper()
        if code:
            uit.append((nummer, code))
    return uit


@schrijfdienst
def uitgenodigden_importeren(*, meting: Meting, inhoud: bytes, actor) -> LijstVerslag:
    """For a wave that ran in another tool: the list of invited organisations (codes such as
    GM0363 or a ZVH code). The list replaces the invited set of each questionnaire it names an
    organisation of; unknown codes are reported and change nothing."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    codes = _codes_uit_bestand(inhoud)
    if not codes:
        raise MonitorFout("Het bestand bevat geen organisatiecodes.")
    lijsten = list(meting.vragenlijsten.all())
    populatie = {lijst.pk: organisaties_van_jaar(meting.jaar, lijst.doelgroep) for lijst in lijsten}
    verslag = LijstVerslag(regels_gelezen=len(codes))
    gekozen: dict[int, set[str]] = {}
    for nummer, code in codes:
        lijst = next((lijst for lijst in lijsten if code in populatie[lijst.pk]), None)
        if lijst is None:
            verslag.onbekend.append((nummer, code))
        else:
            gekozen.setdefault(lijst.pk, set()).add(code)
    for lijst in lijsten:
        if lijst.pk not in gekozen:
            continue
        wel = gekozen[lijst.pk]
        bestaand = {u.organisatie_code: u for u in Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst)}
        # every organisation of the year gets a row, so the page lists who was not invited and why
        rijen = [
            Uitnodiging(
                meting=meting, vragenlijst=lijst, organisatie_code=c, organisatie_naam=naam, buiten_kompas=c in wel
            )
            for c, naam in sorted(populatie[lijst.pk].items())
            if c not in bestaand
        ]
        deelnemers.uitnodigingen_koppelen(rijen, meting.jaar)
        Uitnodiging.objects.bulk_create(rijen)
        Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst, organisatie_code__in=wel).update(
            buiten_kompas=True
        )
        Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst).exclude(organisatie_code__in=wel).update(
            buiten_kompas=False
        )
        verslag.uitgenodigd[lijst.code] = len(wel)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"lijst uitgenodigden {meting.code}",
        details={"uitgenodigd": verslag.uitgenodigd, "onbekend": len(verslag.onbekend)},
    )
    return verslag


@dataclass
class ContactVerslag:
    rijen: int = 0
    bijgewerkt: int = 0
    fouten: list[tuple[int, str]] | None = None

    def regels(self) -> list[str]:
        out = [
            (
                f"{self.rijen} {'rij' if self.rijen == 1 else 'rijen'}, {self.bijgewerkt} "
                f"{'adres' if self.bijgewerkt == 1 else 'adressen'} bijgewerkt, {len(self.fouten or [])} niet "
                "verwerkt."
            )
        ]
        return out + [f"  rij {r}: {reden}" for r, reden in self.fouten or []]


@schrijfdienst
def contacten_importeren(*, meting: Meting, inhoud: bytes, actor) -> ContactVerslag:
    """CSV with columns ``organisatie`` and ``email``: sets the contact address of each invitation."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    try:
        controleer_grootte(len(inhoud))
        tabel = lees_csv(lees_tekst(inhoud))
        if not {"organisatie", "email"} <= set(tabel.kolommen):
            raise MonitorFout("Kolom(men) ontbreken: verwacht 'organisatie' en 'email'.")
        rijen = list(tabel.rijen)
    except TabelFout as exc:
        raise MonitorFout(str(exc)) from exc
    if not rijen:
        raise MonitorFout("Het bestand bevat geen gegevensregels.")
    per_code = defaultdict(list)
    for u in Uitnodiging.objects.filter(meting=meting):
        per_code[u.organisatie_code].append(u)
    verslag = ContactVerslag(rijen=len(rijen), fouten=[])
    gewijzigd = []
    for regel in rijen:
        nummer, rij = regel.regel, regel.waarden
        code, email = rij["organisatie"].strip().upper(), rij["email"].strip()
        if regel.fout:
            verslag.fouten.append((nummer, regel.fout))
        elif code not in per_code:
            verslag.fouten.append((nummer, f"organisatie {code or '(leeg)'} is niet uitgenodigd voor deze meting"))
        elif not _geldig_adres(email):
            verslag.fouten.append((nummer, f"'{email}' is geen geldig e-mailadres"))
        else:
            for u in per_code[code]:
                if u.email != email:
                    u.email, u.onbestelbaar_op = email, None
                    gewijzigd.append(u)
    Uitnodiging.objects.bulk_update(gewijzigd, ["email", "onbestelbaar_op"])
    verslag.bijgewerkt = len(gewijzigd)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"contactadressen {meting.code}",
        details={"bijgewerkt": len(gewijzigd)},
    )
    return verslag


@schrijfdienst
def contact_toevoegen(*, uitnodiging: Uitnodiging, email: str, actor) -> None:
    """Give one organisation that was not invited for lack of an address its address, so the
    next 'versturen' invites it after all."""
    uitnodiging = eigen(uitnodiging, uitnodigingen_beheerd(actor).select_related("meting"), lock=True)
    email = email.strip()
    if not _geldig_adres(email):
        raise MonitorFout(f"'{email}' is geen geldig e-mailadres.")
    uitnodiging.email, uitnodiging.onbestelbaar_op = email, None
    uitnodiging.save(update_fields=["email", "onbestelbaar_op"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=uitnodiging.meting,
        object_repr=f"contactadres {uitnodiging.organisatie_code}",
    )


@schrijfdienst
def uitnodigingen_versturen(*, meting: Meting, actor) -> int:
    """Queue the invitation mail for everyone with an address who has not had one yet."""
    meting = eigen(meting, metingen_beheerd(actor), lock=True)
    if not meting.is_open():
        raise MonitorFout(
            "De meting is niet open: verstuur de uitnodigingen als de periode begonnen is (de links werken alleen dan)."
        )
    te_sturen = list(
        Uitnodiging.objects.filter(
            meting=meting, uitgenodigd_op__isnull=True, onbestelbaar_op__isnull=True, afgemeld_op__isnull=True
        ).exclude(email="")
    )
    nu = timezone.now()
    Uitnodiging.objects.filter(pk__in=[u.pk for u in te_sturen]).update(uitgenodigd_op=nu)
    for u in te_sturen:
        transaction.on_commit(lambda pk=u.pk: uitnodiging_mailen.enqueue(pk, "uitnodiging"))
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=meting,
        object_repr=f"uitnodigingen verstuurd {meting.code}",
        details={"aantal": len(te_sturen)},
    )
    return len(te_sturen)


@schrijfdienst
def herinneringen_versturen(*, actor, now=None) -> int:
    """For every open wave: remind who was invited, has not submitted, is not marked bounced
    or opted out, after the wave's interval and at most its maximum number of times. The
    planner's round (SYSTEEM) or an analist."""
    vereis_beheer(actor)
    now = now or timezone.now()
    aantal = 0
    per_meting: dict[str, int] = {}
    for meting in metingen_beheerd(actor).filter(gesloten=False, open_van__isnull=False):
        if not meting.is_open(timezone.localdate(now)):
            continue
        grens = now - timedelta(days=meting.herinnering_na_dagen)
        laatst = Q(herinnerd_op__isnull=True, uitgenodigd_op__lte=grens) | Q(herinnerd_op__lte=grens)
        kandidaten = (
            Uitnodiging.objects.filter(
                meting=meting,
                uitgenodigd_op__isnull=False,
                onbestelbaar_op__isnull=True,
                afgemeld_op__isnull=True,
                herinneringen__lt=meting.max_herinneringen,
            )
            .filter(laatst)
            .exclude(email="")
            .exclude(inzending__ingediend_op__isnull=False)
        )
        beantwoord = _ingediend(meting)
        for u in kandidaten:
            if (u.vragenlijst_id, u.organisatie_code) in beantwoord:
                continue
            Uitnodiging.objects.filter(pk=u.pk).update(herinnerd_op=now, herinneringen=u.herinneringen + 1)
            transaction.on_commit(lambda pk=u.pk: uitnodiging_mailen.enqueue(pk, "herinnering"))
            aantal += 1
            per_meting[meting.code] = per_meting.get(meting.code, 0) + 1
    if aantal:
        audit_log_create(
            actie=Actie.UPDATE,
            actor=actor,
            object_type="monitor.uitnodiging",
            object_repr="herinneringen verstuurd",
            details={"per_meting": per_meting},
        )
    return aantal


@schrijfdienst
def markeren(*, uitnodiging: Uitnodiging, wat: str, actor) -> None:
    """Mark an invitation as bounced ('onbestelbaar'), opted out ('afgemeld') or undo both
    ('herstellen'): the analist's marks. The respondent of the link may only opt out of it."""
    if isinstance(actor, Respondent):
        if wat != "afgemeld":
            raise NietVanU()
        uitnodiging = eigen(uitnodiging, uitnodiging_van_respondent(actor).select_related("meting"), lock=True)
    else:
        uitnodiging = eigen(uitnodiging, uitnodigingen_beheerd(actor).select_related("meting"), lock=True)
    nu = timezone.now()
    if wat == "onbestelbaar":
        uitnodiging.onbestelbaar_op = nu
    elif wat == "afgemeld":
        uitnodiging.afgemeld_op = uitnodiging.afgemeld_op or nu
    elif wat == "herstellen":
        uitnodiging.onbestelbaar_op = uitnodiging.afgemeld_op = None
    else:
        raise MonitorFout("Onbekende markering.")
    uitnodiging.save(update_fields=["onbestelbaar_op", "afgemeld_op"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=uitnodiging.meting,
        object_repr=f"uitnodiging {uitnodiging.organisatie_code}: {wat}",
    )


def uitnodiging_voor_token(token: str) -> Uitnodiging | None:
    """The invitation behind a personal link, or None (also for a forged or revoked link)."""
    pk, _, mac = (token or "").partition(".")
    if not (pk.isascii() and pk.isdigit()) or not mac:  # "²".isdigit() is true, int("²") fails
        return None
    u = Uitnodiging.objects.select_related("meting", "vragenlijst").filter(pk=int(pk)).first()
    return u if u is not None and u.token_klopt(mac) else None


def _ingediend(meting: Meting) -> set[tuple[int, str]]:
    """(questionnaire, organisation) of every submitted submission, whoever made it: by link,
    by import or on behalf of several gemeenten."""
    return set(
        InzendingOrganisatie.objects.filter(inzending__meting=meting, inzending__ingediend_op__isnull=False)
        .values_list("inzending__vragenlijst_id", "code")
        .distinct()
    )


def inzendingstatus(meting: Meting) -> dict[tuple[int, str], str]:
    """(questionnaire, organisation) → "ingediend" / "volledig" / "begonnen", from every raw
    submission, through its organisation rows (:class:`InzendingOrganisatie`)."""
    rang = {"begonnen": 0, "ingediend": 1, "volledig": 2}
    status: dict[tuple[int, str], str] = {}
    for lijst, code, ingediend, volledig in InzendingOrganisatie.objects.filter(inzending__meting=meting).values_list(
        "inzending__vragenlijst_id", "code", "inzending__ingediend_op", "inzending__volledig"
    ):
        nu = "volledig" if ingediend and volledig else "ingediend" if ingediend else "begonnen"
        if rang[nu] > rang.get(status.get((lijst, code), ""), -1):
            status[(lijst, code)] = nu
    return status


@dataclass
class Voortgangsrij:
    groep: str
    uitgenodigd: int = 0
    niet_uitgenodigd: int = 0
    gemaild: int = 0
    gestart: int = 0  # fieldwork: organisations with a submission (raw, as received)
    ingediend: int = 0  # fieldwork: organisations with a submitted submission (raw)
    respons: int = 0  # organisations with a response after cleaning (as the response figures)
    volledig: int = 0  # organisations with a complete response after cleaning (as the response figures)
    onbestelbaar: int = 0
    afgemeld: int = 0


def voortgang(meting: Meting) -> dict[str, list[Voortgangsrij]]:
    """Invited (the same set as the response rate), not invited, mailed, started and submitted
    (the fieldwork, from the submissions as received), and responded and complete (after
    cleaning: the same count as the response figures, :func:`organisatiestatus`), per
    organisation type and per zorg- en veiligheidshuisregio. A submission counts for every
    organisation it was made for, also when it came in by import."""

    info = organisaties(meting.jaar)
    status = inzendingstatus(meting)
    schoon = organisatiestatus(opgeschoond(meting).responsen)
    per_type: dict[str, Voortgangsrij] = {}
    per_regio: dict[str, Voortgangsrij] = {}
    totaal = Voortgangsrij("Totaal")
    for lijst in meting.vragenlijsten.all():
        populatie = organisaties_van_jaar(meting.jaar, lijst.doelgroep)
        uitgenodigd = uitgenodigde_set(meting, lijst, set(populatie))
        rijen = {u.organisatie_code: u for u in Uitnodiging.objects.filter(meting=meting, vragenlijst=lijst)}
        type_ = lijst.get_doelgroep_display()
        for code in sorted(set(populatie) | set(rijen) | uitgenodigd.codes | {c for pk, c in schoon if pk == lijst.pk}):
            u = rijen.get(code)
            st = status.get((lijst.pk, code), "")
            vol = schoon.get((lijst.pk, code))
            regio = getattr(info.get(code), "regio", "onbekend")
            for rij in (
                per_type.setdefault(type_, Voortgangsrij(type_)),
                per_regio.setdefault(regio, Voortgangsrij(regio)),
                totaal,
            ):
                rij.uitgenodigd += code in uitgenodigd.codes
                rij.niet_uitgenodigd += code not in uitgenodigd.codes
                rij.gemaild += bool(u and u.uitgenodigd_op)
                rij.gestart += bool(st)
                rij.ingediend += st in ("ingediend", "volledig")
                rij.respons += vol is not None
                rij.volledig += bool(vol)
                rij.onbestelbaar += bool(u and u.onbestelbaar_op)
                rij.afgemeld += bool(u and u.afgemeld_op)
    return {
        "type": [*sorted(per_type.values(), key=lambda r: r.groep), totaal],
        "regio": sorted(per_regio.values(), key=lambda r: (r.groep == "onbekend", r.groep)),
    }


def status_telling(meting: Meting) -> Counter:
    return Counter(Inzending.objects.filter(meting=meting).values_list("volledig", flat=True))
