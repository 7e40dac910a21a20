"""Background tasks of general use, run by the Django Tasks worker (``kompas werker``)."""

from kompas.core.mail import mail_versturen

# The task that sends one e-mail with retries; defined beside the retry logic in core/mail.py.
send_mail = mail_versturen

__all__ = ["send_mail"]
