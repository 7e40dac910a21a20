"""Links that leave Kompas (in e-mails): absolute, on the configured base address."""

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args, query: str = "") -> str:
    """``absolute_url("meldroute:signaal", 12)`` → ``https://kompas.example/meldroute/signalen/12/``."""
    return settings.KOMPAS_BASE_URL.rstrip("/") + reverse(viewname, args=args) + query
