"""Background tasks of general use, run by the Django Tasks worker (``kompas db_worker``)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_mail(subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one e-mail. Messages never carry personal data of signals or victims, only links."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
