"""Test settings: fast hashing, in-memory mail, tasks run immediately."""

from kompas.conf.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
KOMPAS_DEMO_ALLOWED = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders here; WhiteNoise serves the collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

KOMPAS_PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="kompas-test-private-"))
SALT_KEY = SALT_KEY or ["test-only-veldsleutel-not-for-production"]  # noqa: F405
KOMPAS_PSEUDONIEM_SLEUTEL = KOMPAS_PSEUDONIEM_SLEUTEL or "test-only-pseudoniem-sleutel"  # noqa: F405

# SQLite: the test database is a file instead of Django's in-memory default, so tests with
# threads (two colleagues saving one survey link at once) meet SQLite's real locking (WAL,
# IMMEDIATE transactions, the busy timeout of conf/base.py) rather than the shared-cache
# "database table is locked" error an in-memory database raises at once. Same speed here.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="kompas-test-db-")) / "test.sqlite3")}  # noqa: F405

# PostgreSQL: a test database need not survive a crash, so a commit does not wait for the disk
# (the browser tests and the tests with threads commit for real).
if DATABASES["default"]["ENGINE"] == POSTGRESQL:  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
