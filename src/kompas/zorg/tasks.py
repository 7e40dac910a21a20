"""Notifications of zorgcoördinatie, run by the task worker. E-mails never contain anything
of the aanmelding or the traject: only that there is something to look at, and a link that
requires logging in."""

from __future__ import annotations

from django_tasks import task

from kompas.accounts.constants import Rol
from kompas.core.links import absolute_url
from kompas.core.mail import send_mail

PARTNER_ROLLEN = (Rol.CONTACTPERSOON, Rol.PROCESREGISSEUR)


def _adressen(organisatie_id: int, rol: str) -> list[str]:
    from kompas.accounts.models import User

    return list(User.objects.filter(is_active=True, lidmaatschappen__organisatie_id=organisatie_id, lidmaatschappen__rol=rol)
                .values_list("email", flat=True).distinct())


@task()
def nieuwe_aanmelding_melden(aanmelding_id: int) -> int:
    from kompas.zorg.models import Aanmelding

    a = Aanmelding.objects.filter(pk=aanmelding_id).first()
    if a is None:
        return 0
    ontvangers = _adressen(a.zorgorganisatie_id, Rol.ZORGCOORDINATOR)
    if not ontvangers:
        return 0
    tekst = ("Er is een nieuwe aanmelding voor zorgcoördinatie binnengekomen in Kompas.\n\n"
             f"Bekijk en beoordeel haar na inloggen: {absolute_url('zorg:aanmelding', a.pk)}\n\n"
             "Deze e-mail bevat bewust geen inhoud van de aanmelding.")
    return send_mail("Kompas: nieuwe aanmelding zorgcoördinatie" + (" (acuut)" if a.acuut else ""), tekst, None, ontvangers)


@task()
def beoordeling_melden(aanmelding_id: int) -> int:
    """Tell the referrer that their referral was judged (the state is on the signal page)."""
    from kompas.zorg.models import Aanmelding

    a = Aanmelding.objects.filter(pk=aanmelding_id).select_related("door").first()
    if a is None or a.door is None or not a.door.is_active or not a.door.email:
        return 0
    link = absolute_url("meldroute:signaal", a.signaal_id) if a.signaal_id else absolute_url("core:dashboard")
    tekst = ("Uw doorverwijzing naar zorgcoördinatie is beoordeeld.\n\n"
             f"Bekijk de stand na inloggen: {link}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: doorverwijzing beoordeeld", tekst, None, [a.door.email])



def _partner_adressen(organisatie_id: int) -> list[str]:
    from kompas.accounts.models import User

    return list(User.objects.filter(is_active=True, lidmaatschappen__organisatie_id=organisatie_id, lidmaatschappen__rol__in=PARTNER_ROLLEN)
                .values_list("email", flat=True).distinct())


@task()
def nieuwe_zorgactie_melden(actie_id: int) -> int:
    """Tell the care partner that a zorgactie waits for it (no content: that is behind login
    and behind the cliënt's consent)."""
    from kompas.zorg.models import Zorgactie

    actie = Zorgactie.objects.filter(pk=actie_id).only("pk", "partner_id").first()
    ontvangers = _partner_adressen(actie.partner_id) if actie else []
    if not ontvangers:
        return 0
    tekst = ("De zorgcoördinatie heeft een zorgactie bij uw organisatie uitgezet in Kompas.\n\n"
             f"Bekijk haar na inloggen: {absolute_url('zorg:partner_actie', actie.pk)}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: nieuwe zorgactie voor uw organisatie", tekst, None, ontvangers)


@task()
def stille_acties_coordinator(organisatie_id: int, aantal: int) -> int:
    ontvangers = _adressen(organisatie_id, Rol.ZORGCOORDINATOR)
    if not ontvangers:
        return 0
    tekst = (f"{aantal} zorgactie(s) van uw trajecten zijn al een tijd niet bijgewerkt door de zorgpartner.\n\n"
             f"Ze zijn gemarkeerd op uw caseload: {absolute_url('zorg:caseload')}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: zorgacties zonder update", tekst, None, ontvangers)


@task()
def stille_acties_partner(organisatie_id: int, aantal: int) -> int:
    ontvangers = _partner_adressen(organisatie_id)
    if not ontvangers:
        return 0
    tekst = (f"{aantal} zorgactie(s) bij uw organisatie wachten al een tijd op een update voor de zorgcoördinatie.\n\n"
             f"Werk de stand bij na inloggen: {absolute_url('zorg:partner')}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: zorgacties wachten op uw update", tekst, None, ontvangers)


@task()
def b8_herinnering(organisatie_id: int, aantal: int) -> int:
    ontvangers = _adressen(organisatie_id, Rol.ZORGCOORDINATOR)
    if not ontvangers:
        return 0
    tekst = (f"Bij {aantal} traject(en) van uw organisatie eindigt binnenkort de bedenktijd (B8).\n\n"
             f"Ze zijn gemarkeerd op uw caseload: {absolute_url('zorg:caseload')}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: bedenktijd (B8) eindigt binnenkort", tekst, None, ontvangers)


@task()
def zorgoverleg_uitnodiging(overleg_id: int, organisatie_id: int) -> int:
    """Invite an organisation's partner users to a zorgoverleg: a link, no date, no content."""
    from kompas.zorg.models import Zorgoverleg

    if not Zorgoverleg.objects.filter(pk=overleg_id, genodigden=organisatie_id).exists():
        return 0
    ontvangers = _partner_adressen(organisatie_id)
    if not ontvangers:
        return 0
    tekst = ("Uw organisatie is uitgenodigd voor een zorgoverleg in Kompas.\n\n"
             f"Bekijk de uitnodiging na inloggen: {absolute_url('zorg:overleg_partner', overleg_id)}\n\n"
             "Deze e-mail bevat bewust geen inhoud.")
    return send_mail("Kompas: uitnodiging voor een zorgoverleg", tekst, None, ontvangers)
