"""One settings module for every deployment, read from environment variables.

Embedded mode (no environment at all) must be safe and work out of the box: SQLite in WAL
mode inside ``FIRSTTOUCH_DATA_DIR`` and a secret key generated once and kept there. Bad values
fail loudly at start-up rather than later, in front of a mother at night.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from firsttouch.core.keyfile import read_or_create

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    """Read a variable, or the contents of the file named by ``NAME_FILE`` (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


DATA_DIR = Path(env("FIRSTTOUCH_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise generate one once and keep it in the data dir."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    return read_or_create(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Serves the API docs' Swagger UI from the package instead of a CDN.
    "ninja",
    # Two-factor authentication for organisation staff (programs/twofactor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "firsttouch.core",
    "firsttouch.accounts",
    "firsttouch.babies",
    "firsttouch.massage",
    "firsttouch.tracking",
    "firsttouch.home",
    "firsttouch.programs",
    # Randomised studies: allocation and analyses (issue 11).
    "firsttouch.studies",
    # Classes (sessions, enrolment, attendance) and NICU home programmes (issue 11).
    "firsttouch.courses",
    "firsttouch.wellbeing",
    "firsttouch.selfcare",
    "firsttouch.lactation",
    "firsttouch.reminders",
    "firsttouch.insights",
    "firsttouch.portability",
    "firsttouch.reports",
    "firsttouch.api",
    # Above the apps: the serve, worker and demo commands.
    "firsttouch.ops",
    # Background work (reminder e-mails): Django's tasks framework backport and its
    # database queue; `firsttouch worker` runs it.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: X-Forwarded-Proto counts only from TRUSTED_PROXIES, before anything asks
    # request.is_secure() (the HTTPS redirect, CSRF).
    "firsttouch.accounts.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "firsttouch.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL characters (400) and bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413), before any view.
    "firsttouch.api.middleware.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The account's own language, when it chose one, wins over the browser's (LocaleMiddleware).
    "firsttouch.accounts.middleware.AccountLanguageMiddleware",
    # request.user.is_verified(): staff pages need a second factor (programs/twofactor.py).
    "django_otp.middleware.OTPMiddleware",
    # Django's MessageMiddleware, skipped for /api/ (it never shows a message).
    "firsttouch.api.middleware.PageMessageMiddleware",
    # Staff sessions end after FIRSTTOUCH_STAFF_IDLE_MINUTES without a request.
    "firsttouch.programs.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "firsttouch.accounts.middleware.FamilyMiddleware",
    # Unknown API routes and wrong methods answer in the API's one error shape.
    "firsttouch.api.middleware.ApiErrorShapeMiddleware",
]

ROOT_URLCONF = "firsttouch.urls"
WSGI_APPLICATION = "firsttouch.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "firsttouch.accounts.context_processors.family",
                "firsttouch.core.context_processors.nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Connections are kept between requests (one per server thread) for both engines: opening one
# costs more than a small query, and for SQLite it also re-runs the PRAGMAs below. The health
# check drops a connection the database server closed (PostgreSQL restarts) before it is used.
_conn_max_age = envint("CONN_MAX_AGE", "600")
_database_url = env("DATABASE_URL")
if _database_url:
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=_conn_max_age, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "firsttouch.core.sqlite",  # SQLite with a fair writer queue
            "NAME": DATA_DIR / "firsttouch.sqlite3",
            "CONN_MAX_AGE": _conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            # Tests use an in-memory database, one per process (so pytest-xdist workers never
            # share a file). Said explicitly: pytest-django only recognises Django's own
            # engine name and would otherwise give each worker an unopenable file name.
            "TEST": {"NAME": ":memory:"},
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids the
                # "database is locked" upgrade deadlock under concurrent writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# --- Log-in throttling (accounts/throttle.py, docs/deploy.md) --------------------------------
# Every way in (log-in page, /admin/login/, POST /auth/token, password-reset requests) counts
# attempts per account and, separately, per address within the window. An address gets many
# more tries than an account: a shared home connection or tablet is one address for a family.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_FAILURE_ADDRESS_LIMIT = envint("LOGIN_FAILURE_ADDRESS_LIMIT", "50")
LOGIN_FAILURE_WINDOW_MINUTES = envint("LOGIN_FAILURE_WINDOW_MINUTES", "15")
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDRs; none
# by default, so a client cannot choose its own address). A bad entry fails at start-up.
try:
    TRUSTED_PROXIES = [
        str(ipaddress.ip_network(p.strip(), strict=False))
        for p in env("TRUSTED_PROXIES").split(",")
        if p.strip()
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", "7")
# Organisation staff (programs): a session that has seen family data ends after this many
# minutes without a request; families' own sessions are not affected.
STAFF_IDLE_MINUTES = envint("FIRSTTOUCH_STAFF_IDLE_MINUTES", "30")
# The name an authenticator app shows beside the staff member's TOTP code.
OTP_TOTP_ISSUER = "firsttouch"

# EPDS screening bands (Levis et al. 2020, levis-2020): a clinic may choose 10, 11 or 13 for
# "possible".
EPDS_POSSIBLE_THRESHOLD = envint("EPDS_POSSIBLE_THRESHOLD", "10")
EPDS_PROBABLE_THRESHOLD = envint("EPDS_PROBABLE_THRESHOLD", "13")
EPDS_ANXIETY_THRESHOLD = envint("EPDS_ANXIETY_THRESHOLD", "5")  # EPDS-3A, items 3-5
# "Several" symptoms in a week suggest an EPDS (the published self-care lists, piri). How many
# is a product default, not a clinical cut-off: distinct symptoms in 7 days.
SELFCARE_SYMPTOMS_SUGGEST_EPDS = envint("SELFCARE_SYMPTOMS_SUGGEST_EPDS", "3")

# Importing from Baby Buddy makes the server fetch an address a family member types. Refusing
# loopback, private, link-local and other non-public addresses by default keeps anyone from
# making the server reach its own internal network (SSRF). A household that runs firsttouch
# and Baby Buddy on its own network turns this on (docs/import.md).
IMPORT_ALLOW_PRIVATE_ADDRESSES = envbool("FIRSTTOUCH_IMPORT_ALLOW_PRIVATE_ADDRESSES", "false")

# The fast path (core/prepared.py, docs/decisions/0003-fast-path.md): hot queries run SQL
# compiled once. False makes every use run the ORM instead: same answers, more CPU per
# request; the switch to pull if a Django upgrade ever makes a prepared query disagree.
FAST_PATH = envbool("FIRSTTOUCH_FAST_PATH", "true")

# Uploaded Baby Buddy CSV imports (portability/csv_upload.py, docs/import.md). A real export
# unpacks to a few MB and compresses about 5-20:1; these caps refuse zip bombs and uploads that
# would tie the server up (413), whatever the ZIP's headers claim.
IMPORT_MAX_UNPACKED_BYTES = envint("FIRSTTOUCH_IMPORT_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024))
IMPORT_MAX_COMPRESSION_RATIO = envint("FIRSTTOUCH_IMPORT_MAX_COMPRESSION_RATIO", "100")
IMPORT_MAX_ROWS = envint("FIRSTTOUCH_IMPORT_MAX_ROWS", "200000")
# One import step imports at most this many rows, in one write transaction that also stops
# after IMPORT_STEP_MILLISECONDS: another family's write waits at most about that long.
IMPORT_STEP_ROWS = envint("FIRSTTOUCH_IMPORT_STEP_ROWS", "500")
IMPORT_STEP_MILLISECONDS = envint("FIRSTTOUCH_IMPORT_STEP_MILLISECONDS", "30")

SESSION_COOKIE_AGE = 60 * 60 * 24 * 60  # two months: parents should not re-log at 3 a.m.
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- E-mail ---------------------------------------------------------------------------------
# Mails hold password-reset links, so by default they are written to files under the data
# directory (readable only by the server's user), never to the console or the log. Set
# EMAIL_BACKEND to django.core.mail.backends.smtp.EmailBackend to send them, or to
# django.core.mail.backends.console.EmailBackend to print them while developing (docs/deploy.md).
EMAIL_BACKEND = env("EMAIL_BACKEND", "firsttouch.accounts.mail.PrivateFileEmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "firsttouch <noreply@localhost>")

# --- Web Push (reminders on a phone's lock screen) ----------------------------------------------
# Every push is signed with the server's VAPID key: generated once into the data directory the
# first time it is needed (like the secret key), or given as PEM text in WEB_PUSH_PRIVATE_KEY
# (WEB_PUSH_PRIVATE_KEY_FILE also works). Changing it orphans every device's subscription.
# WEB_PUSH_SUBJECT is the contact the push services may write to about this server (a mailto:
# or https: address); by default the address reminder e-mails are sent from.
WEB_PUSH_PRIVATE_KEY = env("WEB_PUSH_PRIVATE_KEY")
WEB_PUSH_SUBJECT = env("WEB_PUSH_SUBJECT")
if WEB_PUSH_SUBJECT and not WEB_PUSH_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        f"WEB_PUSH_SUBJECT must start with mailto: or https://, not {WEB_PUSH_SUBJECT!r}."
    )
WEB_PUSH_TIMEOUT_SECONDS = envint("WEB_PUSH_TIMEOUT_SECONDS", "10")
# Push services speak HTTPS only; the tests' stand-in push service speaks plain HTTP.
WEB_PUSH_ALLOW_HTTP = False

# --- Background tasks -----------------------------------------------------------------------
# Tasks are rows in the database; `firsttouch worker` runs them (and enqueues the reminder
# sweep every few minutes). Nothing else to operate: no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("es", "Español"), ("fr", "Français")]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the package (no collectstatic needed in embedded mode).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Security headers (docs/deploy.md, "Production settings") ---------------------------------
# Behind HTTPS (SECURE_COOKIES=true) the browser is told to use HTTPS only, and plain HTTP is
# redirected. HSTS is a promise the browser keeps for its whole duration, so the default is a
# day: raise FIRSTTOUCH_HSTS_SECONDS (e.g. 31536000, a year) once HTTPS is known to work.
# A proxy that terminates TLS and redirects itself may turn the redirect off.
if SESSION_COOKIE_SECURE:
    SECURE_HSTS_SECONDS = envint("FIRSTTOUCH_HSTS_SECONDS", "86400")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("FIRSTTOUCH_HSTS_INCLUDE_SUBDOMAINS", "false")
    SECURE_HSTS_PRELOAD = envbool("FIRSTTOUCH_HSTS_PRELOAD", "false")
    SECURE_SSL_REDIRECT = envbool("FIRSTTOUCH_SSL_REDIRECT", "true")
# Preloading is a request to browser vendors (hstspreload.org) that takes months to undo: the
# operator opts in with FIRSTTOUCH_HSTS_PRELOAD=true, and `check --deploy` does not nag.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The TLS-terminating proxy says the request came over HTTPS (only set it behind such a proxy).
# The header is believed only from TRUSTED_PROXIES (accounts.middleware.TrustedProxyMiddleware).
if envbool("FIRSTTOUCH_PROXY_SSL_HEADER", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every page and API answer carries this policy (firsttouch.core.csp): scripts and styles only
# from our own files, so injected markup cannot run script. Inline `<script>`, `on...=`
# handlers and `style=` attributes are therefore not used anywhere; tests/browser/test_csp.py
# visits every page (signed out, signed in, the admin) and fails on any violation.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
