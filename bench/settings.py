"""Settings for benchmarks: production-like (DEBUG off, real template caching, WhiteNoise),
plain http on 127.0.0.1, and a bare view to compare against."""

from kompas.conf.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
KOMPAS_DEMO_ALLOWED = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# zorgcoördinatie's field encryption and pseudonym keys (the demo writes encrypted client data)
SALT_KEY = SALT_KEY or ["bench-only-veldsleutel"]  # noqa: F405
KOMPAS_PSEUDONIEM_SLEUTEL = KOMPAS_PSEUDONIEM_SLEUTEL or "bench-only-pseudoniem-sleutel"  # noqa: F405
