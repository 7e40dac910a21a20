"""Background work of the monitor that services enqueue: invitation and reminder mails, reports.
It never calls a service; the daily reminder round that does is in :mod:`kompas.monitor.jobs`."""

from __future__ import annotations

from django_tasks import task

from kompas.core.datums import datum
from kompas.core.links import absolute_url
from kompas.core.mail import send_mail
from kompas.monitor.models import Uitnodiging
from kompas.monitor.rapport import rapport_bouwen


@task()
def uitnodiging_mailen(uitnodiging_id: int, soort: str = "uitnodiging") -> int:
    """One invitation or reminder with the organisation's personal link and an opt-out link."""
    u = Uitnodiging.objects.select_related("meting").filter(pk=uitnodiging_id).first()
    if u is None or not u.mag_mail_krijgen or not u.meting.is_open():
        return 0
    einde = f" tot en met {datum(u.meting.open_tot)}" if u.meting.open_tot else ""
    aanhef = "Herinnering: " if soort == "herinnering" else ""
    tekst = (
        f"Beste contactpersoon van {u.organisatie_naam},\n\n"
        f"De VNG vraagt uw organisatie mee te doen aan de {u.meting.naam}. De vragenlijst staat open{einde}.\n"
        f"Met deze persoonlijke link vult u de vragenlijst in voor {u.organisatie_naam}; u kunt tussendoor stoppen "
        "en later verder:\n"
        f"{absolute_url('monitor:invullen', u.token)}\n\n"
        "Deel de link alleen met collega's die namens uw organisatie antwoorden.\n\n"
        f"Geen berichten meer over deze meting ontvangen? {absolute_url('monitor:afmelden', u.token)}\n"
    )
    return send_mail(f"{aanhef}{u.meting.naam}", tekst, None, [u.email])


@task()
def rapport_maken(rapport_id: int) -> str:
    return rapport_bouwen(rapport_id)
