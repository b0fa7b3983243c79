"""Django settings. Development defaults; production values come from the environment.

DATABASE_URL selects the database (SQLite file `db.sqlite3` by default, PostgreSQL through
``postgres://...``). INSPECTORATE_PRODUCTION=1 turns on secure cookies and security headers,
and refuses to start without a real SECRET_KEY. docs/operations.md lists every setting read from the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from inspectorate.operations.secretkey import DEVELOPMENT_SECRET_KEY, refusal, secret_key_problem

# Lets the generic classes django-stubs types (ModelAdmin[User], QuerySet[Inspection]) be subscripted
# at run time as well.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = os.environ.get("INSPECTORATE_PRODUCTION") == "1"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION and (_key_problem := secret_key_problem(SECRET_KEY)):
    raise ImproperlyConfigured(refusal(_key_problem))
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
# Rotating SECRET_KEY: the old key(s), comma-separated, keep sessions and reset links valid meanwhile.
SECRET_KEY_FALLBACKS = [key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key]
DEBUG = not PRODUCTION and os.environ.get("DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "inspectorate.accounts",
    "inspectorate.forces",
    "inspectorate.frameworks",
    "inspectorate.national",
    "inspectorate.inspections",
    "inspectorate.reports",
    "inspectorate.practice",
    "inspectorate.audit",
    "inspectorate.recommendations",
    "inspectorate.moderation",
    "inspectorate.monitoring",
    "inspectorate.public",
    "inspectorate.backups",
    "inspectorate.jobs",
    "inspectorate.operations",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "inspectorate.operations.middleware.RequestIdMiddleware",
    "inspectorate.operations.middleware.RequestBodyLimitMiddleware",
    "inspectorate.operations.middleware.RefuseNulInAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inspectorate.accounts.two_factor.SecondFactorMiddleware",
    "inspectorate.operations.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "inspectorate.middleware.ServiceErrorMiddleware",
]

# Request size. An evidence file (a workspace attachment or a force's evidence) may be up to
# EVIDENCE_UPLOAD_MAX_BYTES; a force response carries up to five. A request whose Content-Length
# is over REQUEST_BODY_MAX_BYTES is refused with 413 before any of it is read; form fields other
# than files may hold DATA_UPLOAD_MAX_MEMORY_SIZE in all.
EVIDENCE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", 5 * EVIDENCE_UPLOAD_MAX_BYTES + 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Content-Security-Policy (django-csp): the site's own scripts, styles and images only; no inline
# script or style (a published report's own stylesheet is served at an address of its own).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Caches: each process's own memory. "report_pages" keeps the page of a published report's version
# as an anonymous reader gets it (reports/views.py), at most 100 of them (some 15 MB), each for an
# hour at most (a force's or programme's name shown around the report may be corrected).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "report_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "report-pages",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
}

# Logging: every line to standard error, with the id of the request being served ("-" outside
# a request). Server errors (django.request) and failed password-reset e-mails
# (django.contrib.auth) are logged at ERROR with their traceback.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "inspectorate.operations.requestid.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "line",
                   "filters": ["request_id"]},
    },
    # Libraries speak only of problems; the project's own loggers and the server's also say what they do.
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "inspectorate": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

ROOT_URLCONF = "inspectorate.urls"
WSGI_APPLICATION = "inspectorate.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "inspectorate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Widgets render through the templates above, so a widget of the project's own (GOV.UK's date
# input) finds its template in inspectorate/templates; Django's come from the django.forms app.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Several users at once: connections are kept between requests (PostgreSQL's cost about 10 ms
# each to open) and checked before reuse. SQLite runs in WAL mode, so readers never wait for the
# writer; every transaction takes the write lock when it begins (BEGIN IMMEDIATE), and a writer
# waits up to DATABASE_BUSY_TIMEOUT seconds for it, instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DATABASE_BUSY_TIMEOUT", "20")),
    })

# Background jobs (docs/jobs.md): django-tasks with its database backend; `inspectorate worker` runs them.
# The tests run tasks at once (tests/conftest.py), except the tests of the job machinery itself.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The project's own static files (the site's stylesheet and script) live outside any app.
# GOV.UK Frontend is served from its npm package (installed by `make frontend`) under static/govuk/.
STATICFILES_DIRS = [
    BASE_DIR / "inspectorate" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves the static files straight from the apps and
# STATICFILES_DIRS, so `make demo` runs with DEBUG off (the project's own 404 and 500 pages)
# without collectstatic; production serves the collected, hashed files (`make serve`).
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)

# Login throttling (django-axes): five failures lock the username from that address for an hour, and
# twenty failures from one address, whatever the usernames, lock that address (a password spray).
AXES_FAILURE_LIMIT = 5
INSPECTORATE_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "inspectorate.accounts.throttling.AddressThrottlingHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "inspectorate@localhost")
SESSION_COOKIE_SAMESITE = "Lax"

# A second factor (TOTP, django-otp) for inspectorate staff: required in production, optional in the
# demo and the tests; INSPECTORATE_REQUIRE_SECOND_FACTOR=1 or 0 overrides either way.
INSPECTORATE_REQUIRE_SECOND_FACTOR = os.environ.get(
    "INSPECTORATE_REQUIRE_SECOND_FACTOR", "1" if PRODUCTION else "0") == "1"
OTP_TOTP_ISSUER = "inspectorate"
CSRF_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    # Behind a proxy that ends TLS and says so in X-Forwarded-Proto (docs/operations.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's probe speaks plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
    CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
