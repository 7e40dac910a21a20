"""Invitations of a wave: who is asked, their contact address, the personal link, the
mails (through the task worker), bounce and opt-out marks and the progress figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.core.tabular import decode_text, read_csv
from kompas.monitor.models import Inzending, Meting, Uitnodiging, Vragenlijst
from kompas.monitor.services import MonitorFout
from kompas.monitor.tasks import uitnodiging_mailen


def _geldig_adres(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def uitnodigingen_aanmaken(*, meting: Meting, actor=None) -> int:
    """Invite every gemeente of the wave's year and every zorg- en veiligheidshuis (per the
    questionnaires of the wave). Idempotent; returns the number of new invitations."""
    from kompas.regio.models import Gemeente, Indeling, Regio

    bestaand = set(Uitnodiging.objects.filter(meting=meting).values_list("vragenlijst_id", "organisatie_code"))
    nieuw = []
    for lijst in meting.vragenlijsten.all():
        if lijst.doelgroep == Vragenlijst.Doelgroep.GEMEENTE:
            orgs = Gemeente.objects.filter(jaar=meting.jaar).values_list("cbs_code", "naam")
        else:
            orgs = Regio.objects.filter(indeling=Indeling.ZVH).values_list("code", "naam")
        nieuw += [Uitnodiging(meting=meting, vragenlijst=lijst, organisatie_code=c, organisatie_naam=n)
                  for c, n in orgs if (lijst.pk, c) not in bestaand]
    if not nieuw:
        return 0
    with transaction.atomic():
        Uitnodiging.objects.bulk_create(nieuw)
        audit_log_create(actie=Actie.CREATE, actor=actor, obj=meting, object_repr=f"uitnodigingen {meting.code}", details={"nieuw": len(nieuw)})
    return len(nieuw)


@dataclass
class ContactVerslag:
    rijen: int = 0
    bijgewerkt: int = 0
    fouten: list[tuple[int, str]] | None = None

    def regels(self) -> list[str]:
        out = [f"{self.rijen} rijen, {self.bijgewerkt} adressen bijgewerkt, {len(self.fouten or [])} niet verwerkt."]
        return out + [f"  rij {r}: {reden}" for r, reden in self.fouten or []]


def contacten_importeren(*, meting: Meting, inhoud: bytes, actor=None) -> ContactVerslag:
    """CSV with columns ``organisatie`` and ``email``: sets the contact address of each invitation."""
    tekst = decode_text(inhoud)
    rijen = read_csv(tekst) if tekst is not None else None
    if not rijen:
        raise MonitorFout("Het bestand is leeg of geen leesbare CSV.")
    if not {"organisatie", "email"} <= set(rijen[0]):
        raise MonitorFout("Kolom(men) ontbreken: verwacht 'organisatie' en 'email'.")
    per_code = defaultdict(list)
    for u in Uitnodiging.objects.filter(meting=meting):
        per_code[u.organisatie_code].append(u)
    verslag = ContactVerslag(rijen=len(rijen), fouten=[])
    gewijzigd = []
    for nummer, rij in enumerate(rijen, start=2):
        code, email = rij["organisatie"].strip().upper(), rij["email"].strip()
        if code not in per_code:
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
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=meting, object_repr=f"contactadressen {meting.code}", details={"bijgewerkt": len(gewijzigd)})
    return verslag


def uitnodigingen_versturen(*, meting: Meting, actor=None) -> int:
    """Queue the invitation mail for everyone with an address who has not had one yet."""
    if not meting.is_open():
        raise MonitorFout("De meting is niet open: verstuur de uitnodigingen als de periode begonnen is (de links werken alleen dan).")
    te_sturen = list(Uitnodiging.objects.filter(meting=meting, uitgenodigd_op__isnull=True, onbestelbaar_op__isnull=True,
                                                afgemeld_op__isnull=True).exclude(email=""))
    nu = timezone.now()
    with transaction.atomic():
        Uitnodiging.objects.filter(pk__in=[u.pk for u in te_sturen]).update(uitgenodigd_op=nu)
        for u in te_sturen:
            transaction.on_commit(lambda pk=u.pk: uitnodiging_mailen.enqueue(pk, "uitnodiging"))
        audit_log_create(actie=Actie.UPDATE, actor=actor, obj=meting, object_repr=f"uitnodigingen verstuurd {meting.code}", details={"aantal": len(te_sturen)})
    return len(te_sturen)


def herinneringen_versturen(now=None) -> int:
    """For every open wave: remind who was invited, has not submitted, is not marked bounced
    or opted out, after the wave's interval and at most its maximum number of times."""
    now = now or timezone.now()
    aantal = 0
    for meting in Meting.objects.filter(gesloten=False, open_van__isnull=False):
        if not meting.is_open(timezone.localdate(now)):
            continue
        grens = now - timedelta(days=meting.herinnering_na_dagen)
        laatst = Q(herinnerd_op__isnull=True, uitgenodigd_op__lte=grens) | Q(herinnerd_op__lte=grens)
        kandidaten = (Uitnodiging.objects.filter(meting=meting, uitgenodigd_op__isnull=False, onbestelbaar_op__isnull=True,
                                                 afgemeld_op__isnull=True, herinneringen__lt=meting.max_herinneringen)
                      .filter(laatst).exclude(email="").exclude(inzending__ingediend_op__isnull=False))
        for u in kandidaten:
            Uitnodiging.objects.filter(pk=u.pk).update(herinnerd_op=now, herinneringen=u.herinneringen + 1)
            transaction.on_commit(lambda pk=u.pk: uitnodiging_mailen.enqueue(pk, "herinnering"))
            aantal += 1
    return aantal


