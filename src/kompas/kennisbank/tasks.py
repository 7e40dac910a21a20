from django.conf import settings
from django.urls import reverse


def link(artikel) -> str:
    return settings.KOMPAS_BASE_URL.rstrip("/") + reverse("kennisbank:artikel", args=[artikel.slug])
