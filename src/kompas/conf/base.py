"""Settings shared by every environment. Environment-specific files only override.

Every environment variable is read through :func:`kompas.conf.env.config`, which documents it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from kompas.conf.env import config

SRC_DIR = Path(__file__).resolve().parents[1]  # src/kompas
BASE_DIR = SRC_DIR.parents[1]  # repository root
VAR_DIR = Path(
    config(
        "KOMPAS_VAR_DIR",
        str(BASE_DIR / "var"),
        help="Map voor de SQLite-database, bijlagen en andere lokale bestanden.",
    )
)
NODE_MODULES = Path(
    config(
        "KOMPAS_NODE_MODULES",
        str(BASE_DIR / "node_modules"),
        help="Map met de door npm geïnstalleerde front-endpakketten (NL Design System, htmx).",
    )
)

SECRET_KEY = config(
    "SECRET_KEY",
    None,
    help="Geheime sleutel van Django; verplicht in productie (minstens 50 tekens, willekeurig).",
    required_in_production=True,
)
DEBUG = False
ALLOWED_HOSTS: list[str] = config(
    "ALLOWED_HOSTS",
    [],
    cast="list",
    help="Komma-gescheiden hostnamen waaronder Kompas bereikbaar is; verplicht in productie.",
    required_in_production=True,
)
CSRF_TRUSTED_ORIGINS: list[str] = config(
    "CSRF_TRUSTED_ORIGINS",
    [],
    cast="list",
    help=(
        "Komma-gescheiden origins (https://kompas.example.nl) die formulieren mogen posten, nodig achter een "
        "reverse proxy."
    ),
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # Kompas apps, one per domain
    "kompas.core",
    "kompas.audit",
    "kompas.accounts",
    "kompas.regio",
    "kompas.meldroute",
    "kompas.monitor",
    "kompas.kennisbank",
    "kompas.zelfscan",
    "kompas.zorg",
    "kompas.demo",  # top layer: `kompas demo` and `kompas demo_code` (they refuse production settings)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kompas.core.middleware.SessionIdleMiddleware",
    "kompas.core.middleware.VerbindingHerstelMiddleware",  # retries a request whose connection dropped
    "kompas.core.verzoekgeheugen.VerzoekgeheugenMiddleware",  # values read once per GET (a retry starts afresh)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kompas.accounts.authcache.CachedOTPMiddleware",
    "kompas.accounts.middleware.TwoFactorMiddleware",
    "kompas.accounts.middleware.ActiveOrganisationMiddleware",
    "kompas.core.middleware.GeenOpslagMiddleware",  # pages of a logged-in user: Cache-Control no-store
    "django.contrib.messages.middleware.MessageMiddleware",
    "kompas.core.middleware.WeigeringMiddleware",  # a refused POST goes back with its message
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kompas.urls"
WSGI_APPLICATION = "kompas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kompas.core.context_processors.shell",
            ],
        },
    }
]

# Django's form renderer with the common widgets written out in Python (same HTML, faster).
FORM_RENDERER = "kompas.core.widgets.WidgetRenderer"

DATABASE_URL = config(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'kompas.sqlite3'}",
    help=(
        "Database als URL: postgres://gebruiker:wachtwoord@host:5432/naam. Standaard een SQLite-bestand in "
        "KOMPAS_VAR_DIR (alleen voor lokaal gebruik)."
    ),
    required_in_production=True,
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=config(
            "DB_CONN_MAX_AGE", 60, cast=int, help="Seconden dat een databaseverbinding hergebruikt wordt."
        ),
    )
}
# A reused connection is checked before the first query of a request, so a database restart
# or a terminated backend costs a reconnect instead of an HTTP 500 (issue 12 item 2); on
# PostgreSQL not when it answered a request less than a second ago (kompas.core.postgresql).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
POSTGRESQL = "kompas.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = POSTGRESQL
    # psycopg prepares a statement bound on the server once it ran this often on a connection;
    # only kompas.core.postgresql.voorbereide_cursor binds on the server (the audit record)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kompas.accounts.backends.UsernameOrEmailBackend",
    # An organisation's own OpenID Connect provider (accounts/oidc.py); configured per
    # organisation in Kompas (accounts.IdentiteitsProvider), not here.
    "kompas.accounts.oidc.OrganisatieOIDCBackend",
]
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_TIMEOUT = config(
    "OIDC_TIMEOUT",
    10,
    cast=int,
    help="Seconden dat Kompas wacht op de identiteitsprovider van een organisatie (discovery, token, sleutels).",
)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after inactivity: kompas.core.middleware.SessionIdleMiddleware renews the
# expiry at most once a minute while the user is active; idle time lets it expire.
SESSION_COOKIE_AGE = config(
    "SESSION_IDLE_SECONDS",
    30 * 60,
    cast=int,
    help="Seconden zonder activiteit waarna een sessie verloopt (standaard 1800).",
)
SESSION_RENEW_AFTER_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions live in the database only. A cache in front of them ("cached_db") would be each
# gunicorn worker's own memory here (Kompas has no shared cache): a logout, an organisation
# switch or a verified second factor handled by one worker would stay unseen by the others,
# which kept serving the old session. kompas.core.sessies is Django's database store that
# reads the version of the domain data along with the session (one query less per page).
SESSION_ENGINE = "kompas.core.sessies"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kompas",
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kompas.core.views.csrf_mislukt"  # Dutch, in the shell, keeps the way back

# Two-factor authentication (django-otp) and lockout (django-axes)
OTP_TOTP_ISSUER = "Kompas"
AXES_FAILURE_LIMIT = config(
    "AXES_FAILURE_LIMIT",
    5,
    cast=int,
    help="Aantal mislukte inlogpogingen waarna een account, en apart een IP-adres, tijdelijk geblokkeerd wordt.",
)
AXES_COOLOFF_TIME = timedelta(
    minutes=config(
        "AXES_COOLOFF_MINUTES", 30, cast=int, help="Minuten dat een blokkade na te veel mislukte pogingen duurt."
    )
)
# Counted per account (username, e-mail address and any spelling are one key, see
# accounts/backends.py:axes_username) and, separately, per IP address: either one locks.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kompas.accounts.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kompas.accounts.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = (
    config(
        "PROXY_COUNT",
        0,
        cast=int,
        help="Aantal vertrouwde reverse proxies voor het bepalen van het IP-adres van de bezoeker (0 = direct).",
    )
    or None
)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]
# One date convention for every page and output: conf/formats/nl/formats.py.
FORMAT_MODULE_PATH = ["kompas.conf.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("nlds/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("nlds/tokens", NODE_MODULES / "@rijkshuisstijl-community" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = config(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", help="Django e-mailbackend (standaard SMTP)."
)
EMAIL_HOST = config("EMAIL_HOST", "localhost", help="SMTP-server voor uitgaande e-mail.")
EMAIL_PORT = config("EMAIL_PORT", 25, cast=int, help="Poort van de SMTP-server.")
EMAIL_HOST_USER = config("EMAIL_HOST_USER", "", help="Gebruikersnaam voor de SMTP-server.")
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", "", help="Wachtwoord voor de SMTP-server.")
EMAIL_USE_TLS = config("EMAIL_USE_TLS", False, cast=bool, help="STARTTLS gebruiken voor SMTP.")
DEFAULT_FROM_EMAIL = config(
    "DEFAULT_FROM_EMAIL", "Kompas <noreply@kompas.localhost>", help="Afzender van e-mails van Kompas."
)

# Background work: Django Tasks API (backport) with the database backend; no broker needed.
TASKS = {
    "default": {
        "BACKEND": config(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            help="Backend van de Django Tasks API; standaard de database (werker: kompas werker).",
        ),
        "QUEUES": ["default"],
    }
}

# Security headers that hold in every environment; production tightens transport security.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["kompas.core.drf.PolicyPermission"],  # deny unless a view declares its policy
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kompas.core.api_fouten.exception_handler",  # refusals translated in one place
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kompas API",
    "DESCRIPTION": "API van Kompas (meldroute: signalen en cijfers). Zelfde rechten als de schermen; inloggen met "
    "wachtwoord en tweestapsverificatie via Kompas (sessie).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # zorgcoördinatie has its own list of forms and phases beside the meldroute's
    "ENUM_NAME_OVERRIDES": {
        "VormenEnum": "kompas.meldroute.constants.Vorm",
        "ZorgVormEnum": "kompas.zorg.constants.Vorm",
        "ZorgFaseEnum": "kompas.zorg.constants.Fase",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"weigering": {"()": "kompas.core.logfilters.GeenTracebackBijWeigering"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["weigering"]}},
    "root": {
        "handlers": ["console"],
        "level": config("LOG_LEVEL", "INFO", help="Logniveau (DEBUG, INFO, WARNING, ERROR)."),
    },
    # PDF rendering logs every layout step and font subset at INFO; only problems matter.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}

# Kompas-specific
KOMPAS_DEMO_ALLOWED = False
# Files with personal data (attachments of signals): outside any public path, served only
# through permission-checked views.
KOMPAS_PRIVATE_DIR = VAR_DIR / "private"
KOMPAS_BIJLAGE_MAX_BYTES = (
    config("KOMPAS_BIJLAGE_MAX_MB", 10, cast=int, help="Maximale grootte van een bijlage bij een signaal, in MB.")
    * 1024
    * 1024
)
KOMPAS_MAX_UPLOAD_BYTES = (
    config(
        "KOMPAS_MAX_UPLOAD_MB", 20, cast=int, help="Maximale grootte van een ingelezen bestand (monitor, regio), in MB."
    )
    * 1024
    * 1024
)
KOMPAS_MONITOR_MAX_TEKENS = config(
    "KOMPAS_MONITOR_MAX_TEKENS",
    5000,
    cast=int,
    help="Maximaal aantal tekens van één open antwoord in een monitorvragenlijst (persoonlijke link).",
)
KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN = config(
    "KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN",
    60,
    cast=int,
    help=(
        "Maanden dat een regel van het auditlog bewaard blijft; daarna verwijdert de planner hem (standaard 60, "
        "zie docs/audit.md)."
    ),
)
KOMPAS_BASE_URL = config(
    "KOMPAS_BASE_URL",
    "http://127.0.0.1:8000",
    help="Adres waaronder Kompas bereikbaar is; gebruikt in links in e-mails.",
)
KOMPAS_CURRENT_YEAR = config(
    "KOMPAS_REFERENCE_YEAR",
    2026,
    cast=int,
    help="Het jaar van de gemeentelijke indeling dat Kompas als 'huidig' gebruikt.",
)

# Zorgcoördinatie: identifying data of victims are encrypted per field (django-fernet-encrypted-fields
# derives the Fernet key from SECRET_KEY and this salt); the CoMensha pseudonym is a keyed HMAC.
# Both are required in production; dev and test settings set their own non-secret defaults.
SALT_KEY: list[str] | None = config(
    "KOMPAS_VELDSLEUTEL",
    None,
    cast="list",
    required_in_production=True,
    help=(
        "Sleutel (zout) voor de versleuteling van identificerende cliëntgegevens; komma-gescheiden bij rotatie, "
        "nieuwste eerst."
    ),
)
KOMPAS_PSEUDONIEM_SLEUTEL: str | None = config(
    "KOMPAS_PSEUDONIEM_SLEUTEL",
    None,
    required_in_production=True,
    help="Geheime sleutel voor het vaste pseudoniem (HMAC) in de CoMensha-rapportage.",
)