def markeren(*, uitnodiging: Uitnodiging, wat: str, actor=None) -> None:
    """Mark an invitation as bounced ('onbestelbaar'), opted out ('afgemeld') or undo both ('herstellen')."""
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
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=uitnodiging.meting, object_repr=f"uitnodiging {uitnodiging.organisatie_code}: {wat}")


def uitnodiging_voor_token(token: str) -> Uitnodiging | None:
    """The invitation behind a personal link, or None (also for a forged or revoked link)."""
    pk, _, mac = (token or "").partition(".")
    if not (pk.isascii() and pk.isdigit()) or not mac:  # "²".isdigit() is true, int("²") fails
        return None
    u = Uitnodiging.objects.select_related("meting", "vragenlijst").filter(pk=int(pk)).first()
    return u if u is not None and u.token_klopt(mac) else None


@dataclass
class Voortgangsrij:
    groep: str
    uitgenodigd: int = 0
    gemaild: int = 0
    gestart: int = 0
    ingediend: int = 0
    volledig: int = 0
    onbestelbaar: int = 0
    afgemeld: int = 0


def voortgang(meting: Meting) -> dict[str, list[Voortgangsrij]]:
    """Invited, mailed, started, submitted and complete, per organisation type and per
    zorg- en veiligheidshuisregio."""
    from kompas.monitor.analyse import organisaties

    info = organisaties(meting.jaar)
    inzendingen = {i["uitnodiging_id"]: i for i in Inzending.objects.filter(meting=meting, uitnodiging__isnull=False)
                   .values("uitnodiging_id", "ingediend_op", "volledig")}
    per_type: dict[str, Voortgangsrij] = {}
    per_regio: dict[str, Voortgangsrij] = {}
    totaal = Voortgangsrij("Totaal")
    for u in Uitnodiging.objects.filter(meting=meting).select_related("vragenlijst"):
        inz = inzendingen.get(u.pk)
        regio = getattr(info.get(u.organisatie_code), "regio", "onbekend")
        type_ = u.vragenlijst.get_doelgroep_display()
        for rij in (per_type.setdefault(type_, Voortgangsrij(type_)), per_regio.setdefault(regio, Voortgangsrij(regio)), totaal):
            rij.uitgenodigd += 1
            rij.gemaild += u.uitgenodigd_op is not None
            rij.gestart += inz is not None
            rij.ingediend += bool(inz and inz["ingediend_op"])
            rij.volledig += bool(inz and inz["ingediend_op"] and inz["volledig"])
            rij.onbestelbaar += u.onbestelbaar_op is not None
            rij.afgemeld += u.afgemeld_op is not None
    return {"type": [*sorted(per_type.values(), key=lambda r: r.groep), totaal],
            "regio": sorted(per_regio.values(), key=lambda r: (r.groep == "onbekend", r.groep))}


def status_telling(meting: Meting) -> Counter:
    return Counter(Inzending.objects.filter(meting=meting).values_list("volledig", flat=True))
