"""Production: refuses to start without a secret key, allowed hosts and a real database."""

from django.core.exceptions import ImproperlyConfigured

from kompas.conf.base import *  # noqa: F403
from kompas.conf.env import config

DEBUG = False

SECURE_SSL_REDIRECT = config(
    "SECURE_SSL_REDIRECT",
    True,
    cast=bool,
    help="Verkeer over http doorsturen naar https (uit als de reverse proxy dat al doet).",
)
if config(
    "SECURE_PROXY_SSL_HEADER", True, cast=bool, help="Vertrouw de header X-Forwarded-Proto van de reverse proxy."
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = config(
    "SECURE_HSTS_SECONDS", 31_536_000, cast=int, help="Looptijd van de HSTS-header in seconden (standaard één jaar)."
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-kompas-sessie"
CSRF_COOKIE_NAME = "__Host-kompas-csrf"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
KOMPAS_DEMO_ALLOWED = False

_missing = [
    name
    for name, value in (
        ("SECRET_KEY", SECRET_KEY),  # noqa: F405
        ("ALLOWED_HOSTS", ALLOWED_HOSTS),  # noqa: F405
        ("KOMPAS_VELDSLEUTEL", SALT_KEY),  # noqa: F405
        ("KOMPAS_PSEUDONIEM_SLEUTEL", KOMPAS_PSEUDONIEM_SLEUTEL),  # noqa: F405
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        "Kompas start niet in productie zonder " + " en ".join(_missing) + " (zie docs/deploy.md)."
    )
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY moet minstens 50 tekens lang zijn.")
if DATABASES["default"]["ENGINE"] != POSTGRESQL:  # noqa: F405
    raise ImproperlyConfigured(
        "Kompas gebruikt in productie PostgreSQL: zet DATABASE_URL=postgres://… (SQLite is alleen voor lokaal gebruik)."
    )
