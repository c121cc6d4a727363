"""Django settings for Houqin, read from the environment.

Every value that differs between a developer's laptop and a compound's server comes from an
environment variable; nothing secret is written here. Without ``DATABASE_URL`` the data lives in
a SQLite file under ``HOUQIN_DATA_DIR`` (default ``./var``).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("HOUQIN_DATA_DIR", "var")).resolve()
DEBUG = env_bool("DEBUG", False)
# A fixed development key keeps `make demo` working out of the box; `houqin check --deploy`
# refuses it (see core.checks) so a production server cannot run with it.
DEV_SECRET_KEY = "houqin-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keys for personal data: Fernet key(s) for encryption at rest, and a separate key for the keyed
# hash that matches ID numbers against the blacklist without decrypting anything.
PII_KEYS = env_list("HOUQIN_PII_KEYS")
PII_HASH_KEY = os.environ.get("HOUQIN_PII_HASH_KEY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "auditlog",
    "houqin.core",
    "houqin.approvals",
    "houqin.inspections",
    "houqin.security",
    "houqin.facilities",
    "houqin.meetings",
    "houqin.signage",
    "houqin.quality",
    "houqin.environment",
    "houqin.outreach",
    "houqin.stock",
    "houqin.procurement",
    "houqin.relief",
    "houqin.energy",
    "houqin.team",
    "houqin.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "houqin.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "houqin.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "houqin.core.middleware.CurrentSiteMiddleware",
]

ROOT_URLCONF = "houqin.urls"
WSGI_APPLICATION = "houqin.wsgi.application"

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
                "houqin.core.context_processors.shell",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    # Result sets here are pages and aggregates, never streamed: plain cursors save the
    # DECLARE/FETCH/CLOSE round trips that Django adds around every .iterator() on PostgreSQL.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "houqin.sqlite3",
            # WAL lets the gate keep reading while a write commits; synchronous stays FULL so
            # every commit reaches the disk. IMMEDIATE transactions take the write lock up front,
            # so concurrent writers queue instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "houqin.core.auth.SiteRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "houqin.core.validators.CharacterClassValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after 5 failed logins for 30 minutes (MLPS level 3 practice, DOMAIN.md §8).
AXES_FAILURE_LIMIT = int(os.environ.get("HOUQIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HOUQIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions live in the database so app servers stay stateless; idle ones end after
# HOUQIN_IDLE_MINUTES (default 30).
SESSION_ENGINE = "houqin.core.sessions"
IDLE_TIMEOUT_MINUTES = int(os.environ.get("HOUQIN_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_bool("HOUQIN_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HOUQIN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it; WhiteNoise serves it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("HOUQIN_MEDIA_DIR", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("HOUQIN_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("HOUQIN_ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("HOUQIN_IMPORT_MAX_MB", "10")) * 1024 * 1024
IMPORT_MAX_ROWS = int(os.environ.get("HOUQIN_IMPORT_MAX_ROWS", "20000"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "houqin.core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON only: the browsable renderer draws forms with every site's choices and breaks under
    # the strict CSP; /api/docs/ is the browsable documentation.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "houqin.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "houqin.core.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Houqin API",
    "DESCRIPTION": "Operations platform of a government office compound's logistics bureau.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/favicon.ico",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# Visitors: a stay longer than this is highlighted at the gate; personal data of registrations
# older than the retention period is erased by `houqin purge-visitor-pii`.
VISIT_OVERSTAY_HOURS = int(os.environ.get("HOUQIN_VISIT_OVERSTAY_HOURS", "8"))
VISITOR_PII_RETENTION_DAYS = int(os.environ.get("HOUQIN_VISITOR_RETENTION_DAYS", "180"))

# Who reports in the annual work summary of all sites (default 机关事务管理局).
HOUQIN_INSTALLATION_NAME = os.environ.get("HOUQIN_INSTALLATION_NAME", "")
INVITATION_VALID_DAYS = int(os.environ.get("HOUQIN_INVITATION_VALID_DAYS", "7"))

# Facilities: certificates expiring (and lift inspections falling due) within this many days are
# warned to the facilities managers by `houqin warn-certificates`.
HOUQIN_CERTIFICATE_WARN_DAYS = int(os.environ.get("HOUQIN_CERTIFICATE_WARN_DAYS", "30"))

# Environment: greening contracts ending within this many days are warned to the environment
# managers by `houqin warn-contracts`; a failed cleaning-zone item is to be rectified within
# this many days.
HOUQIN_CONTRACT_WARN_DAYS = int(os.environ.get("HOUQIN_CONTRACT_WARN_DAYS", "60"))
HOUQIN_ZONE_RECTIFY_DAYS = int(os.environ.get("HOUQIN_ZONE_RECTIFY_DAYS", "2"))

# Library: the loan period (moved off rest days), renewals allowed and open loans per reader.
HOUQIN_LIBRARY_LOAN_DAYS = int(os.environ.get("HOUQIN_LIBRARY_LOAN_DAYS", "30"))
HOUQIN_LIBRARY_RENEWALS = int(os.environ.get("HOUQIN_LIBRARY_RENEWALS", "2"))
HOUQIN_LIBRARY_MAX_LOANS = int(os.environ.get("HOUQIN_LIBRARY_MAX_LOANS", "5"))

# Work orders: hours from the report within which the technician must start, by priority; an
# open order older than the overdue days is highlighted; public reports per client per hour.
HOUQIN_WORK_ORDER_RESPONSE_HOURS = {"urgent": 1, "normal": 4, "low": 24}
HOUQIN_WORK_ORDER_OVERDUE_DAYS = int(os.environ.get("HOUQIN_WORK_ORDER_OVERDUE_DAYS", "3"))
HOUQIN_PUBLIC_REPORTS_PER_HOUR = int(os.environ.get("HOUQIN_PUBLIC_REPORTS_PER_HOUR", "5"))
# Reverse proxies whose X-Forwarded-For header is believed (nginx on the same host by default)
HOUQIN_TRUSTED_PROXIES = os.environ.get("HOUQIN_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
# Preventive maintenance: how far ahead tasks are generated
HOUQIN_MAINTENANCE_HORIZON_DAYS = int(os.environ.get("HOUQIN_MAINTENANCE_HORIZON_DAYS", "31"))

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HOUQIN_LOG_LEVEL", "WARNING")},
}

if env_bool("HOUQIN_BENCH"):
    ROOT_URLCONF = "houqin.bench_urls"

# Procurement: the Open Contracting id prefix of this installation's releases (register one with
# the Open Contracting Partnership for real publication; "ocds-" followed by six characters).
HOUQIN_OCID_PREFIX = os.environ.get("HOUQIN_OCID_PREFIX", "ocds-hqin00")
