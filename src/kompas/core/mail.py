"""Sending e-mail from background tasks, with retries.

A mail server that is down for a while must not lose messages: a failed send is tried again
by the task :func:`mail_versturen` (also known as ``kompas.core.tasks.send_mail``) after a
growing pause (``PAUZES``). After the last attempt the message is recorded as
:class:`~kompas.core.models.OnbezorgdeMail`, which the functioneel beheerder sees on the users
page.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from kompas.core.herstel import blijvend_gevolg
from kompas.core.models import OnbezorgdeMail

logger = logging.getLogger(__name__)

# Pause before attempt 2, 3, 4 and 5; after the fifth failure the mail counts as undelivered.
PAUZES = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
POGINGEN = len(PAUZES) + 1


def bericht(subject: str, body: str, to: list[str], html_body: str | None = None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message


def versturen(subject: str, body: str, to: list[str], html_body: str | None = None, *, poging: int = 1) -> int:
    """Send now; on failure schedule the next attempt (or record the mail as undelivered).

    Returns the number of messages sent (0 when it failed and will be retried)."""
    # sent (or perhaps half sent) cannot be undone: the task must not run again after a lost connection
    blijvend_gevolg(f"e-mail {subject!r} verstuurd")
    try:
        return bericht(subject, body, to, html_body).send()
    except Exception as exc:  # noqa: BLE001 - SMTP, socket and TLS errors alike: retry later
        fout = f"{type(exc).__name__}: {exc}"
        if poging >= POGINGEN:
            OnbezorgdeMail.objects.create(
                onderwerp=subject[:300], aan=list(to), fout=fout[:2000], pogingen=poging, tijdstip=timezone.now()
            )
            logger.error("E-mail %r aan %s niet bezorgd na %d pogingen: %s", subject, to, poging, fout)
            return 0
        logger.warning(
            "E-mail %r aan %s mislukt (poging %d), opnieuw over %s: %s", subject, to, poging, PAUZES[poging - 1], fout
        )
        _later_opnieuw(subject, body, to, html_body, poging + 1, PAUZES[poging - 1])
        return 0


@task()
def mail_versturen(subject: str, body: str, to: list[str], html_body: str | None = None, poging: int = 1) -> int:
    """Send one e-mail; retried with back-off when the mail server fails.
    Messages never carry personal data of signals or victims, only links."""
    return versturen(subject, body, to, html_body, poging=poging)


def _later_opnieuw(subject, body, to, html_body, poging: int, pauze: timedelta) -> None:
    taak = mail_versturen
    if taak.get_backend().supports_defer:
        taak = taak.using(run_after=timezone.now() + pauze)
    taak.enqueue(subject=subject, body=body, to=list(to), html_body=html_body, poging=poging)


def mail_na_commit(subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    """The one way code outside a task sends an e-mail: :func:`mail_versturen` is put on the queue
    when the surrounding transaction commits, so a rolled-back action mails nobody (outside a
    transaction: at once)."""
    subject, to = str(subject), list(to)
    transaction.on_commit(lambda: mail_versturen.enqueue(subject=subject, body=body, to=to, html_body=html_body))


def send_mail(subject: str, message: str, from_email=None, recipient_list=None, **kwargs) -> int:
    """Drop-in for :func:`django.core.mail.send_mail` inside tasks, with retries."""
    return versturen(subject, message, list(recipient_list or []), kwargs.get("html_message"))
