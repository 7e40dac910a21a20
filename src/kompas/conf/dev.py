"""Local development: SQLite, debug pages, e-mail printed on the console, demo allowed."""

from kompas.conf.base import *  # noqa: F403
from kompas.conf.env import config

DEBUG = config("DEBUG", True, cast=bool, help="Debugmodus; alleen voor lokale ontwikkeling.")
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: F405, S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
EMAIL_BACKEND = config(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", help="Django e-mailbackend (standaard SMTP)."
)
KOMPAS_DEMO_ALLOWED = True

# Static files come from the finders here; WhiteNoise serves the collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
SALT_KEY = SALT_KEY or ["dev-only-veldsleutel-not-for-production"]  # noqa: F405
KOMPAS_PSEUDONIEM_SLEUTEL = KOMPAS_PSEUDONIEM_SLEUTEL or "dev-only-pseudoniem-sleutel"  # noqa: F405
