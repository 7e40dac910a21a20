"""Notifications of zorgcoördinatie, run by the task worker. E-mails never contain anything
of the aanmelding or the traject: only that there is something to look at, and a link that
requires logging in."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from kompas.accounts.constants import Rol
from kompas.core.links import absolute_url


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

