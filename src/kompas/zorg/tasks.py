"""Notifications of zorgcoördinatie, run by the task worker. E-mails never contain anything
of the aanmelding or the traject: only that there is something to look at, and a link that
requires logging in."""

from __future__ import annotations

from django_tasks import task

from kompas.accounts.constants import Rol
from kompas.accounts.selectors import member_emails
from kompas.core.links import absolute_url
from kompas.core.mail import send_mail
from kompas.zorg.models import Aanmelding, Zorgactie, Zorgoverleg

PARTNER_ROLLEN = (Rol.CONTACTPERSOON, Rol.PROCESREGISSEUR)


def _adressen(organisatie_id: int, rol: str) -> list[str]:
    return member_emails(organisatie=organisatie_id, rol=rol)


def _bericht(
    onderwerp: str,
    aanleiding: str,
    oproep: str,
    link: str,
    ontvangers: list[str],
    slot: str = "Deze e-mail bevat bewust geen inhoud.",
) -> int:
    """Send one content-free notice: what happened, where to look after logging in, and that
    the e-mail deliberately says no more. Nobody to tell: nothing is sent."""
    if not ontvangers:
        return 0
    return send_mail(onderwerp, f"{aanleiding}\n\n{oproep}: {link}\n\n{slot}", None, ontvangers)


@task()
def nieuwe_aanmelding_melden(aanmelding_id: int) -> int:
    a = Aanmelding.objects.filter(pk=aanmelding_id).first()
    if a is None:
        return 0
    return _bericht(
        "Kompas: nieuwe aanmelding zorgcoördinatie" + (" (acuut)" if a.acuut else ""),
        "Er is een nieuwe aanmelding voor zorgcoördinatie binnengekomen in Kompas.",
        "Bekijk en beoordeel haar na inloggen",
        absolute_url("zorg:aanmelding", a.pk),
        _adressen(a.zorgorganisatie_id, Rol.ZORGCOORDINATOR),
        slot="Deze e-mail bevat bewust geen inhoud van de aanmelding.",
    )


@task()
def beoordeling_melden(aanmelding_id: int) -> int:
    """Tell the referrer that their referral was judged (the state is on the signal page, or
    on the referrer's own page of a referral sent through the aanmeldformulier)."""

    a = Aanmelding.objects.filter(pk=aanmelding_id).select_related("door").first()
    if a is None or a.door is None or not a.door.is_active or not a.door.email:
        return 0
    if a.signaal_id:
        link = absolute_url("meldroute:signaal", a.signaal_id)
    elif a.bron == "formulier":  # the referrer's own status page (AanmeldingBron.FORMULIER)
        link = absolute_url("zorg:verwijzing", a.pk)
    else:
        link = absolute_url("core:dashboard")
    return _bericht(
        "Kompas: doorverwijzing beoordeeld",
        "Uw doorverwijzing naar zorgcoördinatie is beoordeeld.",
        "Bekijk de stand na inloggen",
        link,
        [a.door.email],
    )


def _partner_adressen(organisatie_id: int) -> list[str]:
    return member_emails(organisatie=organisatie_id, rol=PARTNER_ROLLEN)


@task()
def nieuwe_zorgactie_melden(actie_id: int) -> int:
    """Tell the care partner that a zorgactie waits for it (no content: that is behind login
    and behind the cliënt's consent)."""

    actie = Zorgactie.objects.filter(pk=actie_id).only("pk", "partner_id").first()
    if actie is None:
        return 0
    return _bericht(
        "Kompas: nieuwe zorgactie voor uw organisatie",
        "De zorgcoördinatie heeft een zorgactie bij uw organisatie uitgezet in Kompas.",
        "Bekijk haar na inloggen",
        absolute_url("zorg:partner_actie", actie.pk),
        _partner_adressen(actie.partner_id),
    )


@task()
def stille_acties_coordinator(organisatie_id: int, aantal: int) -> int:
    return _bericht(
        "Kompas: zorgacties zonder update",
        f"{aantal} zorgactie(s) van uw trajecten zijn al een tijd niet bijgewerkt door de zorgpartner.",
        "Ze zijn gemarkeerd op uw caseload",
        absolute_url("zorg:caseload"),
        _adressen(organisatie_id, Rol.ZORGCOORDINATOR),
    )


@task()
def stille_acties_partner(organisatie_id: int, aantal: int) -> int:
    return _bericht(
        "Kompas: zorgacties wachten op uw update",
        f"{aantal} zorgactie(s) bij uw organisatie wachten al een tijd op een update voor de zorgcoördinatie.",
        "Werk de stand bij na inloggen",
        absolute_url("zorg:partner"),
        _partner_adressen(organisatie_id),
    )


@task()
def b8_herinnering(organisatie_id: int, aantal: int) -> int:
    return _bericht(
        "Kompas: bedenktijd (B8) eindigt binnenkort",
        f"Bij {aantal} traject(en) van uw organisatie eindigt binnenkort de bedenktijd (B8).",
        "Ze zijn gemarkeerd op uw caseload",
        absolute_url("zorg:caseload"),
        _adressen(organisatie_id, Rol.ZORGCOORDINATOR),
    )


@task()
def zorgoverleg_uitnodiging(overleg_id: int, organisatie_id: int) -> int:
    """Invite an organisation's partner users to a zorgoverleg: a link, no date, no content."""

    if not Zorgoverleg.objects.filter(pk=overleg_id, genodigden=organisatie_id).exists():
        return 0
    return _bericht(
        "Kompas: uitnodiging voor een zorgoverleg",
        "Uw organisatie is uitgenodigd voor een zorgoverleg in Kompas.",
        "Bekijk de uitnodiging na inloggen",
        absolute_url("zorg:overleg_partner", overleg_id),
        _partner_adressen(organisatie_id),
    )
