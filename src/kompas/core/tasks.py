"""Background tasks of general use, run by the Django Tasks worker (``kompas werker``)."""

from django_tasks import task

from kompas.core.mail import versturen


@task()
def send_mail(subject: str, body: str, to: list[str], html_body: str | None = None, poging: int = 1) -> int:
    """Send one e-mail; retried with back-off when the mail server fails (kompas.core.mail).
    Messages never carry personal data of signals or victims, only links."""
    return versturen(subject, body, to, html_body, poging=poging)
