"""Settings for Trygghetspris, driven by environment variables.

One module for every environment (healthchecks.io style): the defaults suit a
developer's machine with SQLite, and production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and friends. The helpers below fail loudly on values they cannot
read, so a typo in production stops start-up instead of silently falling back.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name?opt=v, or sqlite:////path, into DATABASES."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite" and parts.path:
        # A throw-away SQLite file elsewhere, for trying the demo beside a working copy.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path)}
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be postgres://… or sqlite:////path, got scheme {parts.scheme!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database")
    return {
        # Django's backend with a health check that needs no round trip (its module says how).
        "ENGINE": "trygghetspris.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Reusing connections saves a PostgreSQL connection set-up (several ms) per request.
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
# Production serves over HTTPS behind a proxy; HTTPS=true turns on everything that
# `manage.py check --deploy` asks for. Off by default for local runs and tests.
HTTPS = env_bool("HTTPS", False)
if HTTPS and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when HTTPS is on: the default key is public.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

INSTALLED_APPS = [
    # The admin requires a verified second factor (trygghetspris/admin_site.py).
    "trygghetspris.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # One-time backup codes, for a juror whose phone is lost (jury/devices.py).
    "django_otp.plugins.otp_static",
    "axes",
    # Django's Tasks framework (backported) and its queue in our own database: every
    # e-mail goes through it (nominations/outbox.py), sent by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "nominations",
    "jury",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp, its fixed policy built once per process (trygghetspris/middleware.py).
    "trygghetspris.middleware.FixedPolicyCSPMiddleware",
    # WhiteNoise, without reading STATIC_ROOT when it serves from the finders.
    "trygghetspris.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trygghetspris.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a method the view never takes gets 405, not "form expired".
    "trygghetspris.middleware.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygghetspris.urls"
WSGI_APPLICATION = "trygghetspris.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trygghetspris.context_processors.administration",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The embedded per-process cache is enough for one process; several gunicorn
# workers need a shared one (REDIS_URL) so that the rate limit counts across them.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Another prefix lets two installations (or a test) share one Redis database.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "trygghetspris"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered page fragments that depend only on the code, the language and data named
# in their key (templates' {% cache … using="fragments" %}): kept in each process,
# since a deploy restarts the processes and a network cache would cost a round trip.
# Seconds one process reuses the public pages' current prize year (nominations/views.py).
PUBLIC_YEAR_CACHE_SECONDS = env_int("PUBLIC_YEAR_CACHE_SECONDS", 1)
# Whole public pages for visitors who are not logged in, kept by each process for the
# state of the years they show (nominations/page_cache.py).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Production runs collectstatic and serves its build with STATIC_MANIFEST set, for
# cache-busting names (docs/operations.md, Production; tests/test_production.py runs it so).
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files attached to nominations (nominations/attachments.py): records of the
# authority, never served from a public URL, so never under static/. A folder on
# disk by default; an S3-compatible bucket (the city's object storage) when
# ATTACHMENTS_S3_BUCKET is set. Either way only jury/views.attachment reads them.
ATTACHMENTS_ROOT = Path(env_str("ATTACHMENTS_ROOT", str(BASE_DIR / "uploads")))
ATTACHMENTS_S3_BUCKET = env_str("ATTACHMENTS_S3_BUCKET", "")
if ATTACHMENTS_S3_BUCKET:
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ATTACHMENTS_S3_BUCKET,
            "endpoint_url": env_str("ATTACHMENTS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("ATTACHMENTS_S3_REGION", "") or None,
            "access_key": env_str("ATTACHMENTS_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("ATTACHMENTS_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("ATTACHMENTS_S3_PREFIX", "attachments"),
            # Private objects: the bucket hands nothing out, the application streams.
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
else:
    STORAGES["attachments"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": ATTACHMENTS_ROOT,
            # No URL: nothing may link to the folder directly.
            "base_url": None,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }
# Without a collectstatic run (tests, the local demo) WhiteNoise serves from the finders;
# production serves only the build, so a missing build shows at once, not half-working.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# The fonts in static/fonts/ are for the PDF renderer, which reads them from static/; no
# browser asks for them, and compressing their 8 MB would add seconds to every collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf", "otf"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if HTTPS and EMAIL_BACKEND.endswith("console.EmailBackend"):
    # The console would print nominators' addresses and password links into the logs.
    raise ImproperlyConfigured("Set EMAIL_BACKEND (SMTP) when HTTPS is on.")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Trygghetspriset <trygghetspriset@stockholm.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds the worker waits on a silent mail server before counting the try as failed.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# The task queue lives in the application's database, so a mail is queued in the same
# transaction as what it tells about (nominations/outbox.py); `manage.py db_worker` runs it.
# Two queues, each with a worker of its own (deploy/systemd): the mail, and the jury's
# long documents, so that a receipt never waits behind a dossier being rendered.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "documents"],
    }
}

# Spam protection of the public form: at most this many stored nominations per
# client address within the window of seconds.
NOMINATION_RATE_LIMIT = env_int("NOMINATION_RATE_LIMIT", 10)
NOMINATION_RATE_WINDOW = env_int("NOMINATION_RATE_WINDOW", 3600)
# Bytes of attachments and form data one address may send to the form per window:
# three files of 10 MB are 30 MB, so two full tries fit and a flood does not.
NOMINATION_RATE_BYTES = env_int("NOMINATION_RATE_BYTES", 60 * 1024 * 1024)
# Corrections through the private link, each of which mails the nominator: at most
# this many per link, and per client address, within the window of seconds.
CORRECTION_RATE_PER_LINK = env_int("CORRECTION_RATE_PER_LINK", 5)
CORRECTION_RATE_PER_ADDRESS = env_int("CORRECTION_RATE_PER_ADDRESS", 10)
CORRECTION_RATE_WINDOW = env_int("CORRECTION_RATE_WINDOW", 3600)
# The largest request the nomination form reads at all (bytes). Up to it, a file over
# the form's limits is refused by name and the text typed is kept; a larger request is
# refused unread, with a page that says so. Every other view keeps the small limit below.
NOMINATION_MAX_REQUEST_SIZE = env_int("NOMINATION_MAX_REQUEST_SIZE", 50 * 1024 * 1024)
# Hours a file attached to a form that was refused waits for the form to be sent again;
# `manage.py remove_pending_uploads` removes older ones.
PENDING_UPLOAD_HOURS = env_int("PENDING_UPLOAD_HOURS", 6)
# Days before a jury deadline when the daily reminder job first e-mails those behind.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 3)
# How the public reaches the administration (its e-mail, phone and address), and the
# names of the municipality, administration and body, are the prize owner's data, edited
# in the admin (nominations/models/prizes.py's Owner); ADMINISTRATION_EMAIL, _PHONE and
# _ADDRESS are no longer read (docs/operations.md).
# The prize whose addresses predate several prizes on one installation (/nominera/,
# /tidigare-vinnare/, /jury/<year>/): they redirect to its pages (nominations/prizes.py).
LEGACY_PRIZE_SLUG = env_str("LEGACY_PRIZE_SLUG", "trygghetspriset")
# The licence of the open data about the winners (nominations/open_data.py): CC0 unless
# the city decides another; the name is what the documentation page and the feed say.
OPEN_DATA_LICENSE_URL = env_str(
    "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/publicdomain/zero/1.0/"
)
OPEN_DATA_LICENSE_NAME = env_str("OPEN_DATA_LICENSE_NAME", "CC0 1.0 Universal")
# Behind a reverse proxy the client address is in X-Forwarded-For; trust it only when told.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

LOGIN_URL = "jury:login"
LOGIN_REDIRECT_URL = "jury:home"
LOGOUT_REDIRECT_URL = "nominations:home"

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins and refuses locked-out ones before the real check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The city's identity provider (jury/signin/city.py); it does nothing while OIDC_ISSUER
    # is empty.
    "jury.signin.city.CityBackend",
]

# Sign-in through the city's identity provider, OpenID Connect (jury/signin/city.py):
# off while OIDC_ISSUER is empty. The provider's endpoints come from its discovery
# document (read once per process, at the first provider login) unless set here.
OIDC_ISSUER = env_str("OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("Set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET with OIDC_ISSUER.")
# The claim that carries the e-mail address an account is matched by.
OIDC_EMAIL_CLAIM = env_str("OIDC_EMAIL_CLAIM", "email")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_AUTHENTICATION_CALLBACK_URL = "jury:city_callback"
# PKCE on top of the client secret: a stolen code is useless without this session's verifier.
OIDC_USE_PKCE = True
# Seconds a request to the provider may take before the login is refused.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Lock an account after too many failures from anywhere, and an address trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "jury/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "nominations.throttle.client_address"
AXES_VERBOSE = False

# Sessions end on the server: stored in the database, dropped after two idle hours
# or when the browser closes, and flushed at logout.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"


def _totp_issuer(device) -> str:
    """The name the juror's authenticator app shows: the installation's prize and owner."""
    from nominations.owners import totp_issuer

    return totp_issuer(device)


OTP_TOTP_ISSUER = _totp_issuer

# Security headers. HSTS, secure cookies and the HTTPS redirect follow HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
# The load balancer may probe each machine over plain HTTP (trygghetspris/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# No script, style or font comes from anywhere but our own static files, and no
# inline script runs at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Request size limits: the largest legitimate request without files, a nomination, is
# about 40 kB. The nomination form alone takes files (NOMINATION_MAX_REQUEST_SIZE).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 256 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Logs carry account numbers and paths, never names, e-mail or client addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes masks usernames and addresses; its routine chatter is not needed.
        "axes": {"level": "WARNING"},
        # WeasyPrint's steps, page by page: counted for a render's progress page
        # (jury/documents.py), too many lines for the console.
        "weasyprint.progress": {"level": "INFO", "propagate": False},
    },
}

# The archive package of a closed year (jury/archive/, docs/archive.md): the submission
# agreement (leveransöverenskommelse) with Stadsarkivet, and the year's case in the
# classification scheme (Klassa). Who made the records (the archival creator, the body)
# and who delivers them (the submitter, the administration) are the prize owner's data
# in the admin; ARCHIVE_CREATOR, _CREATOR_ID and _SUBMITTER are no longer read.
ARCHIVE_SUBMISSION_AGREEMENT = env_str("ARCHIVE_SUBMISSION_AGREEMENT", "")
ARCHIVE_CLASSIFICATION = env_str("ARCHIVE_CLASSIFICATION", "")
