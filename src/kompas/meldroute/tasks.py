"""The meldroute's e-mails, run by the task worker. Services enqueue them (on commit); they read
models and selectors and never call a service, so nothing imports back (the periodic work that
does call services is in :mod:`kompas.meldroute.jobs`).

E-mails never contain anything of the signal: only that there is something to look at,
and a link that requires logging in."""

from __future__ import annotations

from django_tasks import task

from kompas.accounts.constants import Rol
from kompas.accounts.selectors import member_emails
from kompas.core.datums import datum
from kompas.core.links import absolute_url
from kompas.core.mail import send_mail
from kompas.meldroute.models import PartnerVerzoek, Signaal
from kompas.meldroute.selectors import achterstanden_per_gemeente


@task()
def nieuw_signaal_melden(signaal_id: int) -> int:
    signaal = Signaal.objects.filter(pk=signaal_id).select_related("gemeente").first()
    if signaal is None:
        return 0
    ontvangers = member_emails(organisatie=signaal.gemeente, rol=Rol.AANDACHTSFUNCTIONARIS)
    if not ontvangers:
        return 0
    onderwerp = "Kompas: nieuw signaal" + (" (acuut)" if signaal.acuut else "")
    tekst = (
        "Er is een nieuw signaal binnengekomen in Kompas.\n\n"
        f"Bekijk het na inloggen: {absolute_url('meldroute:signaal', signaal.pk)}\n\n"
        "Deze e-mail bevat bewust geen inhoud van het signaal."
    )
    return send_mail(onderwerp, tekst, None, ontvangers)


@task()
def terugkoppeling_melden(signaal_id: int) -> int:
    signaal = Signaal.objects.filter(pk=signaal_id).select_related("melder").first()
    if signaal is None or signaal.melder is None or not signaal.melder.is_active:
        return 0
    tekst = (
        "Er is terugkoppeling op een signaal dat u in Kompas heeft gemeld.\n\n"
        f"Lees de terugkoppeling na inloggen: {absolute_url('meldroute:mijn_signaal', signaal.pk)}\n\n"
        "Deze e-mail bevat bewust geen inhoud van het signaal."
    )
    return send_mail("Kompas: terugkoppeling op uw melding", tekst, None, [signaal.melder.email])


@task()
def overzicht_achterstanden() -> int:
    """Weekly digest: per gemeente, how many signals wait longer than their step allows."""
    sent = 0
    for gemeente, aantal in achterstanden_per_gemeente():
        ontvangers = member_emails(organisatie=gemeente, rol=Rol.AANDACHTSFUNCTIONARIS)
        if not ontvangers:
            continue
        tekst = (
            f"In Kompas wachten {aantal} signalen van {gemeente.naam} langer dan de termijn voor hun stap.\n\n"
            f"Bekijk ze na inloggen: {absolute_url('meldroute:inbox', query='?te_laat=1')}\n"
        )
        sent += send_mail("Kompas: signalen die op u wachten", tekst, None, ontvangers)
    return sent


@task()
def partnerverzoek_melden(verzoek_id: int, herinnering: bool) -> int:
    v = PartnerVerzoek.objects.filter(pk=verzoek_id).select_related("partner").first()
    if v is None:
        return 0
    ontvangers = member_emails(organisatie=v.partner)
    if not ontvangers:
        return 0
    onderwerp = ("Herinnering: " if herinnering else "") + "Kompas: verzoek om terugkoppeling"
    tekst = (
        f"Een gemeente vraagt {v.partner.naam} om een korte terugkoppeling in Kompas, graag vóór "
        f"{datum(v.deadline)}.\n\n"
        f"Bekijk en beantwoord het na inloggen: {absolute_url('meldroute:verzoek', v.pk)}\n\n"
        "Deze e-mail bevat bewust geen gegevens over personen."
    )
    return send_mail(onderwerp, tekst, None, ontvangers)
